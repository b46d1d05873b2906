"""Forms of the application and its examination. The rules are in services and rules."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from foundation import uploads
from partners.lifecycle.models import Application, ApplicationDocument, DecisionLetter
from partners.models import Sector

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationStartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Status requested"),
        choices=Application.Kind.choices,
        widget=forms.RadioSelect,
    )


class ApplicationForm(forms.ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("UNESCO sectors"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Application
        fields = [
            "organisation_name",
            "acronym",
            "scope",
            "founding_year",
            "country",
            "city",
            "address",
            "website",
            "email",
            "head_name",
            "head_title",
            "has_legal_status",
            "has_statutes",
            "has_headquarters",
            "mission",
            "projects",
            "cooperation",
            "language",
        ]
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 5}),
            "projects": forms.Textarea(attrs={"rows": 5}),
            "cooperation": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "founding_year": _("An organisation must have existed for two years to apply."),
            "language": _("The language of the letters and emails about this request."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["founding_year"].widget.attrs.update(min=1800, max=2100)
        if self.instance.partner_id:
            # An associate request comes from a partner: its identity is the
            # profile's, changed through the profile, not here.
            for name in ("organisation_name", "acronym", "country", "city", "address"):
                self.fields[name].disabled = True

    def clean_founding_year(self):
        value = self.cleaned_data.get("founding_year")
        if value is not None and not 1800 <= value <= datetime.date.today().year:
            raise ValidationError(_("Give a year between 1800 and this year."))
        return value


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, Word (DOCX) or OpenDocument (ODT)."))

    def clean_file(self):
        # Checked here too so that a refusal stands beside the field; the service checks again.
        uploads.check_document(self.cleaned_data["file"])
        return self.cleaned_data["file"]


class DecisionForm(forms.Form):
    """The Secretariat's next step: the choices are the moves the table allows now."""

    to_state = forms.ChoiceField(label=_("Next step"))
    message = forms.CharField(
        label=_("Message to the applicant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("Required when asking for documents: say what is missing."),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=[("", "—"), *Application.Recommendation.choices],
        required=False,
    )
    recommendation_text = forms.CharField(
        label=_("Grounds of the recommendation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    decided_on = forms.DateField(label=_("Decision date"), required=False, widget=DATE_WIDGET)
    reference = forms.CharField(
        label=_("Decision reference"),
        required=False,
        max_length=60,
        help_text=_("e.g. DG/7/17/1815"),
    )
    executive_board_session = forms.IntegerField(
        label=_("Executive Board session"),
        required=False,
        min_value=1,
        max_value=999,
        help_text=_(
            "Associate status: the session that decided. Consultative status: the session "
            "to be informed."
        ),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Application.State.choices)
        self.fields["to_state"].choices = [(state, labels[state]) for state in targets]

    def clean_decided_on(self):
        value = self.cleaned_data.get("decided_on")
        if value and value > datetime.date.today() + datetime.timedelta(days=366):
            raise ValidationError(_("The decision date is too far in the future."))
        if value and value.year < 1946:
            raise ValidationError(_("The decision date is before UNESCO existed."))
        return value

    def decision(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in (
                "recommendation",
                "recommendation_text",
                "decided_on",
                "reference",
                "executive_board_session",
            )
        }


class CommentForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("As focal point of"), queryset=Sector.objects.none())
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )

    def __init__(self, *args, sectors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = sectors if sectors is not None else Sector.objects.none()


class LetterForm(forms.ModelForm):
    class Meta:
        model = DecisionLetter
        fields = ["reference", "dated", "addressee", "salutation", "body", "closing", "signatory"]
        widgets = {
            "dated": DATE_WIDGET,
            "addressee": forms.Textarea(attrs={"rows": 5}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "closing": forms.Textarea(attrs={"rows": 2}),
        }
