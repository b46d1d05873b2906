"""Forms for NGO self-service and Secretariat curation.

No editor form has a partner field: an editor's partner always comes from the
signed-in editor, never from what the browser sends. The Secretariat's
invitation forms are the exception: the Secretariat may invite editors for
any partner, so they offer a choice of partners, validated against the
database (a forged id is "not one of the available choices").
"""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from foundation import countries
from foundation.accounts.models import User
from foundation.languages import localized_field_names, localized_form_fields
from foundation.validators import validate_single_line
from partners.models import PartnerInvitation, Sector
from partners.widgets import PlainSelect

MISSION_MAX = 5000
MAX_CONTACTS = 30
MAX_DELEGATES = 300


def sector_choices():
    return [(code, label) for code, label in Sector.Code.choices]


def country_choices(blank: bool = True):
    return countries.choices(
        countries.un_countries, empty_label=_("Choose a country") if blank else None
    )


class LockedForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)


class ProfileForm(LockedForm):
    locals().update(
        localized_form_fields(
            "mission",
            _("Mission (%(language)s)"),
            lambda label: forms.CharField(
                label=label, widget=forms.Textarea, max_length=MISSION_MAX, required=False
            ),
        )
    )
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    city = forms.CharField(
        label=_("City"), max_length=120, required=False, validators=[validate_single_line]
    )
    country = forms.ChoiceField(label=_("Country of headquarters"), choices=country_choices)
    sectors = forms.MultipleChoiceField(
        label=_("UNESCO sectors"),
        choices=sector_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def mission_fields(self):
        return [self[name] for name in localized_field_names("mission")]

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in localized_field_names("mission")) and not self.errors:
            raise ValidationError(_("Give the mission in at least one language."))
        return data


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[validate_single_line])
    title = forms.CharField(
        label=_("Position"), max_length=200, required=False, validators=[validate_single_line]
    )
    email = forms.EmailField(label=_("Email"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )


class DelegateForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=country_choices)
    name = forms.CharField(label=_("Name"), max_length=200, validators=[validate_single_line])
    email = forms.EmailField(label=_("Email"), required=False)


class BaseUniqueFormSet(forms.BaseFormSet):
    unique_keys: tuple[str, ...] = ()
    duplicate_message = ""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.cleaned_data or self._should_delete_form(form):
                continue
            key = tuple(str(form.cleaned_data.get(k, "")).lower() for k in self.unique_keys)
            if key in seen:
                raise ValidationError(self.duplicate_message)
            seen.add(key)

    def rows(self) -> list[dict]:
        return [
            {key: form.cleaned_data.get(key) or "" for key in form.fields if key != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not self._should_delete_form(form)
        ]


class BaseContactFormSet(BaseUniqueFormSet):
    unique_keys = ("email",)
    duplicate_message = _("Each contact needs a different email address.")

    def rows(self):
        rows = super().rows()
        for row in rows:
            row["email"] = row["email"].lower()
        return rows


class BaseDelegateFormSet(BaseUniqueFormSet):
    unique_keys = ("country", "name")
    duplicate_message = _("The same delegate is listed twice for one country.")


ContactFormSet = forms.formset_factory(
    ContactForm,
    formset=BaseContactFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_CONTACTS,
    validate_max=True,
    absolute_max=MAX_CONTACTS,
)
DelegateFormSet = forms.formset_factory(
    DelegateForm,
    formset=BaseDelegateFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_DELEGATES,
    validate_max=True,
    absolute_max=MAX_DELEGATES,
)


class ActionForm(forms.Form):
    locals().update(
        localized_form_fields(
            "title",
            _("Title (%(language)s)"),
            lambda label: forms.CharField(
                label=label, max_length=255, required=False, validators=[validate_single_line]
            ),
        )
    )
    locals().update(
        localized_form_fields(
            "text",
            _("Description (%(language)s)"),
            lambda label: forms.CharField(
                label=label, widget=forms.Textarea, max_length=10000, required=False
            ),
        )
    )
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=lambda: country_choices(blank=False),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    sectors = forms.MultipleChoiceField(
        label=_("UNESCO sectors"),
        choices=sector_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    link = forms.URLField(label=_("Link"), max_length=300, required=False, assume_scheme="https")
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not any(data.get(f) for f in localized_field_names("title")) and not self.errors:
            raise ValidationError(_("Give a title in at least one language."))
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        return data


class RevisionDecisionForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)
    profile_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)
    comment = forms.CharField(
        label=_("Comment for the editors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class InvitationAcceptForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, validators=[validate_single_line]
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(email=self.email, full_name=data.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


# The longest address SMTP carries (RFC 5321: a path of 256 characters with
# its angle brackets), and the model field's length.
EMAIL_MAX = 254


class PartnerChoiceField(forms.ModelChoiceField):
    """A partner picked from a <select>; its options are rendered in Python
    (PlainSelect), since there are a few thousand of them."""

    widget = PlainSelect


def _no_control_characters_or_markup(value: str) -> str:
    if any(ch < " " or ch == "\x7f" for ch in value):
        raise ValidationError(_("Write the name on one line, without control characters."))
    if "<" in value or ">" in value:
        raise ValidationError(_("A name cannot contain the characters < and >."))
    return value


class InvitationForm(forms.Form):
    """The Secretariat invites someone to become an editor of a partner."""

    email = forms.EmailField(label=_("Email"), max_length=EMAIL_MAX)
    partner = PartnerChoiceField(
        label=_("Partner"), queryset=None, empty_label=_("Choose a partner")
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        validators=[validate_single_line, _no_control_characters_or_markup],
        help_text=_("Optional: the email then greets the person by name."),
    )
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class InvitationFilterForm(forms.Form):
    """The list of invitations' filters; an invalid value shows no invitation."""

    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("All states")), *PartnerInvitation.State.choices],
        required=False,
    )
    partner = PartnerChoiceField(
        label=_("Partner"), queryset=None, required=False, empty_label=_("All partners")
    )
    email = forms.CharField(
        label=_("Email contains"), max_length=EMAIL_MAX, required=False, widget=forms.SearchInput
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
