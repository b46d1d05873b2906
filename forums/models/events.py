import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from forums.models.files import StoredFile
from foundation.countries import MemberStates, UNCountries
from foundation.validators import validate_single_line
from partners.models import Partner, Sector

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: use an IANA name such as Europe/Paris."))


def validate_languages(value) -> None:
    if not isinstance(value, list) or any(code not in LANGUAGE_CODES for code in value):
        raise ValidationError(_("Choose interpretation languages among French, English, Spanish."))


class Event(models.Model):
    """An International NGO Forum or a session of the International Conference of NGOs."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("International NGO Forum")
        CIONG = "ciong", _("International Conference of NGOs")
        MEETING = "meeting", _("Meeting")

    class State(models.TextChoices):
        # Contexts: the words agree in French and Spanish with "événement"/"evento",
        # whatever the kind (forum, conférence, réunion).
        ANNOUNCED = "announced", pgettext_lazy("event state", "Announced")
        REGISTRATION_OPEN = "open", _("Registration open")
        REGISTRATION_CLOSED = "closed", _("Registration closed")
        HELD = "held", pgettext_lazy("event state", "Held")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    theme = models.CharField(
        _("theme"), max_length=500, blank=True, validators=[validate_single_line]
    )
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Paris", validators=[validate_time_zone]
    )
    city = models.CharField(
        _("city"), max_length=120, blank=True, validators=[validate_single_line]
    )
    country = CountryField(
        _("country"), countries=UNCountries, blank=True, blank_label=_("Choose a country")
    )
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, validators=[validate_single_line]
    )
    host_country = CountryField(
        _("host Member State"),
        countries=MemberStates,
        blank=True,
        blank_label=_("Choose a Member State"),
    )
    organisers = models.ManyToManyField(
        Partner, related_name="organised_events", blank=True, verbose_name=_("organising NGOs")
    )
    # Forums and Conference sessions the Liaison Committee co-organises with the
    # Secretariat: the Chair and the Committee's NGOs are then among the organisers.
    committee_co_organises = models.BooleanField(
        _("co-organised by the Liaison Committee"),
        default=False,
        help_text=_(
            "International NGO Forums and Conference sessions only: the Chair and the "
            "editors of the NGOs holding a Committee seat manage the programme and "
            "registrations with the Secretariat."
        ),
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.ANNOUNCED)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    per_partner_limit = models.PositiveSmallIntegerField(_("representatives per NGO"), default=3)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("forum or conference session")
        verbose_name_plural = _("forums and conference sessions")
        indexes = [models.Index(fields=["published", "start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="event_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(per_partner_limit__gte=1), name="event_partner_limit_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:detail", kwargs={"slug": self.slug})

    @property
    def is_ciong(self) -> bool:
        return self.kind == self.Kind.CIONG

    @property
    def committee_organised(self) -> bool:
        """The Liaison Committee co-organises it (forums and Conference sessions only)."""
        return self.committee_co_organises and self.kind in (self.Kind.FORUM, self.Kind.CIONG)

    @property
    def registration_open(self) -> bool:
        return self.state == self.State.REGISTRATION_OPEN

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class ProgrammeItem(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PARALLEL = "parallel", _("Parallel session")
        WORKSHOP = "workshop", _("Workshop")
        BREAK = "break", _("Break")
        SOCIAL = "social", _("Social event")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme")
    day = models.DateField(_("day"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))
    title = models.CharField(_("title"), max_length=300, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)
    room = models.CharField(
        _("room"), max_length=120, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PLENARY)
    # A list of language codes; JSON keeps SQLite (make demo) and PostgreSQL alike.
    interpretation = models.JSONField(
        _("interpretation languages"), default=list, blank=True, validators=[validate_languages]
    )

    class Meta:
        ordering = ["day", "start_time", "room"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="programme_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.start_time:%H:%M} {self.title}"

    def clean(self):
        if self.event_id and not (self.event.start_date <= self.day <= self.event.end_date):
            raise ValidationError({"day": _("The day must fall within the event's dates.")})

    @property
    def interpretation_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names[code]) for code in self.interpretation if code in names]


def speaker_lines(text: str) -> list[tuple[str, str]]:
    """(name, affiliation) for each line "Name, affiliation" of a speakers box,
    cut to the lengths a Speaker row holds; blank names are left out."""
    result = []
    for line in text.splitlines():
        name, _sep, affiliation = line.partition(",")
        if name.strip():
            result.append((name.strip()[:200], affiliation.strip()[:255]))
    return result


class Speaker(models.Model):
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    affiliation = models.CharField(
        _("affiliation"), max_length=255, blank=True, validators=[validate_single_line]
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_slots",
        verbose_name=_("partner NGO"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name


class EventDocument(StoredFile):
    """An outcome document of an event (public once published)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["title", "language"]
        verbose_name = _("outcome document")
        verbose_name_plural = _("outcome documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forums:file", kwargs={"slug": self.event.slug, "file_id": self.public_id})


class Recommendation(models.Model):
    class Addressee(models.TextChoices):
        MEMBER_STATES = "member-states", _("Member States")
        SECRETARIAT = "secretariat", _("Secretariat")
        NGOS = "ngos", _("NGOs")

    class FollowUp(models.TextChoices):
        NOT_STARTED = "not-started", _("Not started")
        IN_PROGRESS = "in-progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        DROPPED = "dropped", _("Not pursued")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("text"))
    addressees = models.JSONField(_("addressed to"), default=list, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, verbose_name=_("sectors concerned"))
    status = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUp, default=FollowUp.NOT_STARTED
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="recommendation_number"),
        ]

    def __str__(self):
        return f"{self.event} – {self.number}"

    def clean(self):
        allowed = set(self.Addressee.values)
        if not isinstance(self.addressees, list) or not set(self.addressees) <= allowed:
            raise ValidationError({"addressees": _("Unknown addressee.")})

    @property
    def addressee_names(self) -> list[str]:
        labels = dict(self.Addressee.choices)
        return [str(labels[code]) for code in self.addressees if code in labels]


class RecommendationUpdate(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("follow-up"), max_length=12, choices=Recommendation.FollowUp)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("follow-up update")
        verbose_name_plural = _("follow-up updates")

    def __str__(self):
        return f"{self.date} {self.get_status_display()}"


class Registration(models.Model):
    """A named representative of a partner NGO at an event.

    At a CIONG session each NGO has at most one voting delegate (a partial
    unique constraint); capacity and the per-NGO limit are enforced by the
    service under a lock on the event row.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    # Empty for participants who represent no partner NGO (issue 19).
    partner = models.ForeignKey(
        Partner,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        null=True,
        blank=True,
    )
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    email = models.EmailField(_("email"))
    position = models.CharField(
        _("position"), max_length=200, blank=True, validators=[validate_single_line]
    )
    is_voting_delegate = models.BooleanField(_("voting delegate"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Issue 19: registration for every kind of participant (forums.attendance).
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        OFFERED = "offered", _("Place offered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    registration_type = models.ForeignKey(
        "forums.RegistrationType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("registration type"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.CONFIRMED)
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_participations",
    )
    organisation = models.CharField(
        _("organisation"), max_length=255, blank=True, validators=[validate_single_line]
    )
    country = CountryField(_("Member State"), countries=MemberStates, blank=True)
    language = models.CharField(
        _("language of correspondence"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    listening_language = models.CharField(
        _("interpretation language"), max_length=2, choices=settings.LANGUAGES, blank=True
    )
    accessibility = models.TextField(_("accessibility needs"), blank=True, max_length=2000)
    waiting_since = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "partner"],
                condition=Q(is_voting_delegate=True),
                name="registration_one_voting_delegate",
            ),
            # Per NGO: a constraint across NGOs would tell one NGO, by refusing
            # it, that another registered this address. A cancelled registration
            # does not count: the NGO may register the person again.
            models.UniqueConstraint(
                fields=["event", "partner", "email"],
                condition=~Q(status="cancelled"),
                name="registration_unique_email_per_partner",
            ),
            # Issue 19: one live registration per address and type.
            models.UniqueConstraint(
                fields=["registration_type", "email"],
                condition=~Q(status="cancelled"),
                name="registration_unique_email_per_type",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.partner or self.organisation})"

    @property
    def holds_place(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.OFFERED)
