from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from foundation.accounts.admin import ReauthenticatedChangesMixin
from foundation.languages import default_language_field_name, localized_field_names
from partners import services
from partners.models import (
    Action,
    Contact,
    Delegate,
    Partner,
    PartnerEditor,
    PartnerInvitation,
    PartnerRevision,
    ReviewReminder,
    Sector,
    StatusChange,
)
from partners.regions import Region, countries_in
from partners.selectors import partner_reviews_due


class RegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        if self.value() in Region.values:
            return queryset.filter(country__in=countries_in(self.value()))
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review_due"

    def lookups(self, request, model_admin):
        return [("6m", _("Due within six months"))]

    def queryset(self, request, queryset):
        if self.value() == "6m":
            return queryset.filter(pk__in=partner_reviews_due().values("pk"))
        return queryset


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    fields = [
        "status",
        "previous_status",
        "decided_on",
        "reference",
        "executive_board_session",
        "note",
        "changed_by",
    ]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # New statuses go through partner_set_status so that history and
        # partner never disagree.
        return False


class ActionInline(TranslationStackedInline):
    model = Action
    extra = 0
    fields = [
        "title",
        "text",
        "start_date",
        "end_date",
        "countries",
        "sectors",
        "link",
        "published",
        "hidden_by_secretariat",
    ]
    filter_horizontal = ["sectors"]


@admin.register(Partner)
class PartnerAdmin(TranslationAdmin):
    list_display = [
        "name",
        "acronym",
        "status",
        "since",
        "country",
        "next_review_date",
        "published",
    ]
    list_filter = [
        "status",
        "published",
        "kind",
        "sectors",
        RegionFilter,
        "country",
        ReviewDueFilter,
    ]
    search_fields = [*localized_field_names("name"), "acronym", "slug", "city"]
    prepopulated_fields = {"slug": (default_language_field_name("name"),)}
    filter_horizontal = ["sectors"]
    inlines = [ContactInline, DelegateInline, StatusChangeInline, ActionInline]
    list_select_related = False
    date_hierarchy = "since"
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "published"]}),
        (
            _("Partnership"),
            {
                "fields": [
                    "status",
                    "since",
                    "admission_decision_date",
                    "decision_reference",
                    "executive_board_session",
                    "next_review_date",
                    "status_change_link",
                ]
            },
        ),
        (
            _("Headquarters"),
            {
                "fields": [
                    "address",
                    "city",
                    "country",
                    "website",
                    "email",
                    "phone",
                    "founding_year",
                ]
            },
        ),
        (_("Profile"), {"fields": ["mission", "sectors", "logo"]}),
    ]
    # Once a partner exists, its status changes only through partner_set_status
    # (the Secretariat's status page), so that every change is in the history.
    STATUS_FIELDS = [
        "status",
        "since",
        "admission_decision_date",
        "decision_reference",
        "executive_board_session",
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status_change_link"]
        if obj is not None:
            readonly += self.STATUS_FIELDS
        return readonly

    @admin.display(description=_("Change the status"))
    def status_change_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("curation:partner_status", kwargs={"slug": obj.slug})
        return format_html('<a href="{}">{}</a>', url, _("Record a status decision"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # A revision drafted before this edit must not silently undo it.
            services.partner_bump_profile_version(partner=obj)


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["code", "name", "position"]


@admin.register(Action)
class ActionAdmin(TranslationAdmin):
    list_display = ["title", "partner", "start_date", "published", "hidden_by_secretariat"]
    list_filter = ["published", "hidden_by_secretariat", "sectors"]
    search_fields = [*localized_field_names("title"), "partner__acronym"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["sectors"]
    actions = ["hide", "show"]

    @admin.action(description=_("Hide the selected actions from the public"))
    def hide(self, request, queryset):
        for action in queryset:
            services.action_set_hidden(action=action, hidden=True)

    @admin.action(description=_("Show the selected actions again"))
    def show(self, request, queryset):
        for action in queryset:
            services.action_set_hidden(action=action, hidden=False)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["partner", "status", "decided_on", "reference", "changed_by"]
    list_select_related = ["partner", "changed_by"]
    list_filter = ["status"]
    search_fields = ["partner__acronym", *localized_field_names("partner__name"), "reference"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PartnerEditor)
class PartnerEditorAdmin(ReauthenticatedChangesMixin, admin.ModelAdmin):
    list_display = ["user", "partner", "created_at"]
    list_select_related = ["user", "partner"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["user"]


@admin.register(PartnerRevision)
class PartnerRevisionAdmin(admin.ModelAdmin):
    """Read-only: decisions are taken on the side-by-side comparison page."""

    list_display = ["partner", "state", "created_by", "created_at", "decided_by", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["partner", "created_by", "decided_by"]
    search_fields = [*localized_field_names("partner__name"), "partner__acronym"]
    fields = [
        "partner",
        "state",
        "review_link",
        "base_version",
        "lock_version",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "decided_by",
        "decided_at",
        "decision_comment",
        "proposed",
    ]
    readonly_fields = fields

    @admin.display(description=_("Comparison"))
    def review_link(self, obj):
        url = reverse("curation:revision_detail", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Open the side-by-side comparison"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PartnerInvitationForm(forms.ModelForm):
    class Meta:
        model = PartnerInvitation
        fields = ["partner", "email", "full_name", "language"]

    def clean(self):
        data = super().clean()
        if data.get("partner") and data.get("email"):
            try:
                data["email"] = services.invitation_check_new(
                    partner=data["partner"], email=data["email"]
                )
            except ValidationError as error:
                self.add_error("email", error)
        return data


@admin.register(PartnerInvitation)
class PartnerInvitationAdmin(ReauthenticatedChangesMixin, admin.ModelAdmin):
    """Invite a partner's contact to become its editor (an email with a one-time link)."""

    add_form = PartnerInvitationForm

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    list_display = [
        "email",
        "partner",
        "language",
        "sent_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_select_related = ["partner"]
    list_filter = ["language"]
    search_fields = ["email", *localized_field_names("partner__name"), "partner__acronym"]
    autocomplete_fields = ["partner"]
    actions = ["send_again"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["partner", "email", "full_name", "language"]
        return [
            "partner",
            "email",
            "full_name",
            "language",
            "created_by",
            "created_at",
            "sent_at",
            "expires_at",
            "accepted_at",
            "accepted_by",
            "revoked_at",
            "revoked_by",
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None or super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return
        invitation = services.invitation_create(
            partner=obj.partner,
            email=obj.email,
            full_name=obj.full_name,
            language=obj.language,
            invited_by=request.user,
        )
        obj.pk = invitation.pk

    @admin.action(description=_("Send the selected invitations again (new link)"))
    def send_again(self, request, queryset):
        sent = 0
        for invitation in queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True):
            services.invitation_send(invitation=invitation)
            sent += 1
        self.message_user(
            request, _("%(count)d invitations sent.") % {"count": sent}, messages.SUCCESS
        )


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    list_display = ["partner", "review_date", "recipients", "sent_at"]
    list_select_related = ["partner"]
    date_hierarchy = "review_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The lifecycle's admin pages, registered on import like the models above.
import partners.lifecycle.admin  # noqa: E402, F401
