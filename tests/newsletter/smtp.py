"""A real SMTP server on 127.0.0.1 for the newsletter tests and the benchmark (aiosmtpd).

Recipients whose local part starts with "temp-" are refused with 451 the
first `temporary_refusals` times; "perm-" ones always with 550 (both at
RCPT). Messages to "late-" recipients are refused the same way as "temp-"
ones, but in answer to the final dot of DATA, after the whole message.

The handler keeps a timeline (`events`, wall-clock seconds, comparable with the
worker's trace in tests/newsletter/worker_trace.py): for each message, when its
DATA command arrives ("data"), when the whole body has been read ("received")
and when it is accepted and counted ("accepted").
"""

import email
import email.policy
import socket
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

PORTS = range(8025, 8050)


class RecordingHandler:
    def __init__(self, *, temporary_refusals: int = 2, delay: float = 0.0):
        self.temporary_refusals = temporary_refusals
        self.delay = delay
        self.lock = threading.Lock()
        self.messages: list[email.message.EmailMessage] = []
        self.refusals: Counter = Counter()
        self.events: list[tuple[float, str, str]] = []  # (time.time(), event, recipient)

    def record(self, event: str, envelope) -> None:
        now = time.time()
        with self.lock:
            for address in envelope.rcpt_tos:
                self.events.append((now, event, address.lower()))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("perm-"):
            return "550 5.1.1 No such mailbox here"
        if local.startswith("temp-"):
            with self.lock:
                self.refusals[address.lower()] += 1
                if self.refusals[address.lower()] <= self.temporary_refusals:
                    return "451 4.7.1 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.record("received", envelope)
        late = [a.lower() for a in envelope.rcpt_tos if a.lower().startswith("late-")]
        if late:
            with self.lock:
                self.refusals[late[0]] += 1
                if self.refusals[late[0]] <= self.temporary_refusals:
                    return "451 4.3.0 Try again later"
        if self.delay:
            time.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        self.record("accepted", envelope)
        return "250 Message accepted for delivery"

    def received_by(self) -> Counter:
        with self.lock:
            return Counter(str(message["To"]).lower() for message in self.messages)


class RecordingSMTP(SMTP):
    """aiosmtpd's server, telling the handler when a DATA command starts."""

    async def smtp_DATA(self, arg: str) -> None:
        if self.envelope.rcpt_tos and hasattr(self.event_handler, "record"):
            self.event_handler.record("data", self.envelope)
        await super().smtp_DATA(arg)


class RecordingController(Controller):
    def factory(self):
        return RecordingSMTP(self.handler, **self.SMTP_kwargs)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port between 8025 and 8049 for the test SMTP server.")


def start_server(handler: RecordingHandler) -> tuple[Controller, int]:
    for _attempt in range(5):
        port = _free_port()
        controller = RecordingController(handler, hostname="127.0.0.1", port=port)
        try:
            controller.start()
        except (OSError, RuntimeError):
            continue
        return controller, port
    raise RuntimeError("Could not start the test SMTP server.")
