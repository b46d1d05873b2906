from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Email(models.Model):
    """One transactional email, written in the transaction of the change that causes it.

    The worker sends pending rows and marks them sent; the unique (key, to)
    makes a second email for the same event and address impossible, however
    often the cause is repeated or a task is run.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    key = models.CharField(max_length=200)
    to = models.EmailField(max_length=254)
    template = models.CharField(max_length=100)
    language = models.CharField(max_length=8)
    subject = models.TextField()
    body = models.TextField()
    html = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        constraints = [
            models.UniqueConstraint(fields=["key", "to"], name="mail_email_once"),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="mail_email_pending",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.key} → {self.to}"
