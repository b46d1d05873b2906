"""Elections of the Liaison Committee and the Chairperson at a CIONG session.

Secrecy is a property of the tables, not of the code that reads them: a
`Ballot` has no column that names, dates or orders a voter (no foreign key
to a user, partner or roll entry, no timestamp, a random primary key), and
the only record that a voter voted, `VoterMark`, says nothing of how. The two
are written in one transaction so that a vote is never half cast; the count
rewrites both tables in one transaction (`sealed`) so that PostgreSQL's
per-row transaction ids no longer pair them. Neither model is registered
with django-auditlog. docs/elections.md says what an operator can still learn.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forums.models.events import Event
from forums.models.files import StoredFile
from forums.models.groups import CommitteeTerm
from foundation.validators import validate_single_line
from partners.models import Partner
from partners.regions import Region

# Today's composition of the Liaison Committee, and where it is written.
DEFAULT_CHAIR_SEATS = 1
DEFAULT_ASSOCIATE_SEATS = 4
DEFAULT_CONSULTATIVE_SEATS = 6
DEFAULT_MIN_SEATS_PER_REGION = 1
DEFAULT_RULES_SOURCE = (
    "Directives concerning UNESCO's partnership with non-governmental organizations "
    "(36 C/Res.108, 2011), on the International Conference of NGOs and the NGO-UNESCO "
    "Liaison Committee; UNESCO, 'International Conference of NGOs' and 'NGO-UNESCO Liaison "
    "Committee' (www.unesco.org, ngo-unesco.net): a Chairperson elected in a personal "
    "capacity and ten NGOs, four in associate and six in consultative status, with at "
    "least one from each of UNESCO's five regions, elected every two years."
)


class SeatKind(models.TextChoices):
    CHAIR = "chair", _("Chairperson")
    ASSOCIATE = "associate", _("NGO in associate status")
    CONSULTATIVE = "consultative", _("NGO in consultative status")


COMMITTEE_KINDS = (SeatKind.ASSOCIATE, SeatKind.CONSULTATIVE)


class Election(models.Model):
    """The election held at one session of the International Conference of NGOs."""

    event = models.OneToOneField(
        Event,
        on_delete=models.PROTECT,
        related_name="election",
        limit_choices_to={"kind": Event.Kind.CIONG},
        verbose_name=_("conference session"),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    # The rules, as data: a Conference that changes them changes these.
    chair_seats = models.PositiveSmallIntegerField(_("Chairperson"), default=DEFAULT_CHAIR_SEATS)
    associate_seats = models.PositiveSmallIntegerField(
        _("seats for NGOs in associate status"), default=DEFAULT_ASSOCIATE_SEATS
    )
    consultative_seats = models.PositiveSmallIntegerField(
        _("seats for NGOs in consultative status"), default=DEFAULT_CONSULTATIVE_SEATS
    )
    min_seats_per_region = models.PositiveSmallIntegerField(
        _("minimum seats per region"), default=DEFAULT_MIN_SEATS_PER_REGION
    )
    one_seat_per_ngo = models.BooleanField(_("one seat per NGO"), default=True)
    rules_source = models.TextField(_("source of the rules"), default=DEFAULT_RULES_SOURCE)
    # The calendar.
    call_opens = models.DateField(_("call for candidatures"))
    candidatures_close = models.DateTimeField(_("closing date for candidatures"))
    candidates_published = models.DateField(_("publication of the candidates"))
    voting_opens = models.DateTimeField(_("voting opens"))
    voting_closes = models.DateTimeField(_("voting closes"))
    results_on = models.DateField(_("results"))
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    tellers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("tellers")
    )
    published = models.BooleanField(_("published"), default=True)
    roll_closed_at = models.DateTimeField(_("roll closed at"), null=True, blank=True)
    # Set when the count is made: the seed of the documented draw by lot.
    tie_seed = models.CharField(max_length=64, blank=True, editable=False)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    counted_from_paper = models.BooleanField(_("counted from paper ballots"), default=False)
    paper_ballots_cast = models.PositiveIntegerField(_("paper ballots cast"), null=True, blank=True)
    term = models.OneToOneField(
        CommitteeTerm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="election",
        verbose_name=_("Liaison Committee term"),
    )

    class Meta:
        ordering = ["-voting_opens"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="election_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(voting_closes__gt=models.F("voting_opens")),
                name="election_voting_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(voting_opens__gte=models.F("candidatures_close")),
                name="election_votes_after_candidatures",
            ),
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="election_term_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("elections:detail", kwargs={"slug": self.slug})

    def seats_for(self, kind: str) -> int:
        return {
            SeatKind.CHAIR: self.chair_seats,
            SeatKind.ASSOCIATE: self.associate_seats,
            SeatKind.CONSULTATIVE: self.consultative_seats,
        }[kind]

    @property
    def is_counted(self) -> bool:
        return self.counted_at is not None

    @property
    def roll_closed(self) -> bool:
        return self.roll_closed_at is not None


class Candidature(StoredFile):
    """An NGO's candidature for a seat, with its statement and the candidate's CV.

    The partner's status and region are recorded when it is nominated, so that
    the count can be reproduced from the published file whatever changes later.
    """

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting validation")
        VALIDATED = "validated", _("Validated")
        REJECTED = "rejected", _("Not admitted")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidatures")
    seat_kind = models.CharField(_("seat"), max_length=12, choices=SeatKind)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="candidatures", verbose_name=_("NGO")
    )
    person_name = models.CharField(
        _("candidate for Chairperson"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    statement = models.TextField(_("statement"), max_length=6000, blank=True)
    region = models.CharField(_("region"), max_length=30, choices=Region)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.SUBMITTED)
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The count's outcome (also in the published file).
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)
    by_regional_rule = models.BooleanField(_("elected under the regional rule"), default=False)
    by_lot = models.BooleanField(_("placed by lot"), default=False)

    class Meta:
        ordering = ["seat_kind", "partner__name"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "partner", "seat_kind"], name="candidature_once_per_seat_kind"
            ),
            models.CheckConstraint(
                condition=Q(seat_kind=SeatKind.CHAIR, person_name__gt="")
                | (~Q(seat_kind=SeatKind.CHAIR) & Q(person_name="")),
                name="candidature_person_for_chair_only",
            ),
        ]

    def __str__(self):
        if self.seat_kind == SeatKind.CHAIR:
            return f"{self.person_name} ({self.partner})"
        return str(self.partner)

    @property
    def code(self) -> str:
        """How the candidature is named in the published ballots."""
        return f"{self.seat_kind}:{self.partner.slug}"

    @property
    def display_name(self) -> str:
        return str(self)


class RollEntry(models.Model):
    """An NGO entitled to vote: its voting delegate registered for the session."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="roll")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    delegate_name = models.CharField(_("voting delegate"), max_length=200)
    delegate_email = models.EmailField(_("email"))

    class Meta:
        ordering = ["partner__name"]
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll")
        constraints = [
            models.UniqueConstraint(fields=["election", "partner"], name="roll_one_per_ngo"),
        ]

    def __str__(self):
        return str(self.partner)


class VoterMark(models.Model):
    """That an NGO on the roll has voted: nothing about how, nor when.

    The unique constraint is what makes a second vote impossible, whatever
    two sessions do at the same moment.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    roll_entry = models.OneToOneField(RollEntry, on_delete=models.CASCADE, related_name="mark")
    sealed = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("record of having voted")
        verbose_name_plural = _("records of having voted")

    def __str__(self):
        return str(self.roll_entry)


def new_receipt() -> str:
    """A receipt code: 20 random characters of an unambiguous alphabet, in groups of 5."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


class Ballot(models.Model):
    """One cast ballot, apart from any voter.

    No timestamp, no link: the primary key is random, so neither it nor the
    default ordering says which ballot came first.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    receipt = models.CharField(max_length=23, unique=True, default=new_receipt, editable=False)
    # The codes chosen (Candidature.code), sorted: the order of choosing is not kept.
    choices = models.JSONField(default=list)
    sealed = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["receipt"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self):
        return self.receipt


class PaperTally(models.Model):
    """The tellers' count of paper ballots for one candidature."""

    candidature = models.OneToOneField(
        Candidature, on_delete=models.CASCADE, related_name="paper_tally"
    )
    votes = models.PositiveIntegerField(_("votes"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("paper count")
        verbose_name_plural = _("paper counts")

    def __str__(self):
        return f"{self.candidature}: {self.votes}"


class CommitteeSeat(models.Model):
    """A seat of a Liaison Committee term, held by an NGO (the Chair: by a person)."""

    term = models.ForeignKey(CommitteeTerm, on_delete=models.CASCADE, related_name="seats")
    kind = models.CharField(_("seat"), max_length=12, choices=SeatKind)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="committee_seats", verbose_name=_("NGO")
    )
    person_name = models.CharField(_("name"), max_length=200, blank=True)
    candidature = models.OneToOneField(
        Candidature, on_delete=models.SET_NULL, null=True, blank=True, related_name="seat"
    )

    class Meta:
        ordering = ["kind", "partner__name"]
        verbose_name = _("Liaison Committee seat")
        verbose_name_plural = _("Liaison Committee seats")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "partner"],
                condition=~Q(kind=SeatKind.CHAIR),
                name="committee_seat_one_per_ngo",
            ),
            models.UniqueConstraint(
                fields=["term"], condition=Q(kind=SeatKind.CHAIR), name="committee_one_chair"
            ),
        ]

    def __str__(self):
        return f"{self.term} – {self.get_kind_display()}: {self.person_name or self.partner}"
