import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foundation.validators import validate_single_line


def private_storage():
    """PDFs of drafts must not be reachable by URL: views stream them after a check."""
    return storages["private"]


class Issue(models.Model):
    """The newsletter for one calendar month.

    A draft is built on the 1st of the next month; once the Secretariat
    approves it (or at once with NEWSLETTER_AUTO_SEND) it is public in the
    archive and goes out; it is sent when no delivery is pending any more.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    editorial_note = models.TextField(_("editorial note"), blank=True)
    built_at = models.DateTimeField(_("built at"), default=None, null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    sent_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)
    # Incremented on every PDF rendering for sending or the archive: the benchmark and the tests
    # check that an issue is rendered once per language, never per recipient.
    pdf_renders = models.PositiveIntegerField(_("PDF renderings"), default=0, editable=False)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="newsletter_issue_first_day"),
        ]

    def __str__(self):
        return self.slug

    def get_absolute_url(self):
        return reverse("newsletter:issue", kwargs={"month": self.slug})

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def period(self) -> tuple[datetime.date, datetime.date]:
        """First and last day of the month the issue covers."""
        start = self.month
        following = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return start, following - datetime.timedelta(days=1)

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT


class IssueRendition(models.Model):
    """An issue in one language, rendered once: the PDF and the email bodies
    every recipient in that language shares, and the archive's PDF. The links
    personal to a recipient are filled in at sending.

    A draft's rendition is made ahead (when the draft is built or edited) and
    kept at approval if its sources are unchanged (`source_digest`); from
    then on it is `final`: the approved content, never rendered again.
    """

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="renditions")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="newsletter/")
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"), default=0)
    email_subject = models.CharField(
        _("email subject"), max_length=200, validators=[validate_single_line]
    )
    email_text = models.TextField(_("email text"))
    email_html = models.TextField(_("email HTML"))
    rendered_at = models.DateTimeField(_("rendered at"), auto_now_add=True)
    source_digest = models.CharField(_("digest of the sources"), max_length=64, blank=True)
    final = models.BooleanField(_("approved content"), default=False)

    class Meta:
        verbose_name = _("newsletter rendition")
        verbose_name_plural = _("newsletter renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "language"], name="newsletter_rendition_unique"
            ),
        ]

    def __str__(self):
        return f"{self.issue.slug} ({self.language})"


class Subscriber(models.Model):
    """An address's own choices about the newsletter.

    Visitors who subscribe on the site get a row (confirmed by double
    opt-in). A partner contact gets one only once they change a preference:
    an unsubscription here wins over the contact's opt-in, whoever edits the
    contact later, because it is the person's own choice.
    """

    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, blank=True)
    subscribed_on_site = models.BooleanField(_("subscribed on the site"), default=False)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    # The UNESCO sectors the person follows; none: all. One-off mailings about
    # given sectors go only to those who follow one of them (or all).
    topics = models.ManyToManyField(
        "partners.Sector", blank=True, related_name="+", verbose_name=_("topics")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_unique"),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="newsletter_subscriber_email_lower"
            ),
        ]

    def __str__(self):
        return self.email


class Mailing(models.Model):
    """A one-off mailing (a convocation, a call for candidatures) to an audience.

    Written in the three languages, approved by the Secretariat like an issue,
    then sent through the same deliveries (exactly once per address, the same
    unsubscribe and suppression rules). A public mailing is archived on the site.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    class Audience(models.TextChoices):
        SUBSCRIBERS = "subscribers", _("All newsletter subscribers")
        PARTNER_CONTACTS = "partner_contacts", _("Contacts of partner NGOs")
        EDITORS = "editors", _("NGO editors")
        LIAISON = "liaison", _("Liaison Committee members")
        DELEGATES = "delegates", _("Verified Member State delegates")
        EVENT = "event", _("Registrants of an event")

    # The audiences an official notice may reach without the newsletter opt-in.
    NOTICE_AUDIENCES = (Audience.PARTNER_CONTACTS, Audience.LIAISON)

    subject = models.CharField(_("subject"), max_length=200, validators=[validate_single_line])
    body = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience)
    # Filters of the partner-contact audience (empty: no filter) and the topic
    # of the mailing (subscribers who chose topics get it only if it is theirs).
    partner_status = models.CharField(_("partnership status"), max_length=20, blank=True)
    sectors = models.ManyToManyField(
        "partners.Sector", blank=True, related_name="+", verbose_name=_("sectors")
    )
    region = models.CharField(_("region"), max_length=30, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    event = models.ForeignKey(
        "forums.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("event"),
    )
    public = models.BooleanField(_("archived on the site"), default=False)
    # An official notice to partners (a CIONG convocation) reaches the contacts
    # of the partner-contact and Liaison Committee audiences without their
    # newsletter opt-in; see docs/newsletter.md and selectors.audience_iter.
    official_notice = models.BooleanField(_("official notice to partners"), default=False)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="newsletter/mailings/", blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    sent_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("newsletter:mailing", kwargs={"pk": self.pk})

    @property
    def reaches_without_opt_in(self) -> bool:
        """An official notice to an audience of partners: the opt-in is not asked."""
        return self.official_notice and self.audience in self.NOTICE_AUDIENCES

    @property
    def is_public(self) -> bool:
        return self.public and self.status != self.Status.DRAFT


class Delivery(models.Model):
    """One issue to one address: the unit of sending, retrying and logging.

    `pending` rows are claimed with SELECT … FOR UPDATE SKIP LOCKED; the row
    lock held during the SMTP dialogue is the "sending" mark, and the
    database drops it by itself when a worker dies. See services/delivery.py.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (unsubscribed or suppressed)")

    issue = models.ForeignKey(
        Issue,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("issue"),
        null=True,
        blank=True,
    )
    mailing = models.ForeignKey(
        Mailing,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("mailing"),
        null=True,
        blank=True,
    )
    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set when the server answered 250 to the end of the message. A sent row
    # without it is one whose worker died after handing the final dot to the
    # kernel: the server received it, but we never read the answer.
    accepted_at = models.DateTimeField(_("accepted by the server at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="newsletter_delivery_unique"),
            models.UniqueConstraint(
                fields=["mailing", "email"], name="newsletter_delivery_mailing_unique"
            ),
            models.CheckConstraint(
                condition=Q(issue__isnull=True) ^ Q(mailing__isnull=True),
                name="newsletter_delivery_one_campaign",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="newsletter_delivery_email_lower"
            ),
        ]
        indexes = [
            models.Index(fields=["issue", "status", "next_attempt_at"]),
            models.Index(fields=["mailing", "status", "next_attempt_at"]),
        ]

    def __str__(self):
        campaign = self.issue.slug if self.issue_id else f"mailing {self.mailing_id}"
        return f"{campaign} → {self.email}"
