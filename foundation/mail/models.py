from django.db import models
from django.db.models.functions import Lower
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
    # About the recipient's own account (their invitation, their verification):
    # sent even to a suppressed address, as the person asked for it.
    about_account = models.BooleanField(default=False)

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


class Bounce(models.Model):
    """One message read from the bounce mailbox, classified once.

    `message_key` (the Message-ID, else a digest of the headers) makes a
    message read twice (a crash between recording and moving it) count once.
    Auto-replies and unknown messages are kept for a person and never count.
    """

    class Kind(models.TextChoices):
        HARD = "hard", _("hard bounce")
        SOFT = "soft", _("soft bounce")
        AUTO_REPLY = "auto_reply", _("automatic reply")
        UNKNOWN = "unknown", _("not recognised")

    message_key = models.CharField(_("message key"), max_length=250, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    email = models.EmailField(_("address"), max_length=254, blank=True)
    # The VERP reference of the delivery the bounce answers ("n42": newsletter
    # delivery 42, "m7": outbox email 7); empty when the bounce named none.
    reference = models.CharField(_("delivery"), max_length=24, blank=True)
    status = models.CharField(_("status code"), max_length=20, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    received_at = models.DateTimeField(_("read at"), default=timezone.now)
    # What a person reviewing an automatic reply or an unknown message needs:
    # who wrote it, and the beginning of its text (never its attachments).
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    excerpt = models.TextField(_("text"), blank=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.CharField(_("handled by"), max_length=254, blank=True)
    # Set when a person classified the message as a bounce by hand.
    classified_by = models.CharField(_("classified by"), max_length=254, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")
        indexes = [
            models.Index(fields=["email", "kind", "received_at"]),
            models.Index(
                fields=["-received_at"],
                name="mail_bounce_for_review",
                condition=models.Q(kind__in=["auto_reply", "unknown"], handled_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.email or '?'}"

    @property
    def for_review(self) -> bool:
        """Left for a person: an automatic reply or an unknown message, not yet handled."""
        return self.kind in REVIEW_KINDS and self.handled_at is None


class Suppression(models.Model):
    """An address that receives nothing more (see outbox.is_suppressed) until reinstated."""

    email = models.EmailField(_("address"), max_length=254, unique=True)
    reason = models.TextField(_("reason"), blank=True)
    bounced_at = models.DateTimeField(_("bounced at"), default=timezone.now)
    lifted_at = models.DateTimeField(_("reinstated at"), null=True, blank=True)
    lifted_by = models.CharField(_("reinstated by"), max_length=254, blank=True)

    class Meta:
        ordering = ["-bounced_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email=Lower("email")),
                name="mail_suppression_email_lower",
            ),
        ]

    def __str__(self):
        return self.email

    @property
    def active(self) -> bool:
        return self.lifted_at is None


REVIEW_KINDS = (Bounce.Kind.AUTO_REPLY, Bounce.Kind.UNKNOWN)
