from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from foundation.languages import language_codes, localized_form_fields
from newsletter.models import Delivery

NOTE_MAX_LENGTH = 5000


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(_("The text contains a character that is not allowed."))
    return value


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)
    subscribed = forms.BooleanField(label=_("Receive the monthly newsletter"), required=False)


def _note_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        validators=[_no_nul],
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class NoteForm(forms.Form):
    locals().update(
        localized_form_fields("editorial_note", _("Editorial note (%(language)s)"), _note_field)
    )

    def notes(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"editorial_note_{code}"] for code in language_codes()}


class SendForm(forms.Form):
    """The confirmation of "Send to N subscribers": N as shown, so that a
    count that changed since the page was shown is confirmed again."""

    recipients = forms.IntegerField(min_value=0, max_value=10_000_000, widget=forms.HiddenInput)


class BuildForm(forms.Form):
    month = forms.RegexField(
        label=_("Month (YYYY-MM)"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        max_length=7,
        error_messages={"invalid": _("Give a month as YYYY-MM.")},
    )


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Delivery.Status.choices],
        required=False,
    )
