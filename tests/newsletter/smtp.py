"""A real SMTP server on 127.0.0.1 for the newsletter tests and the benchmark (aiosmtpd).

Recipients whose local part starts with "temp-" are refused with 451 the
first `temporary_refusals` times; "perm-" ones always with 550.
"""

import email
import email.policy
import socket
import threading
import time
from collections import Counter

from aiosmtpd.controller import Controller

PORTS = range(8025, 8050)


class RecordingHandler:
    def __init__(self, *, temporary_refusals: int = 2, delay: float = 0.0):
        self.temporary_refusals = temporary_refusals
        self.delay = delay
        self.lock = threading.Lock()
        self.messages: list[email.message.EmailMessage] = []
        self.refusals: Counter = Counter()

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
        if self.delay:
            time.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def received_by(self) -> Counter:
        with self.lock:
            return Counter(str(message["To"]).lower() for message in self.messages)


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
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        try:
            controller.start()
        except (OSError, RuntimeError):
            continue
        return controller, port
    raise RuntimeError("Could not start the test SMTP server.")
