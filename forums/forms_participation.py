"""Forms of issue 19: proposals, reviews, decisions, scheduling, registration, the door."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forums.forms import CleanText
from forums.models import RegistrationType
from forums.models.proposals import RoomSize
from foundation.validators import validate_single_line

LANGUAGE_CHOICES = list(settings.LANGUAGES)


class ProposalForm(forms.Form):
    title = CleanText(label=_("Title"), max_length=300, validators=[validate_single_line])
    organisation = CleanText(
        label=_("Organisation"), max_length=255, required=False, validators=[validate_single_line]
    )
    abstract = CleanText(label=_("Abstract"), widget=forms.Textarea, max_length=5000)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    format = forms.ChoiceField(label=_("Format"))
    speakers = CleanText(
        label=_("Proposed speakers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        help_text=_("One per line: name, affiliation."),
    )
    language = forms.ChoiceField(label=_("Language of the session"))
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation needed into"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    room_size = forms.ChoiceField(label=_("Preferred room size"), choices=RoomSize.choices)

    def __init__(self, *args, call, is_partner: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = call.format_choices
        self.fields["language"].choices = call.language_choices
        themes = call.theme_list
        if themes:
            self.fields["theme"].choices = [("", "—"), *[(t, t) for t in themes]]
        else:
            del self.fields["theme"]
        if is_partner:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].required = True


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("1: weak, 5: excellent."),
    )
    comment = CleanText(label=_("Comment"), widget=forms.Textarea, required=False, max_length=5000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    message = CleanText(
        label=_("Message to the proposer"),
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        help_text=_("Written in the proposer's language, which is shown above."),
    )


class ScheduleForm(forms.Form):
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    room = CleanText(label=_("Room"), max_length=120, validators=[validate_single_line])
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_clashes = forms.BooleanField(
        label=_("Place the session despite the warnings"), required=False
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["end_time"] <= data["start_time"]
        ):
            self.add_error("end_time", _("The session must end after it starts."))
        return data


class ParticipationForm(forms.Form):
    registration_type = forms.ModelChoiceField(
        label=_("I register as"), queryset=RegistrationType.objects.none(), empty_label=None
    )
    full_name = CleanText(label=_("Full name"), max_length=200, validators=[validate_single_line])
    email = forms.EmailField(label=_("Email"))
    organisation = CleanText(
        label=_("Organisation"), max_length=255, required=False, validators=[validate_single_line]
    )
    position = CleanText(
        label=_("Position"), max_length=200, required=False, validators=[validate_single_line]
    )
    language = forms.ChoiceField(label=_("Language of correspondence"), choices=LANGUAGE_CHOICES)
    listening_language = forms.ChoiceField(
        label=_("I will listen to the interpretation in"),
        choices=[("", _("No interpretation needed")), *LANGUAGE_CHOICES],
        required=False,
    )
    accessibility = CleanText(
        label=_("Accessibility needs"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    is_voting_delegate = forms.BooleanField(
        label=_("Voting delegate of my organisation"), required=False
    )

    def __init__(self, *args, types, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration_type"].queryset = types
        if not event.is_ciong:
            del self.fields["is_voting_delegate"]


class CheckInForm(forms.Form):
    code = CleanText(
        label=_("Badge code"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AgendaForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("Sessions I plan to attend"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = event.programme.exclude(kind="break")


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)]
    )
    comment = CleanText(label=_("Comment"), widget=forms.Textarea, required=False, max_length=2000)
