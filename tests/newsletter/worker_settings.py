"""Settings for the Celery worker the integration tests and the benchmark start.

The portal's own settings, plus a queue of the test's own (so that no other
worker on the same Redis takes its tasks) and short retry delays.
"""

import os

from portal.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ.get("NEWSLETTER_TEST_QUEUE", "celery")
NEWSLETTER_RETRY_BASE_SECONDS = float(os.environ.get("NEWSLETTER_RETRY_BASE_SECONDS", "0.5"))
NEWSLETTER_RETRY_CAP_SECONDS = 5
NEWSLETTER_SEND_PARALLELISM = int(os.environ.get("NEWSLETTER_SEND_PARALLELISM", "4"))
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405

if os.environ.get("NEWSLETTER_TRACE_FILE"):
    from tests.newsletter import worker_trace

    worker_trace.install(os.environ["NEWSLETTER_TRACE_FILE"])
