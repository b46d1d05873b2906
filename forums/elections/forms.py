from django import forms
from django.utils.translation import gettext_lazy as _

from forums.forms import CleanText
from forums.models.elections import SeatKind
from foundation.languages import language_codes, localized_form_fields
from foundation.validators import validate_single_line

LANGUAGES = language_codes()


class CandidatureForm(forms.Form):
    seat_kind = forms.ChoiceField(label=_("Seat"), choices=SeatKind.choices)
    person_name = CleanText(
        label=_("Candidate for Chairperson (a person, elected in a personal capacity)"),
        max_length=200,
        required=False,
        validators=[validate_single_line],
    )
    locals().update(
        localized_form_fields(
            "statement",
            _("Statement (%(language)s)"),
            lambda label: CleanText(
                label=label, required=False, widget=forms.Textarea, max_length=6000
            ),
        )
    )
    cv = forms.FileField(
        label=_("Candidate's CV (PDF, DOCX or ODT)"),
        help_text=_("For an NGO, the CV of the person who will represent it on the Committee."),
    )

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat_kind"].choices = [
            (kind.value, kind.label) for kind in SeatKind if election.seats_for(kind)
        ]

    def statements(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"statement_{code}", "") for code in LANGUAGES}

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(f"statement_{code}") for code in LANGUAGES):
            raise forms.ValidationError(_("Write the statement in at least one language."))
        if data.get("seat_kind") == SeatKind.CHAIR and not data.get("person_name"):
            self.add_error("person_name", _("Name the candidate for Chairperson."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("validate", _("Validate")), ("reject", _("Do not admit"))],
        widget=forms.RadioSelect,
    )
    reason = CleanText(
        label=_("Reason (required when not admitted)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class BallotForm(forms.Form):
    """One group of checkboxes per list; the limit per list is checked here and by the service."""

    def __init__(self, *args, election, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        self.limits = {}
        for kind, label, candidatures in groups:
            if not candidatures:
                continue
            seats = election.seats_for(kind)
            self.limits[kind] = seats
            self.fields[kind] = forms.MultipleChoiceField(
                label=label,
                required=False,
                choices=[(c.code, c.display_name) for c in candidatures],
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Choose at most %(seats)s.") % {"seats": seats},
            )

    def clean(self):
        data = super().clean()
        for kind, seats in self.limits.items():
            if len(data.get(kind) or []) > seats:
                self.add_error(
                    kind, _("Too many choices: at most %(seats)s in this list.") % {"seats": seats}
                )
        return data

    def choices(self) -> list[str]:
        return [code for kind in self.limits for code in self.cleaned_data.get(kind) or []]


class PaperCountForm(forms.Form):
    ballots_cast = forms.IntegerField(label=_("Paper ballots cast"), min_value=0, max_value=100000)

    def __init__(self, *args, candidatures, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidatures = list(candidatures)
        for candidature in self.candidatures:
            self.fields[f"votes_{candidature.pk}"] = forms.IntegerField(
                label=_("%(candidate)s (%(seat)s)")
                % {
                    "candidate": candidature.display_name,
                    "seat": candidature.get_seat_kind_display(),
                },
                min_value=0,
                max_value=100000,
            )

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidatures}
