from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from foundation.countries import UNCountries
from foundation.languages import localized_field_names
from foundation.validators import validate_single_line
from partners.regions import region_label, region_of


class Sector(models.Model):
    """One of UNESCO's five programme sectors."""

    class Code(models.TextChoices):
        EDUCATION = "education", _("Education")
        NATURAL_SCIENCES = "natural-sciences", _("Natural Sciences")
        SOCIAL_HUMAN_SCIENCES = "social-human-sciences", _("Social and Human Sciences")
        CULTURE = "culture", _("Culture")
        COMMUNICATION_INFORMATION = "communication-information", _("Communication and Information")

    code = models.SlugField(_("code"), max_length=40, unique=True, choices=Code.choices)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("UNESCO sector")
        verbose_name_plural = _("UNESCO sectors")

    def __str__(self):
        return self.name


class PartnershipStatus(models.TextChoices):
    """The status an organisation holds: NGOs under the 2011 Directives
    (36 C/Res.108), foundations under their own (29 C/Res.64)."""

    CONSULTATIVE = "consultative", _("Consultative status")
    ASSOCIATE = "associate", _("Associate status")
    OFFICIAL_RELATIONS = "official-relations", _("Official relations")


class Standing(models.TextChoices):
    """Whether the partnership runs, is suspended or has ended (kept apart from
    the status, so that an ended partnership still says what it was)."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class Partner(models.Model):
    """An NGO or foundation in official partnership with UNESCO."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        FOUNDATION = "foundation", _("Foundation")

    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    status = models.CharField(_("partnership status"), max_length=20, choices=PartnershipStatus)
    # The first admission, kept apart from later decisions (status_changes).
    since = models.DateField(_("partner since"))
    admission_decision_date = models.DateField(_("admission decision date"), null=True, blank=True)
    decision_reference = models.CharField(
        _("admission decision reference"),
        max_length=60,
        blank=True,
        help_text=_("e.g. DG/7/17/1815"),
    )
    executive_board_session = models.PositiveSmallIntegerField(
        _("Executive Board session informed of the admission"), null=True, blank=True
    )
    status_since = models.DateField(_("current status since"), null=True, blank=True)
    standing = models.CharField(
        _("standing"), max_length=20, choices=Standing.choices, default=Standing.ACTIVE
    )
    standing_since = models.DateField(_("standing since"), null=True, blank=True)
    next_review_date = models.DateField(_("next review date"), null=True, blank=True)
    next_report_due = models.DateField(_("next periodic report due"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(
        _("city"), max_length=120, blank=True, validators=[validate_single_line]
    )
    country = CountryField(_("country"), countries=UNCountries)
    website = models.URLField(_("website"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    mission = models.TextField(_("mission"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    sectors = models.ManyToManyField(
        Sector, related_name="partners", blank=True, verbose_name=_("sectors")
    )
    published = models.BooleanField(_("published"), default=True)
    # Bumped whenever the public profile changes (revision approved, admin
    # edit): a revision drafted from an older version cannot be approved
    # over a newer profile without anyone noticing.
    profile_version = models.PositiveIntegerField(_("profile version"), default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Full-text documents per language (search_<code>, added below the class
    # for each configured language), kept current by partners.search on every
    # save (PostgreSQL); search_text is the accent-free lowercase fallback
    # used on SQLite.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        indexes = [
            models.Index(fields=["status", "published"]),
            models.Index(fields=["country"]),
            models.Index(fields=["next_review_date"]),
            models.Index(fields=["standing", "next_report_due"]),
            # Lets the directory count a region, country or status filter (and
            # join the sector filter's EXISTS on id) from the index alone, not
            # from the wide heap rows that carry the missions and search vectors.
            models.Index(
                fields=["country", "status", "id"],
                condition=Q(published=True),
                name="partner_published_country",
            ),
            # The same for the partners the directory lists (published, the
            # partnership not ended): its count, unfiltered or by country,
            # region or status, is an index-only scan, not a pass over the heap.
            models.Index(
                fields=["country", "status", "id"],
                condition=Q(published=True) & ~Q(standing="ended"),
                name="partner_listed_country",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(founding_year__isnull=True)
                | Q(founding_year__gte=1800, founding_year__lte=2100),
                name="partner_founding_year_plausible",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="partner_slug_not_empty",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def region(self) -> str | None:
        return region_of(self.country.code)

    @property
    def region_name(self) -> str:
        return region_label(self.region)


for _search_field in localized_field_names("search"):
    Partner.add_to_class(_search_field, SearchVectorField(null=True, editable=False))


class StatusChange(models.Model):
    """A decision on a partnership: admission, renewal, change, suspension, end."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("Admission")
        STATUS_CHANGE = "status-change", _("Change of status")
        RENEWAL = "renewal", _("Renewal")
        SUSPENSION = "suspension", _("Suspension")
        REINSTATEMENT = "reinstatement", _("End of suspension")
        TERMINATION = "termination", _("End of partnership")

    class DecidedBy(models.TextChoices):
        DIRECTOR_GENERAL = "director-general", _("Director-General")
        EXECUTIVE_BOARD = "executive-board", _("Executive Board")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("partner")
    )
    kind = models.CharField(
        _("decision"), max_length=20, choices=Kind.choices, default=Kind.STATUS_CHANGE
    )
    decided_by = models.CharField(
        _("decided by"), max_length=20, choices=DecidedBy.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=PartnershipStatus)
    previous_status = models.CharField(
        _("previous status"), max_length=20, choices=PartnershipStatus, blank=True
    )
    decided_on = models.DateField(_("decision date"))
    reference = models.CharField(_("decision reference"), max_length=60)
    executive_board_session = models.PositiveSmallIntegerField(
        _("Executive Board session"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        indexes = [models.Index(fields=["kind", "decided_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="status_change_has_reference"),
        ]

    def __str__(self):
        return f"{self.partner} → {self.get_status_display()} ({self.decided_on})"


class Contact(models.Model):
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("partner")
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    title = models.CharField(
        _("position"), max_length=200, blank=True, validators=[validate_single_line]
    )
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=False)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    newsletter_opt_in = models.BooleanField(_("receives the newsletter"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["partner", "email"], name="contact_unique_per_partner"),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class Delegate(models.Model):
    """A person representing the partner in a country."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="delegates", verbose_name=_("partner")
    )
    country = CountryField(_("country"), countries=UNCountries)
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        # The directory's delegate-country filter and the delegates map: the
        # partners with an active delegate in a country, without the rows.
        indexes = [
            models.Index(
                fields=["country", "partner"],
                name="delegate_active_country",
                condition=models.Q(is_active=True),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "country", "name"], name="delegate_unique_per_country"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country.code})"

    @property
    def region(self) -> str | None:
        return region_of(self.country.code)


class Action(models.Model):
    """Field work a partner reports, tied to UNESCO programmes."""

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="actions", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    text = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    countries = CountryField(_("countries"), countries=UNCountries, multiple=True, blank=True)
    sectors = models.ManyToManyField(
        Sector, related_name="actions", blank=True, verbose_name=_("sectors")
    )
    link = models.URLField(_("link"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=True)
    hidden_by_secretariat = models.BooleanField(_("hidden by the Secretariat"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-created_at"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["published", "hidden_by_secretariat", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="action_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title


class PartnerEditor(models.Model):
    """Links a user to the partner whose profile and actions they keep current."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_editor",
        verbose_name=_("user"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="editors", verbose_name=_("partner")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("NGO editor")
        verbose_name_plural = _("NGO editors")

    def __str__(self):
        return f"{self.user} → {self.partner}"


class PartnerRevision(models.Model):
    """A change to a partner's public profile proposed by one of its editors.

    The proposed profile is stored whole as JSON (see partners.revisions for
    its shape); the public page shows the partner's own fields until the
    Secretariat approves. A partner has at most one pending revision (a
    database constraint): editors of the same partner edit that one, and
    `lock_version` stops one of them silently overwriting the other.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("partner")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PENDING
    )
    proposed = models.JSONField(_("proposed profile"))
    base_version = models.PositiveIntegerField(_("based on profile version"))
    lock_version = models.PositiveIntegerField(_("edit number"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last edited at"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("profile revision")
        verbose_name_plural = _("profile revisions")
        indexes = [models.Index(fields=["state", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(state="pending"),
                name="partner_revision_one_pending",
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.get_state_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING


class ReviewReminder(models.Model):
    """A review reminder sent for one partner and one review date, once."""

    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="review_reminders",
        verbose_name=_("partner"),
    )
    review_date = models.DateField(_("review date"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "review_date"], name="review_reminder_once_per_milestone"
            ),
        ]

    def __str__(self):
        return f"{self.partner} – {self.review_date}"


class PartnerInvitation(models.Model):
    """The Secretariat's invitation to a partner's contact to become its editor.

    The emailed link carries a signed, timestamped token naming this
    invitation and its nonce; the link works once, until `expires_at`, and
    sending the invitation again changes the nonce so older links stop
    working. The Secretariat may revoke an invitation that has not been
    accepted; its link then stops working too.

    An invitation is *open* until it is accepted or revoked; an open
    invitation whose expiry has passed is *expired* and can be sent again.
    An address has at most one open invitation per partner.
    """

    class State(models.TextChoices):
        # Derived from the dates, never stored: see selectors.invitation_list.
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("partner")
    )
    email = models.EmailField(_("email"))
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    nonce = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("editor invitation")
        verbose_name_plural = _("editor invitations")
        constraints = [
            models.UniqueConstraint(
                F("partner"),
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="partner_invitation_one_open",
                violation_error_message=_(
                    "This address already has an open invitation for this organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="partner_invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.partner}"


# The audit trail (django-auditlog): readable by the Secretariat in the admin.
auditlog.register(
    Partner,
    exclude_fields=[*localized_field_names("search"), "search_text", "updated_at"],
    m2m_fields={"sectors"},
)
auditlog.register(StatusChange)
auditlog.register(PartnerRevision, exclude_fields=["updated_at"])
auditlog.register(PartnerEditor)
auditlog.register(Action, exclude_fields=["updated_at"], m2m_fields={"sectors"})
auditlog.register(Contact)
auditlog.register(Delegate)
auditlog.register(PartnerInvitation, exclude_fields=["nonce"])

# The lifecycle's models live in their own module; importing them here is
# how Django finds them in the partners app.
from partners.lifecycle.models import (  # noqa: E402, F401
    Application,
    ApplicationDocument,
    ApplicationStep,
    DecisionLetter,
    FocalPointComment,
    PeriodicReport,
    ReportAttachment,
    ReviewCase,
    SectorFocalPoint,
)
