"""A real SMTP server (aiosmtpd) that answers the first `refusals` MAIL commands with 421."""

import threading

from tests.newsletter.smtp import RecordingHandler, start_server


class RefusingFirstHandler(RecordingHandler):
    def __init__(self, *, refusals: int = 1):
        super().__init__(temporary_refusals=0)
        self.refusals_left = refusals
        self.refused = 0
        self._refusal_lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self._refusal_lock:
            if self.refusals_left > 0:
                self.refusals_left -= 1
                self.refused += 1
                return "421 4.3.2 Service not available, closing transmission channel"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


def smtp_server(*, refusals: int = 1):
    """(handler, controller); the handler's `port` is set. Stop the controller when done."""
    handler = RefusingFirstHandler(refusals=refusals)
    controller, port = start_server(handler)
    handler.port = port
    return handler, controller
