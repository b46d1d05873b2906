from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from newsletter.models import Delivery, Issue, IssueRendition, Subscriber


@admin.register(Issue)
class IssueAdmin(TranslationAdmin):
    list_display = ["month", "status", "approved_at", "sent_at", "pdf_renders"]
    list_filter = ["status"]
    readonly_fields = ["status", "built_at", "approved_at", "approved_by", "sent_at", "pdf_renders"]
    fields = ["month", "editorial_note", *readonly_fields]

    def has_change_permission(self, request, obj=None):
        # Approved issues are frozen: they went out as they are.
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)


@admin.register(IssueRendition)
class IssueRenditionAdmin(admin.ModelAdmin):
    list_display = ["issue", "language", "pdf_size", "rendered_at"]
    list_select_related = ["issue"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "subscribed_on_site", "confirmed_at", "unsubscribed_at"]
    list_filter = ["subscribed_on_site", "language"]
    search_fields = ["email"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["email", "issue", "language", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "issue", "language"]
    list_select_related = ["issue"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
