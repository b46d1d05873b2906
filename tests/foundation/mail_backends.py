"""Email backends for tests: a mail server that answers every message with one error."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """Raises `error` (an OPTIONS entry) for every message, as smtplib would."""

    def __init__(self, *, error: BaseException, **kwargs):
        super().__init__(**kwargs)
        self.error = error

    def send_messages(self, email_messages):
        raise self.error
