"""Running calls in parallel threads for the concurrency tests (PostgreSQL).

Each call runs in its own thread, so on its own database connection; a
barrier releases them together, so that they meet at the row locks.
"""

import threading

from django.core.exceptions import ValidationError
from django.db import connections


def run_in_parallel(calls):
    """Run every call at once; return, call by call, "ok", the refusal's
    messages (a ValidationError), or the repr of any other error."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except ValidationError as error:
            outcomes[index] = " ".join(error.messages)
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes
