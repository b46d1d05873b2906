"""Test settings: the portal's settings with a throw-away secret, an https SITE_URL
and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789abcdef")
# Tests run with DEBUG off, so the portal's settings want an https:// SITE_URL.
os.environ.setdefault("SITE_URL", "https://portal.test")

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
# Crawls and hostile-input loops ask for exports and feeds hundreds of times;
# the throttle tests set the real limits back (tests/portal/test_throttles.py).
PUBLIC_RATE_LIMITS = dict.fromkeys(PUBLIC_RATE_LIMITS, (100000, 60))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Private uploads made by tests go to a throw-away directory, never the project's.
import tempfile  # noqa: E402

STORAGES["private"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="portal-test-private-")  # noqa: F405
# The open-data dump too; built by the tests that ask for it, not on every commit.
OPEN_DATA_ROOT = tempfile.mkdtemp(prefix="portal-test-open-data-")
OPEN_DATA_AUTO_REBUILD = False

# With a real Redis, each pytest-xdist worker gets a database of its own, so
# that one worker clearing its cache (rate-limit tests do) never touches
# another's keys or the Celery broker's database.
if REDIS_URL:  # noqa: F405
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    _base = REDIS_URL.rsplit("/", 1)[0] if REDIS_URL.count("/") > 2 else REDIS_URL  # noqa: F405
    # Two checkouts tested at once on one machine set TEST_REDIS_DB_BASE apart.
    _first_db = int(os.environ.get("TEST_REDIS_DB_BASE", "10"))
    CACHES["default"]["LOCATION"] = f"{_base}/{_first_db + int(_worker or 0)}"  # noqa: F405
