"""Forms of the periodic reports and of the decisions on a partnership.

They check the shape of the input; the rules (who, when, which move) are the
services' (partners.lifecycle.reports and .reviews).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from foundation import uploads
from partners.lifecycle.models import ReviewCase
from partners.lifecycle.reports import MAX_MESSAGE, MAX_TEXT
from partners.lifecycle.reviews import REINSTATED
from partners.models import PartnershipStatus, Sector, StatusChange

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    cooperation = forms.CharField(
        label=_("Cooperation with UNESCO during the period"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        required=False,
    )
    joint_activities = forms.CharField(
        label=_("Joint activities with UNESCO sectors"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        required=False,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors worked with"),
        choices=Sector.Code.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    actions = forms.MultipleChoiceField(
        label=_("Actions already reported for the period"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Untick an action that does not belong in this report."),
    )

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].choices = [(str(action.pk), action.title) for action in actions]


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a document"), help_text=_("PDF, Word (DOCX) or OpenDocument (ODT).")
    )

    def clean_file(self):
        # Checked here too so that a refusal stands beside the field; the service checks again.
        uploads.check_document(self.cleaned_data["file"])
        return self.cleaned_data["file"]


class AssessmentForm(forms.Form):
    DECISIONS = [
        ("accepted", _("Accept the report")),
        ("more-information", _("Ask for more information")),
    ]
    decision = forms.ChoiceField(label=_("Assessment"), choices=DECISIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the organisation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_MESSAGE,
        required=False,
        help_text=_("Required when asking for more information."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "more-information" and not (data.get("message") or "").strip():
            self.add_error("message", _("Say what information is missing."))
        return data


class CommentForm(forms.Form):
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.none())
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_MESSAGE
    )

    def __init__(self, *args, sector_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.filter(pk__in=sector_ids)


class PartnershipDecisionForm(forms.Form):
    """Every decision the Secretariat records on a partnership after its admission
    (which the application makes), from the status page or a review case: a
    renewal or a change of status, a suspension, its end, or the end of the
    partnership."""

    STATUS = "status"
    DECISIONS = [
        (STATUS, _("Renewal or change of status")),
        (ReviewCase.Outcome.SUSPENDED, _("Suspend the partnership")),
        (REINSTATED, _("End the suspension")),
        (ReviewCase.Outcome.TERMINATED, _("End the partnership")),
    ]

    # Not required: a form posted without it records a status, as the status
    # page always did.
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISIONS, initial=STATUS, required=False
    )
    status = forms.ChoiceField(
        label=_("Partnership status"),
        choices=PartnershipStatus.choices,
        required=False,
        help_text=_("The same status as now renews the partnership for a new period."),
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    reference = forms.CharField(
        label=_("Decision reference"), max_length=60, help_text=_("e.g. DG/7/17/1815")
    )
    decided_by = forms.ChoiceField(
        label=_("Decided by"), choices=[("", "—"), *StatusChange.DecidedBy.choices], required=False
    )
    executive_board_session = forms.IntegerField(
        label=_("Executive Board session informed"), min_value=1, max_value=999, required=False
    )
    next_review_date = forms.DateField(
        label=_("Next review date"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Left empty: the end of the period the Directives set for the status."),
    )
    note = forms.CharField(
        label=_("Reason or note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Required for a suspension, its end and the end of a partnership."),
    )

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > datetime.date.today() + datetime.timedelta(days=366):
            raise ValidationError(_("The decision date is too far in the future."))
        if value.year < 1946:
            raise ValidationError(_("The decision date is before UNESCO existed."))
        return value

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip()
        if not value:
            raise ValidationError(_("A decision reference is required."))
        return value

    def clean(self):
        data = super().clean()
        if "decision" not in self.errors and not data.get("decision"):
            data["decision"] = self.STATUS
        decision = data.get("decision")
        if decision == self.STATUS and not data.get("status"):
            self.add_error("status", _("Choose the status decided."))
        if decision and decision != self.STATUS and not (data.get("note") or "").strip():
            self.add_error("note", _("Give the reason for this decision."))
        review = data.get("next_review_date")
        if review and data.get("decided_on") and review <= data["decided_on"]:
            self.add_error("next_review_date", _("The next review must come after the decision."))
        return data
