"""A timeline of the worker's sending, for the integration tests (NEWSLETTER_TRACE_FILE).

The drain calls Sender.finish() right after the COMMIT that marks the row
sent has been written to the database (in a worker, its answer is read
after finish(); see delivery._send_batch), and finish() reads the server's
answer to the final dot. Wrapping it gives, per message, when its row's
COMMIT was on its way ("committed") and when the worker had the server's
answer ("answered"), as
JSON lines of wall-clock seconds, comparable with the test SMTP server's
timeline (tests/newsletter/smtp.py). Test-only: worker_settings installs it
when the variable is set; the portal's code is not changed.
"""

import json
import os
import time

from celery.signals import worker_process_init


def _write(path: str, event: str, address: str) -> None:
    line = json.dumps({"t": time.time(), "event": event, "to": address, "pid": os.getpid()})
    with open(path, "a", encoding="utf-8") as trace:  # one short append per line
        trace.write(line + "\n")


def install(path: str) -> None:
    @worker_process_init.connect(weak=False)
    def _wrap_finish(**kwargs):
        from newsletter.delivery import Sender  # late: apps are ready only here

        original = Sender.finish

        def finish(self):
            message = self._pending_message
            address = message.to[0].lower() if message is not None else ""
            _write(path, "committed", address)
            try:
                return original(self)
            finally:
                _write(path, "answered", address)

        Sender.finish = finish


def read(path) -> list[tuple[float, str, str]]:
    try:
        with open(path, encoding="utf-8") as trace:
            rows = [json.loads(line) for line in trace if line.strip()]
    except FileNotFoundError:
        return []
    return [(row["t"], row["event"], row["to"]) for row in rows]
