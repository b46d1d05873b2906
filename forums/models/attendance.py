"""Registration types, check-ins, personal agendas and session feedback (issue 19).

A Registration (forums.models.events) belongs to a RegistrationType when it
was made through the participation pages; its `status` says whether it holds
a place (confirmed, or offered to someone from the waiting list) or waits.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models.events import Event, ProgrammeItem, Registration


class RegistrationType(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("Partner NGO representatives")
        OBSERVER = "observer", _("Observers from other organisations")
        DELEGATION = "delegation", _("Member State delegations")
        PUBLIC = "public", _("General public")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registration_types")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    opens_on = models.DateField(_("registration opens on"))
    closes_on = models.DateField(_("registration closes on"))
    confirm_days = models.PositiveSmallIntegerField(
        _("days to confirm a place offered from the waiting list"), default=3
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("registration type")
        verbose_name_plural = _("registration types")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="registration_type_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(confirm_days__gte=1), name="confirm_days_positive"),
        ]

    def __str__(self):
        return f"{self.event} – {self.name}"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opens_on <= today <= self.closes_on


class CheckIn(models.Model):
    """A participant seen at the door: once, however often the badge is scanned."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="check_in"
    )
    at = models.DateTimeField(_("checked in at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self):
        return f"{self.registration} {self.at:%Y-%m-%d %H:%M}"


class AgendaEntry(models.Model):
    """A programme item a participant plans to attend."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="agenda")
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="attendees")

    class Meta:
        verbose_name = _("agenda entry")
        verbose_name_plural = _("agenda entries")
        constraints = [
            models.UniqueConstraint(fields=["registration", "item"], name="agenda_entry_once"),
        ]

    def __str__(self):
        return f"{self.registration} – {self.item}"


class SessionFeedback(models.Model):
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="feedback")
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["item", "registration"], name="feedback_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.item} – {self.rating}"
