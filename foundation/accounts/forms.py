"""Account forms: the Member State delegate's sign-up and the Secretariat's tools."""

from django import forms
from django.utils.translation import gettext_lazy as _

from foundation import countries
from foundation.accounts.models import DelegateProfile
from foundation.accounts.services import delegate_register


class DelegateSignupForm(forms.Form):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

    Public sign-up is for Member State delegates only; NGO editors are
    invited and the Secretariat is created by an operator. The profile is
    created unverified: the person acts as a delegate only once the
    Secretariat verifies them. No field here can grant any role.
    """

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    country = forms.ChoiceField(
        label=_("Member State"),
        choices=lambda: countries.choices(
            countries.member_states, empty_label=_("Choose a Member State")
        ),
    )
    body = forms.ChoiceField(
        label=_("You belong to"),
        choices=DelegateProfile.Body.choices,
        widget=forms.RadioSelect,
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)

    field_order = ["full_name", "email", "country", "body", "position", "password1", "password2"]

    def signup(self, request, user):
        delegate_register(
            user=user,
            full_name=self.cleaned_data["full_name"],
            country=self.cleaned_data["country"],
            body=self.cleaned_data["body"],
            position=self.cleaned_data.get("position", ""),
        )
