"""Calls for proposals, the sessions partner NGOs propose, and their reviews (issue 19).

An accepted proposal becomes a ProgrammeItem (`Proposal.programme_item`)
once the organisers place it in a room and a time slot; the published
programme then names who proposed it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models.events import Event, ProgrammeItem, speaker_lines, validate_languages
from foundation.validators import validate_single_line
from partners.models import Partner


class SessionFormat(models.TextChoices):
    PANEL = "panel", _("Panel discussion")
    WORKSHOP = "workshop", _("Workshop")
    PRESENTATION = "presentation", _("Presentation")
    ROUNDTABLE = "roundtable", _("Round table")


class RoomSize(models.TextChoices):
    SMALL = "small", _("Small room (up to 30 people)")
    MEDIUM = "medium", _("Medium room (up to 100 people)")
    LARGE = "large", _("Large room (more than 100 people)")


def validate_formats(value) -> None:
    if not isinstance(value, list) or any(code not in SessionFormat.values for code in value):
        raise ValidationError(_("Unknown session format."))


class CallForProposals(models.Model):
    """An event's call for session proposals, open between two dates."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="call")
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    description = models.TextField(_("description"), blank=True)
    # One theme per line, in each language (the themes come from the NGOs).
    themes = models.TextField(_("themes"), blank=True, help_text=_("One theme per line."))
    formats = models.JSONField(
        _("session formats"), default=list, blank=True, validators=[validate_formats]
    )
    languages = models.JSONField(
        _("session languages"), default=list, blank=True, validators=[validate_languages]
    )
    open_to_others = models.BooleanField(
        _("open to organisations that are not partners"), default=False
    )
    anonymous_review = models.BooleanField(
        _("reviewers do not see the proposer's name"), default=False
    )

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="call_closes_after_opening"
            ),
        ]

    def __str__(self):
        return str(self.event)

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]

    @property
    def format_choices(self) -> list[tuple[str, str]]:
        labels = dict(SessionFormat.choices)
        return [(code, labels[code]) for code in self.formats or SessionFormat.values]

    @property
    def language_choices(self) -> list[tuple[str, str]]:
        names = dict(settings.LANGUAGES)
        return [(code, names[code]) for code in self.languages or list(names)]


class Proposal(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    call = models.ForeignKey(CallForProposals, on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="session_proposals"
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="session_proposals",
        verbose_name=_("partner NGO"),
    )
    organisation = models.CharField(
        _("organisation"), max_length=255, validators=[validate_single_line]
    )
    title = models.CharField(_("title"), max_length=300, validators=[validate_single_line])
    abstract = models.TextField(_("abstract"), max_length=5000)
    theme = models.CharField(
        _("theme"), max_length=500, blank=True, validators=[validate_single_line]
    )
    format = models.CharField(_("format"), max_length=15, choices=SessionFormat)
    speakers = models.TextField(
        _("proposed speakers"), max_length=3000, help_text=_("One per line: name, affiliation.")
    )
    language = models.CharField(
        _("language of the session"), max_length=2, choices=settings.LANGUAGES
    )
    interpretation = models.JSONField(
        _("interpretation needed into"), default=list, blank=True, validators=[validate_languages]
    )
    room_size = models.CharField(_("preferred room size"), max_length=10, choices=RoomSize)
    # The language the proposer reads: the decision is written to them in it.
    proposer_language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.SUBMITTED)
    decision_message = models.TextField(_("message to the proposer"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    programme_item = models.OneToOneField(
        ProgrammeItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("session proposal")
        verbose_name_plural = _("session proposals")

    def __str__(self):
        return self.title

    @property
    def interpretation_names(self) -> list[str]:
        names = dict(settings.LANGUAGES)
        return [str(names[code]) for code in self.interpretation if code in names]

    @property
    def speaker_list(self) -> list[tuple[str, str]]:
        """(name, affiliation) for each line of `speakers`."""
        return speaker_lines(self.speakers)


class Review(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_reviews"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["updated_at", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="review_once_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="review_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.proposal} – {self.score}"
