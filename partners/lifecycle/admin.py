"""The lifecycle in the admin: read to look things up; changes of state go
through the portal's pages (partners.lifecycle.services), never here. Only
the sector focal points are set here: granting that role is an admin task."""

from django.contrib import admin

from foundation.accounts.admin import ReauthenticatedChangesMixin
from partners.lifecycle.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    DecisionLetter,
    PeriodicReport,
    ReviewCase,
    SectorFocalPoint,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApplicationStepInline(admin.TabularInline):
    model = ApplicationStep
    extra = 0
    fields = ["at", "from_state", "to_state", "by", "message"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["organisation_name", "kind", "state", "submitted_on", "batch_year"]
    list_filter = ["kind", "state", "batch_year"]
    search_fields = ["organisation_name", "acronym", "applicant__email"]
    date_hierarchy = "created_at"
    inlines = [ApplicationDocumentInline, ApplicationStepInline]


@admin.register(DecisionLetter)
class DecisionLetterAdmin(ReadOnlyAdmin):
    list_display = ["reference", "dated", "language", "signed_at", "sent_at"]
    list_filter = ["language"]
    search_fields = ["reference", "application__organisation_name"]


@admin.register(PeriodicReport)
class PeriodicReportAdmin(ReadOnlyAdmin):
    list_display = ["partner", "period_start", "period_end", "due_on", "state"]
    list_filter = ["state"]
    list_select_related = ["partner"]
    date_hierarchy = "due_on"


@admin.register(ReviewCase)
class ReviewCaseAdmin(ReadOnlyAdmin):
    list_display = ["partner", "period_ends_on", "outcome", "closed_at"]
    list_filter = ["outcome"]
    list_select_related = ["partner"]


@admin.register(SectorFocalPoint)
class SectorFocalPointAdmin(ReauthenticatedChangesMixin, admin.ModelAdmin):
    list_display = ["user", "sector"]
    list_select_related = ["user", "sector"]
    list_filter = ["sector"]
    raw_id_fields = ["user"]
    search_fields = ["user__email"]
