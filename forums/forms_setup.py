"""Forms of the organisers' set-up pages: the call, registration types, programme items.

Texts the public reads are asked in every language (the model's translated
columns, django-modeltranslation); at least one must be filled in.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forums.forms import CleanText
from forums.models import CallForProposals, ProgrammeItem, RegistrationType
from forums.models.proposals import SessionFormat
from foundation.languages import localized_field_names, localized_form_fields
from foundation.validators import validate_single_line

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
TIME = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


def _text(label, **kwargs):
    return lambda text: CleanText(label=text, required=False, **kwargs)


def _require_one(form, field: str, message) -> None:
    names = localized_field_names(field)
    if not form.errors and not any((form.cleaned_data.get(name) or "").strip() for name in names):
        form.add_error(names[0], message)


class CallForm(forms.ModelForm):
    formats = forms.MultipleChoiceField(
        label=_("Session formats"),
        choices=SessionFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every format."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Session languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every language."),
    )
    locals().update(
        localized_form_fields(
            "description",
            _("Description (%(language)s)"),
            _text(_("Description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000),
        )
    )
    locals().update(
        localized_form_fields(
            "themes",
            _("Themes, one per line (%(language)s)"),
            _text(_("Themes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000),
        )
    )

    class Meta:
        model = CallForProposals
        fields = [
            "opens_on",
            "closes_on",
            *localized_field_names("description"),
            *localized_field_names("themes"),
            "formats",
            "languages",
            "open_to_others",
            "anonymous_review",
        ]
        widgets = {"opens_on": DATE["widget"], "closes_on": DATE["widget"]}

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("The call must close on or after the day it opens."))
        _require_one(self, "description", _("Describe the call in at least one language."))
        return data


class RegistrationTypeForm(forms.ModelForm):
    locals().update(
        localized_form_fields(
            "name",
            _("Name (%(language)s)"),
            _text(_("Name"), max_length=200, validators=[validate_single_line]),
        )
    )

    class Meta:
        model = RegistrationType
        fields = [
            "kind",
            *localized_field_names("name"),
            "capacity",
            "opens_on",
            "closes_on",
            "confirm_days",
            "position",
        ]
        labels = {"kind": _("Who may register"), "position": _("Order on the page")}
        help_texts = {
            "kind": _(
                "Partner NGO representatives: NGO editors; delegations: verified Member State "
                "delegates; observers and the public: anyone signed in."
            )
        }
        widgets = {"opens_on": DATE["widget"], "closes_on": DATE["widget"]}

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("Registration must close on or after the day it opens."))
        _require_one(self, "name", _("Name the registration type in at least one language."))
        return data


class ProgrammeItemForm(forms.Form):
    day = forms.DateField(label=_("Day"), **DATE)
    start_time = forms.TimeField(label=_("Starts"), **TIME)
    end_time = forms.TimeField(label=_("Ends"), **TIME)
    room = CleanText(
        label=_("Room"), max_length=120, required=False, validators=[validate_single_line]
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeItem.Kind.choices)
    locals().update(
        localized_form_fields(
            "title",
            _("Title (%(language)s)"),
            _text(_("Title"), max_length=300, validators=[validate_single_line]),
        )
    )
    locals().update(
        localized_form_fields(
            "description",
            _("Description (%(language)s)"),
            _text(_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000),
        )
    )
    speakers = CleanText(
        label=_("Speakers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("One per line: name, affiliation."),
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation languages"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_clashes = forms.BooleanField(
        label=_("Save the session despite the warnings"), required=False
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The session must end after it starts."))
        _require_one(self, "title", _("Give the session a title in at least one language."))
        return data

    @classmethod
    def initial_for(cls, item: ProgrammeItem) -> dict:
        initial = {
            "day": item.day,
            "start_time": item.start_time,
            "end_time": item.end_time,
            "room": item.room,
            "kind": item.kind,
            "interpretation": item.interpretation,
            "speakers": "\n".join(
                f"{s.name}, {s.affiliation}" if s.affiliation else s.name
                for s in item.speakers.all()
            ),
        }
        for name in (*localized_field_names("title"), *localized_field_names("description")):
            initial[name] = getattr(item, name) or ""
        return initial
