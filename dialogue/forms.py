"""Forms: where user input enters, and where it is refused with a message."""

import datetime
import re
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dialogue.models import Format, Setting, State
from dialogue.uploads import MAX_FILES, check_upload
from forums.selectors import event_list_public
from foundation.languages import language_choices
from foundation.timezones import time_zone_choices
from foundation.validators import validate_single_line
from partners.models import Sector

MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")


def _no_nul(value: str) -> str:
    if value and "\x00" in value:
        raise ValidationError(_("This text contains a forbidden character."), code="nul")
    return value


def _no_markup(value: str) -> str:
    if value and MARKUP.search(value):
        raise ValidationError(_("Write plain text, without HTML markup."), code="markup")
    return value


class PlainTextField(forms.CharField):
    """Plain text: no NUL byte, no HTML tag."""

    default_validators = [_no_nul, _no_markup]


class CleanCharField(forms.CharField):
    """A CharField that refuses NUL bytes with a message instead of a 500."""

    default_validators = [_no_nul]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files, each checked by content (PDF, DOCX, ODT) and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > MAX_FILES:
            raise ValidationError(
                _("Attach at most %(max)d files."), params={"max": MAX_FILES}, code="too_many"
            )
        cleaned = []
        errors = []
        for uploaded in files:
            single = super().clean(uploaded, initial)
            try:
                check_upload(single)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            cleaned.append(single)
        if errors:
            raise ValidationError(errors)
        return cleaned


def sector_choices():
    return [(sector.code, sector.name) for sector in Sector.objects.order_by("position")]


class RequestForm(forms.Form):
    """What a delegate submits. There is no country or requester field:
    both come from the signed-in delegate's verified profile."""

    theme = PlainTextField(label=_("Theme"), max_length=255, validators=[validate_single_line])
    description = PlainTextField(label=_("Description"), max_length=5000, widget=forms.Textarea)
    sectors = forms.MultipleChoiceField(
        label=_("UNESCO sectors concerned"), widget=forms.CheckboxSelectMultiple
    )
    setting = forms.ChoiceField(label=_("Setting"), choices=Setting.choices)
    executive_board_session = forms.IntegerField(
        label=_("Executive Board session (for the NGP Committee)"),
        required=False,
        min_value=1,
        max_value=999,
    )
    setting_detail = PlainTextField(
        label=_("Setting details"),
        max_length=255,
        required=False,
        validators=[validate_single_line],
        help_text=_("Which CIONG session or forum, which National Commission, or other."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    preferred_from = forms.DateField(
        label=_("Preferred period: from"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    preferred_until = forms.DateField(
        label=_("Preferred period: until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    expertise_sought = PlainTextField(
        label=_("Expertise sought from NGOs"), max_length=5000, widget=forms.Textarea
    )
    attachments = MultipleFileField(
        label=_("Attachments (PDF, DOCX or ODT, optional)"),
    )

    def __init__(self, *args, profile=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.fields["sectors"].choices = sector_choices()

    def clean(self):
        cleaned = super().clean()
        # No country or requester field exists: both come from the verified
        # profile. A request that carries either was forged; refuse it
        # rather than silently ignore it.
        forged_country = self.data.get("country", "")
        if forged_country and (
            self.profile is None or forged_country.upper() != self.profile.country.code
        ):
            raise ValidationError(
                _("You can only submit requests for your own Member State."), code="country"
            )
        forged_requester = self.data.get("requester", "")
        if forged_requester and (
            self.profile is None or forged_requester != str(self.profile.user_id)
        ):
            raise ValidationError(
                _("You can only submit requests in your own name."), code="requester"
            )
        start, end = cleaned.get("preferred_from"), cleaned.get("preferred_until")
        if start and end:
            if end < start:
                self.add_error("preferred_until", _("The period must end after it starts."))
            if end < timezone.localdate():
                self.add_error("preferred_until", _("The preferred period is already over."))
        if cleaned.get("setting") == Setting.PNG_COMMITTEE and not cleaned.get(
            "executive_board_session"
        ):
            self.add_error(
                "executive_board_session",
                _("Give the Executive Board session for an NGP Committee hearing."),
            )
        return cleaned


class WithdrawForm(forms.Form):
    reason = CleanCharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CoSponsorForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the delegate to invite"), max_length=254)


class InterestForm(forms.Form):
    statement = PlainTextField(
        label=_("Short statement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What your organisation would bring to this dialogue."),
    )
    proposed_speaker = PlainTextField(
        label=_("Proposed speaker"), max_length=200, validators=[validate_single_line]
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the speaker uses"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
    )


class TransitionForm(forms.Form):
    """The Secretariat's decisions other than scheduling."""

    to_state = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (State.UNDER_REVIEW, _("Start the review")),
            (State.ACCEPTED, _("Accept")),
            (State.DECLINED, _("Decline")),
            (State.HELD, _("Mark as held")),
        ],
    )
    reason = CleanCharField(
        label=_("Reason (required to decline; sent to the delegates)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, allowed=None, **kwargs):
        """`allowed`: the states the user may move the request to now
        (services.allowed_targets); the menu offers those only, so that no
        choice fails once submitted. Scheduling has a form of its own."""
        super().__init__(*args, **kwargs)
        if allowed is not None:
            field = self.fields["to_state"]
            field.choices = [(value, label) for value, label in field.choices if value in allowed]
            # A page shown before a colleague's decision may offer a move no
            # longer possible.
            field.error_messages["invalid_choice"] = _(
                "This decision is not possible for the request as it is now: "
                "choose one of those offered."
            )
            if State.DECLINED not in allowed:
                del self.fields["reason"]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["to_state"].choices)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_state") == State.DECLINED and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for declining."))
        return cleaned


class ScheduleForm(forms.Form):
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), initial="Europe/Paris")
    place = CleanCharField(
        label=_("Place"), max_length=255, required=False, validators=[validate_single_line]
    )
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    event = forms.ModelChoiceField(
        label=_("Forum or conference session"),
        queryset=event_list_public().none(),
        required=False,
        empty_label=_("None"),
        help_text=_(
            "When the hearing takes place during a forum or a session of the International "
            "Conference of NGOs; its date must fall within the session's dates."
        ),
    )
    occasion = CleanCharField(
        label=_("Occasion"),
        max_length=255,
        required=False,
        help_text=_("e.g. 222nd session of the Executive Board, CIONG 2026"),
    )

    # Sessions that ended longer ago than this are not offered: a hearing is
    # scheduled ahead, or recorded soon after it was held.
    EVENT_LOOKBACK = datetime.timedelta(days=366)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.initial.get("time_zone") or self.data.get("time_zone") or ""
        self.fields["time_zone"].choices = time_zone_choices(current=str(current))
        since = timezone.localdate() - self.EVENT_LOOKBACK
        self.fields["event"].queryset = (
            event_list_public().filter(end_date__gte=since).order_by("start_date", "pk")
        )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("place") or cleaned.get("online_link")) and not self.errors:
            raise ValidationError(_("Give a place, an online link, or both."))
        return cleaned

    def schedule(self) -> dict:
        """The validated values as the service expects them (aware datetimes)."""
        data = self.cleaned_data
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        start = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=zone)
        end = None
        if data.get("end_time"):
            end = datetime.datetime.combine(data["date"], data["end_time"], tzinfo=zone)
        return {
            "scheduled_at": start,
            "ends_at": end,
            "time_zone": data["time_zone"],
            "place": data.get("place", ""),
            "online_link": data.get("online_link", ""),
            "occasion": data.get("occasion", ""),
            "event": data.get("event"),
        }


class SelectionForm(forms.Form):
    partners = forms.TypedMultipleChoiceField(
        label=_("Participating NGOs"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, interests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].choices = [
            (interest.partner_id, interest.partner.name) for interest in interests
        ]


class SecretariatEditForm(forms.Form):
    """Translations of theme and description, and internal notes."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in language_choices():
            self.fields[f"theme_{code}"] = CleanCharField(
                label=_("Theme (%(language)s)") % {"language": name},
                max_length=255,
                required=False,
                validators=[validate_single_line],
            )
            self.fields[f"description_{code}"] = CleanCharField(
                label=_("Description (%(language)s)") % {"language": name},
                max_length=5000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.fields["internal_notes"] = CleanCharField(
            label=_("Internal notes (Secretariat only)"),
            max_length=5000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
        )
        if request is not None and not self.is_bound:
            for code, _name in language_choices():
                self.initial[f"theme_{code}"] = getattr(request, f"theme_{code}") or ""
                self.initial[f"description_{code}"] = getattr(request, f"description_{code}") or ""
            self.initial["internal_notes"] = request.internal_notes


class OutcomeForm(forms.Form):
    documents = MultipleFileField(label=_("Outcome documents (PDF, DOCX or ODT)"))

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in (("summary", _("Summary")), ("follow_up", _("Follow-up actions"))):
            for code, name in language_choices():
                self.fields[f"{field}_{code}"] = CleanCharField(
                    label=f"{label} ({name})",
                    max_length=10000,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
                if request is not None and not self.is_bound:
                    self.initial[f"{field}_{code}"] = getattr(request, f"{field}_{code}") or ""
        # Documents last on the page.
        self.order_fields([name for name in self.fields if name != "documents"] + ["documents"])

    def texts(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "documents"}
