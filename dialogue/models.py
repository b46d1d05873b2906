"""Dialogue requests from Member States and the hearings they lead to.

The request's state is never written outside dialogue.services: the model
only describes it. See services.TRANSITIONS for the workflow.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from foundation import uploads
from foundation.countries import MemberStates
from foundation.files import PrivateFile
from foundation.uploads import private_storage  # noqa: F401  (named by migration 0001)
from foundation.validators import validate_single_line
from partners.models import Partner, Sector


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under-review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    # A context: French and Spanish agree the word with "demande"/"solicitud".
    HELD = "held", pgettext_lazy("dialogue request state", "Held")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States a visitor may see: the hearing has been agreed to.
PUBLIC_STATES = (State.ACCEPTED, State.SCHEDULED, State.HELD)
# States still waiting for the Secretariat's decision (accept or decline).
UNDECIDED_STATES = (State.SUBMITTED, State.UNDER_REVIEW)


class Setting(models.TextChoices):
    PNG_COMMITTEE = "png-committee", _("Committee on Non-Governmental Partners (NGP)")
    GENERAL_CONFERENCE = "general-conference", _("NGO space of the General Conference")
    CIONG = "ciong", _("International Conference of NGOs or International NGO Forum")
    NATIONAL_COMMISSION = "national-commission", _("National Commission meeting")
    OTHER = "other", _("Other")


class Format(models.TextChoices):
    HEARING = "hearing", _("Hearing")
    THEMATIC_DEBATE = "thematic-debate", _("Thematic debate")
    ROUND_TABLE = "round-table", _("Round table")


def private_upload_name(instance, filename):
    # A random name: the original one is kept in the row, never on disk. The
    # extension is that of the checked content type, not of the uploaded name.
    extension = uploads.EXTENSIONS.get(instance.content_type, "bin")
    return uploads.random_name(folder="dialogue", extension=extension)


class DialogueRequest(models.Model):
    """A Member State delegate's request for a hearing or debate with NGOs."""

    country = CountryField(_("Member State"), countries=MemberStates)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_requests",
        verbose_name=_("requester"),
    )
    theme = models.CharField(_("theme"), max_length=255, validators=[validate_single_line])
    description = models.TextField(_("description"))
    original_language = models.CharField(
        _("language of the request"), max_length=2, choices=settings.LANGUAGES
    )
    sectors = models.ManyToManyField(
        Sector, related_name="dialogue_requests", verbose_name=_("UNESCO sectors")
    )
    setting = models.CharField(_("setting"), max_length=32, choices=Setting.choices)
    executive_board_session = models.PositiveSmallIntegerField(
        _("Executive Board session"),
        null=True,
        blank=True,
        help_text=_("For the NGP Committee: the session number, e.g. 222."),
    )
    setting_detail = models.CharField(
        _("setting details"),
        max_length=255,
        blank=True,
        help_text=_("Which CIONG session or forum, which National Commission, or other."),
        validators=[validate_single_line],
    )
    format = models.CharField(_("format"), max_length=32, choices=Format.choices)
    preferred_from = models.DateField(_("preferred period from"))
    preferred_until = models.DateField(_("preferred period until"))
    expertise_sought = models.TextField(_("expertise sought"))

    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.SUBMITTED, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), editable=False)
    state_changed_at = models.DateTimeField(_("state changed at"), editable=False)
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)
    # Only the Secretariat ever reads this: no public page, email, export or
    # API serializer may include it (tests/dialogue/test_internal_notes.py).
    internal_notes = models.TextField(_("internal notes (Secretariat only)"), blank=True)

    scheduled_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    place = models.CharField(
        _("place"), max_length=255, blank=True, validators=[validate_single_line]
    )
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    # A hearing held during a forum or a CIONG session points to it; the
    # free-text occasion covers settings the portal has no page for, such as
    # a session of the Executive Board.
    event = models.ForeignKey(
        "forums.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hearings",
        verbose_name=_("forum or conference session"),
    )
    occasion = models.CharField(
        _("occasion"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 222nd session of the Executive Board, CIONG 2026"),
    )
    summary = models.TextField(_("summary"), blank=True)
    follow_up = models.TextField(_("follow-up actions"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("dialogue request")
        verbose_name_plural = _("dialogue requests")
        indexes = [
            models.Index(fields=["state", "submitted_at"]),
            models.Index(fields=["country", "state"]),
            models.Index(fields=["scheduled_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_until__gte=models.F("preferred_from")),
                name="dialogue_preferred_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="dialogue_state_known"
            ),
            models.CheckConstraint(
                condition=~Q(state=State.DECLINED) | ~Q(decline_reason=""),
                name="dialogue_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[State.SCHEDULED, State.HELD])
                | Q(scheduled_at__isnull=False),
                name="dialogue_scheduled_has_date",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(scheduled_at__isnull=False, ends_at__gte=models.F("scheduled_at")),
                name="dialogue_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.theme} ({self.country.code})"

    def get_absolute_url(self):
        """The public hearing page (only reachable once accepted)."""
        return reverse("dialogue:detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.event_id and self.scheduled_at and self.time_zone:
            self._check_during_event()

    def _check_during_event(self):
        try:
            zone = zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return  # The schedule's own validation reports an unknown zone.
        # The day as the participants live it, in the hearing's own time zone.
        day = self.scheduled_at.astimezone(zone).date()
        event = self.event
        if not event.start_date <= day <= event.end_date:
            raise ValidationError(
                {
                    "event": _(
                        "The hearing must take place during %(event)s (%(start)s – %(end)s)."
                    )
                    % {
                        "event": event.title,
                        "start": formats.date_format(event.start_date, "SHORT_DATE_FORMAT"),
                        "end": formats.date_format(event.end_date, "SHORT_DATE_FORMAT"),
                    }
                }
            )

    def get_private_url(self):
        return reverse("dialogue:request_detail", kwargs={"pk": self.pk})

    def get_triage_url(self):
        return reverse("dialogue:triage", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def countries(self) -> list:
        """The Member States involved: the requester's, then co-sponsors'.

        Uses the prefetched `joined_cosponsors` when there is one.
        """
        cosponsors = getattr(self, "joined_cosponsors", None)
        if cosponsors is None:
            cosponsors = self.cosponsors.filter(joined_at__isnull=False)
        seen = [self.country]
        for cosponsor in cosponsors:
            if cosponsor.country not in seen:
                seen.append(cosponsor.country)
        return seen


class Transition(models.Model):
    """One step of a request's workflow: who moved it, when and why."""

    request = models.ForeignKey(
        DialogueRequest, on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"


class CoSponsor(models.Model):
    """A delegate of another Member State invited to co-sponsor a request."""

    request = models.ForeignKey(
        DialogueRequest, on_delete=models.CASCADE, related_name="cosponsors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="dialogue_cosponsorships",
        verbose_name=_("delegate"),
    )
    country = CountryField(_("Member State"), countries=MemberStates)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"))
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)

    class Meta:
        ordering = ["invited_at"]
        verbose_name = _("co-sponsor")
        verbose_name_plural = _("co-sponsors")
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="dialogue_cosponsor_once"),
        ]

    def __str__(self):
        return f"{self.user} ({self.country.code})"


class PartnerMatch(models.Model):
    """A partner NGO found to match an accepted request, and why."""

    request = models.ForeignKey(DialogueRequest, on_delete=models.CASCADE, related_name="matches")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="dialogue_matches")
    sector_codes = models.JSONField(_("sectors in common"), default=list)
    delegate_countries = models.JSONField(_("delegates in the countries"), default=list)
    action_countries = models.JSONField(_("actions in the countries"), default=list)
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "partner__name"]
        verbose_name = _("matching partner")
        verbose_name_plural = _("matching partners")
        constraints = [
            models.UniqueConstraint(fields=["request", "partner"], name="dialogue_match_once"),
        ]

    def __str__(self):
        return f"{self.partner} ↔ {self.request_id}"

    @property
    def sector_names(self) -> list[str]:
        """The sectors in common by their names in the active language (codes stay stored)."""
        labels = dict(Sector.Code.choices)
        return [str(labels.get(code, code)) for code in self.sector_codes]


class ExpressionOfInterest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not-selected", _("Not selected")

    request = models.ForeignKey(DialogueRequest, on_delete=models.CASCADE, related_name="interests")
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="dialogue_interests"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    statement = models.TextField(_("statement"))
    proposed_speaker = models.CharField(
        _("proposed speaker"), max_length=200, validators=[validate_single_line]
    )
    languages = models.JSONField(_("languages the speaker uses"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, editable=False
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(fields=["request", "partner"], name="dialogue_interest_once"),
        ]

    def __str__(self):
        return f"{self.partner} → {self.request_id}"

    def language_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names[code]) for code in self.languages if code in names]


class RequestFile(PrivateFile):
    """An attachment to a request (private) or an outcome document (public once held)."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("Attachment")
        OUTCOME = "outcome", _("Outcome document")

    request = models.ForeignKey(DialogueRequest, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=private_upload_name, max_length=200
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("dialogue:file", kwargs={"pk": self.pk})
