"""The partnership lifecycle: applications, their examination and letters,
periodic reports and the reviews that renew, change, suspend or end a partnership.

The state of each record changes only through partners.lifecycle.services,
which checks the transition tables there and writes a step with who, when
and why. Imported by partners.models so that Django sees these models in the
partners app.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from foundation import uploads
from foundation.countries import UNCountries
from foundation.files import PrivateFile
from foundation.validators import validate_single_line
from partners.models import Action, Partner, PartnershipStatus, Sector


def lifecycle_upload_name(instance, filename):
    # A random name; the original one is kept in the row, never on disk.
    extension = uploads.EXTENSIONS.get(instance.content_type, "bin")
    return uploads.random_name(folder="partnership", extension=extension)


def signed_letter_name(instance, filename):
    return uploads.random_name(folder="letters", extension="pdf")


class SectorFocalPoint(models.Model):
    """UNESCO sector staff who read and comment on applications and reports in their sector."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="focal_point_sectors",
        verbose_name=_("user"),
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("sector")
    )

    class Meta:
        verbose_name = _("sector focal point")
        verbose_name_plural = _("sector focal points")
        constraints = [
            models.UniqueConstraint(fields=["user", "sector"], name="focal_point_once_per_sector")
        ]

    def __str__(self):
        return f"{self.user} – {self.sector}"


class Application(models.Model):
    """An organisation's request for consultative or associate status."""

    class Kind(models.TextChoices):
        CONSULTATIVE = "consultative", _("Consultative status")
        ASSOCIATE = "associate", _("Associate status")

    class Scope(models.TextChoices):
        INTERNATIONAL = "international", _("International")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INCOMPLETE = "incomplete", _("Documents requested")
        UNDER_EXAMINATION = "examination", _("Under examination")
        RECOMMENDED = "recommended", _("Recommendation made")
        ADMITTED = "admitted", _("Admitted")
        DECLINED = "declined", _("Not admitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Recommendation(models.TextChoices):
        FAVOURABLE = "favourable", _("Favourable")
        UNFAVOURABLE = "unfavourable", _("Unfavourable")

    class DecisionBody(models.TextChoices):
        DIRECTOR_GENERAL = "director-general", _("Director-General")
        EXECUTIVE_BOARD = "executive-board", _("Executive Board")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="partnership_applications",
        verbose_name=_("applicant"),
    )
    kind = models.CharField(_("status requested"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    # The partner asking for associate status, or the one an admission made.
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("partner"),
    )
    organisation_name = models.CharField(
        _("name of the organisation"), max_length=255, validators=[validate_single_line]
    )
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, validators=[validate_single_line]
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.INTERNATIONAL
    )
    country = CountryField(
        _("country of the headquarters"),
        countries=UNCountries,
        blank=True,
        blank_label=_("Choose a country"),
    )
    city = models.CharField(
        _("city"), max_length=120, blank=True, validators=[validate_single_line]
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("email of the organisation"), blank=True)
    founding_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    has_legal_status = models.BooleanField(_("the organisation has legal status"), default=False)
    has_statutes = models.BooleanField(_("the organisation has adopted statutes"), default=False)
    has_headquarters = models.BooleanField(
        _("the organisation has an established headquarters"), default=False
    )
    sectors = models.ManyToManyField(
        Sector, related_name="applications", blank=True, verbose_name=_("UNESCO sectors")
    )
    mission = models.TextField(_("aims and activities"), max_length=5000, blank=True)
    projects = models.TextField(
        _("projects the organisation hopes to carry out with UNESCO"), max_length=5000, blank=True
    )
    cooperation = models.TextField(_("cooperation with UNESCO so far"), max_length=5000, blank=True)
    head_name = models.CharField(
        _("name of the head of the organisation"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    head_title = models.CharField(
        _("title of the head of the organisation"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    language = models.CharField(
        _("language of correspondence"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Associate requests: the year of the Executive Board session that decides.
    batch_year = models.PositiveSmallIntegerField(_("Executive Board batch"), null=True, blank=True)
    submitted_on = models.DateField(_("request dated"), null=True, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )
    recommendation_text = models.TextField(_("grounds of the recommendation"), blank=True)
    decision_body = models.CharField(
        _("decided by"), max_length=20, choices=DecisionBody.choices, blank=True
    )
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_reference = models.CharField(
        _("decision reference"), max_length=60, blank=True, validators=[validate_single_line]
    )
    executive_board_session = models.PositiveSmallIntegerField(
        _("Executive Board session"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["state", "submitted_on"])]
        constraints = [
            # One request in progress per applicant: a second one waits for
            # the first to be decided or withdrawn.
            models.UniqueConstraint(
                fields=["applicant"],
                condition=~Q(state__in=["admitted", "declined", "withdrawn"]),
                name="application_one_open_per_applicant",
            ),
            models.CheckConstraint(
                condition=Q(founding_year__isnull=True)
                | Q(founding_year__gte=1800, founding_year__lte=2100),
                name="application_founding_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name} – {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("partnership:application_detail", kwargs={"pk": self.pk})

    @property
    def is_editable_by_applicant(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.INCOMPLETE}

    @property
    def is_closed(self) -> bool:
        return self.state in {self.State.ADMITTED, self.State.DECLINED, self.State.WITHDRAWN}


class ApplicationDocument(PrivateFile):
    """One document of an application's file (statutes, reports...)."""

    class Kind(models.TextChoices):
        STATUTES = "statutes", _("Statutes")
        LEGAL_RECOGNITION = "legal-recognition", _("Instrument of legal recognition")
        MEMBERS = "members", _("List of members by country")
        ACTIVITY_REPORT = "activity-report", _("Latest activity report (at least two years)")
        FINANCIAL_REPORT = "financial-report", _("Financial report on the last financial year")
        COOPERATION_SUMMARY = (
            "cooperation-summary",
            _("Summary of cooperation with UNESCO over the previous two years"),
        )
        OTHER = "other", _("Other document")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=Kind.choices)
    file = models.FileField(
        _("file"), storage=uploads.private_storage, upload_to=lifecycle_upload_name, max_length=200
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self):
        return self.original_name


class ApplicationStep(models.Model):
    """One move of an application from a state to another: who, when, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField(
        _("from"), max_length=20, choices=Application.State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=Application.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")

    def __str__(self):
        return f"{self.application_id}: {self.from_state} → {self.to_state}"


class FocalPointComment(models.Model):
    """A sector focal point's comment on an application or a periodic report."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="comments", null=True, blank=True
    )
    report = models.ForeignKey(
        "partners.PeriodicReport",
        on_delete=models.CASCADE,
        related_name="comments",
        null=True,
        blank=True,
    )
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("sector")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("focal point comment")
        verbose_name_plural = _("focal point comments")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, report__isnull=True)
                | Q(application__isnull=True, report__isnull=False),
                name="focal_point_comment_on_one_thing",
            )
        ]

    def __str__(self):
        return f"{self.sector} – {self.created_at:%Y-%m-%d}"


class DecisionLetter(models.Model):
    """The letter that answers an application: drafted, edited, signed, sent.

    The text is edited by the Secretariat before signing; signing renders the
    PDF once and stores it, so the organisation receives what was signed.
    """

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="letter")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    reference = models.CharField(_("reference"), max_length=60, validators=[validate_single_line])
    dated = models.DateField(_("date"))
    addressee = models.TextField(_("addressee"), max_length=1000)
    salutation = models.CharField(
        _("salutation"), max_length=200, validators=[validate_single_line]
    )
    body = models.TextField(_("text of the letter"), max_length=10000)
    closing = models.TextField(_("closing"), max_length=1000)
    signatory = models.CharField(_("signatory"), max_length=200, validators=[validate_single_line])
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pdf = models.FileField(
        _("signed letter"),
        storage=uploads.private_storage,
        upload_to=signed_letter_name,
        max_length=200,
        blank=True,
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")

    def __str__(self):
        return f"{self.reference} ({self.dated})"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class PeriodicReport(models.Model):
    """A partner's report on its cooperation with UNESCO for one period."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        MORE_INFORMATION = "more-information", _("More information requested")
        ACCEPTED = "accepted", _("Accepted")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="reports", verbose_name=_("partner")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    cooperation = models.TextField(_("cooperation with UNESCO"), max_length=10000, blank=True)
    joint_activities = models.TextField(
        _("joint activities with UNESCO sectors"), max_length=10000, blank=True
    )
    sectors = models.ManyToManyField(
        Sector, related_name="reports", blank=True, verbose_name=_("sectors worked with")
    )
    actions = models.ManyToManyField(
        Action, related_name="reports", blank=True, verbose_name=_("actions reported")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assessment = models.TextField(_("assessment"), max_length=5000, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-due_on"]
        verbose_name = _("periodic report")
        verbose_name_plural = _("periodic reports")
        indexes = [models.Index(fields=["state", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "period_start"], name="report_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.period_start:%Y}–{self.period_end:%Y}"

    def get_absolute_url(self):
        return reverse("partners:report_detail", kwargs={"pk": self.pk})

    @property
    def is_editable_by_partner(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.MORE_INFORMATION}


class ReportAttachment(PrivateFile):
    report = models.ForeignKey(PeriodicReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), storage=uploads.private_storage, upload_to=lifecycle_upload_name, max_length=200
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")

    def __str__(self):
        return self.original_name


class ReviewCase(models.Model):
    """The review of a partnership whose period ends, and its outcome."""

    class Outcome(models.TextChoices):
        OPEN = "", _("Open")
        RENEWED = "renewed", _("Renewed")
        STATUS_CHANGED = "status-changed", _("Status changed")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="review_cases", verbose_name=_("partner")
    )
    period_ends_on = models.DateField(_("period ends on"))
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, blank=True, default=""
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    decision = models.OneToOneField(
        "partners.StatusChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_case",
        verbose_name=_("decision"),
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True)

    class Meta:
        ordering = ["period_ends_on"]
        verbose_name = _("review case")
        verbose_name_plural = _("review cases")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "period_ends_on"], name="review_case_once_per_period"
            ),
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(outcome=""),
                name="review_case_one_open_per_partner",
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.period_ends_on}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


# Letters and statuses name the same choices; keep them one list.
APPLICATION_KIND_TO_STATUS = {
    Application.Kind.CONSULTATIVE: PartnershipStatus.CONSULTATIVE,
    Application.Kind.ASSOCIATE: PartnershipStatus.ASSOCIATE,
}

auditlog.register(Application, exclude_fields=["updated_at"], m2m_fields={"sectors"})
auditlog.register(ApplicationDocument)
auditlog.register(DecisionLetter, exclude_fields=["pdf"])
auditlog.register(PeriodicReport, exclude_fields=["updated_at"])
auditlog.register(ReviewCase)
auditlog.register(SectorFocalPoint)
