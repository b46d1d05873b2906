from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from forums.models import Document, Event, Meeting
from foundation import uploads
from foundation.languages import language_codes, localized_field_names, localized_form_fields
from foundation.validators import validate_single_line

LANGUAGES = language_codes()


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError(_("The text contains a forbidden character."))
    return value


class CleanText(forms.CharField):
    def clean(self, value):
        return _no_nul(super().clean(value) or "")


class MeetingForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = CleanText(
        label=_("Place"), max_length=255, required=False, validators=[validate_single_line]
    )
    online = forms.BooleanField(label=_("Online"), required=False)
    agenda = CleanText(label=_("Agenda"), required=False, widget=forms.Textarea, max_length=20000)
    minutes = CleanText(
        label=_("Minutes (members only)"), required=False, widget=forms.Textarea, max_length=50000
    )

    def clean(self):
        data = super().clean()
        if not data.get("online") and not (data.get("place") or "").strip():
            self.add_error("place", _("Give a place, or mark the meeting as online."))
        return data

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict:
        return {
            "date": meeting.date,
            "place": meeting.place,
            "online": meeting.online,
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
        }


def _title_field(label):
    return CleanText(label=label, max_length=255, required=False, validators=[validate_single_line])


class VersionFilesForm(forms.Form):
    """One optional file per language; at least one is required."""

    locals().update(
        localized_form_fields(
            "file",
            _("File (%(language)s)"),
            lambda label: forms.FileField(label=label, required=False),
        )
    )
    note = CleanText(
        label=_("What changed"), max_length=500, required=False, validators=[validate_single_line]
    )

    def files_by_language(self) -> dict:
        return {lang: self.cleaned_data.get(f"file_{lang}") for lang in LANGUAGES}

    def clean(self):
        data = super().clean()
        if not any(data.get(f"file_{lang}") for lang in LANGUAGES) and not self.errors:
            raise forms.ValidationError(_("Upload at least one file, in one of the languages."))
        return data


class DocumentForm(VersionFilesForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    locals().update(localized_form_fields("title", _("Title (%(language)s)"), _title_field))
    locals().update(
        localized_form_fields(
            "summary",
            _("Summary (%(language)s)"),
            lambda label: CleanText(
                label=label, required=False, widget=forms.Textarea, max_length=5000
            ),
        )
    )
    document_date = forms.DateField(
        label=_("Date of the document"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=Meeting.objects.none(), required=False
    )

    field_order = [
        "kind",
        *localized_field_names("title"),
        *localized_field_names("summary"),
        "document_date",
        "meeting",
        *localized_field_names("file"),
        "note",
    ]

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this group's meetings: a forged id of another group's meeting is "not a choice".
        self.fields["meeting"].queryset = group.meetings.order_by("-date")

    def clean(self):
        data = super().clean()
        if not any((data.get(f"title_{lang}") or "").strip() for lang in LANGUAGES):
            self.add_error(f"title_{settings.LANGUAGE_CODE}", _("Give the document a title."))
        return data


class CommentForm(forms.Form):
    text = CleanText(
        label=_("Comment"),
        widget=forms.Textarea,
        validators=[MaxLengthValidator(10000)],
        max_length=10000,
    )


class RegistrationForm(forms.Form):
    full_name = CleanText(label=_("Full name"), max_length=200, validators=[validate_single_line])
    email = forms.EmailField(label=_("Email"))
    position = CleanText(
        label=_("Position"), max_length=200, required=False, validators=[validate_single_line]
    )
    is_voting_delegate = forms.BooleanField(
        label=_("Voting delegate of my organisation"), required=False
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        if not event.is_ciong:
            del self.fields["is_voting_delegate"]


class EventFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("All")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Event.Kind.choices]


def _accepted_files_help() -> str:
    return _("PDF, DOCX, ODT, XLSX, PNG or JPEG, up to %(limit)s.") % {
        "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
    }


class EventDocumentForm(forms.Form):
    """An outcome document of an event: a title in one language at least, the file, its language."""

    locals().update(localized_form_fields("title", _("Title (%(language)s)"), _title_field))
    language = forms.ChoiceField(label=_("Language of the file"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("File"), help_text=lazy(_accepted_files_help, str)())
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused here to show the message beside the field; the service checks again.
        uploads.check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not any((data.get(f"title_{lang}") or "").strip() for lang in LANGUAGES):
            self.add_error(f"title_{settings.LANGUAGE_CODE}", _("Give the document a title."))
        return data

    def titles(self) -> dict[str, str]:
        return {lang: self.cleaned_data[f"title_{lang}"] for lang in LANGUAGES}
