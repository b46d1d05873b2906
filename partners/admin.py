from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from partners.models import (
    Action,
    Contact,
    Delegate,
    Partner,
    PartnerEditor,
    Sector,
    StatusChange,
)
from partners.regions import Region, countries_in


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
            from partners.selectors import partner_reviews_due

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
    search_fields = ["name_fr", "name_en", "name_es", "acronym", "slug", "city"]
    prepopulated_fields = {"slug": ("name_en",)}
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


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["code", "name", "position"]


@admin.register(Action)
class ActionAdmin(TranslationAdmin):
    list_display = ["title", "partner", "start_date", "published", "hidden_by_secretariat"]
    list_filter = ["published", "hidden_by_secretariat", "sectors"]
    search_fields = ["title_fr", "title_en", "title_es", "partner__acronym"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    filter_horizontal = ["sectors"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ["partner", "status", "decided_on", "reference", "changed_by"]
    list_select_related = ["partner", "changed_by"]
    list_filter = ["status"]
    search_fields = ["partner__acronym", "partner__name_en", "reference"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PartnerEditor)
class PartnerEditorAdmin(admin.ModelAdmin):
    list_display = ["user", "partner", "created_at"]
    list_select_related = ["user", "partner"]
    autocomplete_fields = ["partner"]
    raw_id_fields = ["user"]
