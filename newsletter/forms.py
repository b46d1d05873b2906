from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forums.models import Event
from foundation.countries import choices as country_choices
from foundation.countries import un_countries
from foundation.languages import language_codes, localized_form_fields
from foundation.mail.models import Bounce
from foundation.uploads import PDF, check_upload
from foundation.validators import validate_single_line
from newsletter.models import Delivery, Mailing
from partners.models import PartnershipStatus, Sector
from partners.regions import Region

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
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics (UNESCO sectors) of the mailings you receive; none: all"),
        queryset=Sector.objects.order_by("pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


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


def _subject_field(label):
    return forms.CharField(label=label, max_length=200, validators=[_no_nul, validate_single_line])


def _body_field(label):
    return forms.CharField(
        label=label,
        max_length=20000,
        validators=[_no_nul],
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class AudienceForm(forms.Form):
    """Who a mailing goes to; also the GET form of the live count."""

    audience = forms.ChoiceField(label=_("Audience"), choices=Mailing.Audience.choices)
    partner_status = forms.ChoiceField(
        label=_("Partnership status"),
        choices=[("", _("Any")), *PartnershipStatus.choices],
        required=False,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors (topics of the mailing)"),
        queryset=Sector.objects.order_by("pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("Any")), *Region.choices], required=False
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    event = forms.ModelChoiceField(
        label=_("Event"), queryset=Event.objects.order_by("-pk"), required=False
    )
    official_notice = forms.BooleanField(
        label=_("Official notice to partners (such as a CIONG convocation)"),
        help_text=_(
            "Reaches the contacts of partner NGOs even if they did not opt in to the "
            "newsletter, whatever topics they chose. Unsubscribed and suppressed addresses "
            "are still left out. Only for the partner-contact and Liaison Committee audiences."
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices(un_countries, empty_label=_("Any"))

    def clean(self):
        data = super().clean()
        if data.get("audience") == Mailing.Audience.EVENT and not data.get("event"):
            self.add_error("event", _("Choose the event whose registrants receive the mailing."))
        if data.get("official_notice") and data.get("audience") not in Mailing.NOTICE_AUDIENCES:
            self.add_error(
                "official_notice",
                _(
                    "Only a mailing to the contacts of partner NGOs or to the Liaison "
                    "Committee can be an official notice."
                ),
            )
        return data


class MailingForm(AudienceForm):
    locals().update(localized_form_fields("subject", _("Subject (%(language)s)"), _subject_field))
    locals().update(localized_form_fields("body", _("Text (%(language)s)"), _body_field))
    public = forms.BooleanField(label=_("Archive it on the site"), required=False)
    pdf = forms.FileField(label=_("PDF (optional)"), required=False)
    remove_pdf = forms.BooleanField(label=_("Remove the PDF"), required=False)

    field_order = [
        *[f"subject_{code}" for code in language_codes()],
        *[f"body_{code}" for code in language_codes()],
        "audience",
    ]

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload:
            check_upload(
                upload,
                allowed=frozenset({PDF}),
                not_accepted=_("%(name)s is not a PDF file."),
            )
        return upload


class SuppressionSearchForm(forms.Form):
    q = forms.CharField(label=_("Address"), max_length=254, required=False, validators=[_no_nul])


class BounceFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        choices=[("open", _("To handle")), ("handled", _("Handled")), ("all", _("All"))],
        required=False,
    )


class BounceClassifyForm(forms.Form):
    """A message left for review, read by a person as a bounce for an address."""

    kind = forms.ChoiceField(
        label=_("It is"),
        choices=[
            (Bounce.Kind.HARD, _("a hard bounce: the address does not exist or refuses us")),
            (Bounce.Kind.SOFT, _("a soft bounce: a temporary failure, such as a full mailbox")),
        ],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label=_("for the address"), max_length=254, validators=[_no_nul])
