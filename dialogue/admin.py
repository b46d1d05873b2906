"""The Secretariat's admin for dialogue requests.

The state is read-only here: every change of state goes through
dialogue.services.request_transition, called by the admin actions below,
so the admin cannot skip a step or forget to record it.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from dialogue import services
from dialogue.models import (
    CoSponsor,
    DialogueRequest,
    ExpressionOfInterest,
    PartnerMatch,
    State,
    Transition,
)
from foundation.languages import localized_field_names


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = Transition
    fields = ["at", "from_state", "to_state", "by", "reason"]
    readonly_fields = fields


class CoSponsorInline(ReadOnlyInline):
    model = CoSponsor
    fields = ["user", "country", "invited_at", "joined_at"]
    readonly_fields = fields


class PartnerMatchInline(ReadOnlyInline):
    model = PartnerMatch
    fields = ["partner", "sector_codes", "delegate_countries", "action_countries", "score"]
    readonly_fields = fields


class InterestInline(ReadOnlyInline):
    model = ExpressionOfInterest
    fields = ["partner", "proposed_speaker", "languages", "statement", "status"]
    readonly_fields = fields


def _transition_action(to_state: str, label):
    def action(modeladmin, request, queryset):
        done = 0
        for item in queryset:
            try:
                services.request_transition(request=item, to_state=to_state, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                text = "; ".join(getattr(error, "messages", [])) or str(_("Not allowed."))
                modeladmin.message_user(request, f"{item}: {text}", messages.ERROR)
            else:
                done += 1
        if done:
            modeladmin.message_user(
                request, _("%(count)d request(s) updated.") % {"count": done}, messages.SUCCESS
            )

    action.__name__ = f"make_{to_state.replace('-', '_')}"
    action.short_description = label
    return action


@admin.register(DialogueRequest)
class DialogueRequestAdmin(TranslationAdmin):
    list_display = ["theme", "country", "state", "format", "setting", "submitted_at"]
    list_filter = ["state", "format", "setting", "sectors"]
    search_fields = [*localized_field_names("theme"), "requester__email"]
    list_select_related = ["requester"]
    date_hierarchy = "submitted_at"
    filter_horizontal = ["sectors"]
    autocomplete_fields = ["event"]
    readonly_fields = [
        "state",
        "country",
        "requester",
        "original_language",
        "submitted_at",
        "state_changed_at",
        "decline_reason",
    ]
    inlines = [TransitionInline, CoSponsorInline, PartnerMatchInline, InterestInline]
    actions = [
        _transition_action(State.UNDER_REVIEW, _("Start the review")),
        _transition_action(State.ACCEPTED, _("Accept (lists and invites matching NGOs)")),
        _transition_action(State.HELD, _("Mark as held")),
    ]
    # Declining needs a reason and scheduling a date: both are done on the
    # triage page (dialogue:triage), which calls the same service.

    def has_add_permission(self, request):
        # Requests come from verified delegates, for their own country.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
