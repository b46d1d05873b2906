from django.contrib import admin

from foundation.mail.models import Bounce, Email, Suppression


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by the code that causes each email."""

    list_display = ["key", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "template"]
    search_fields = ["key", "to"]
    exclude = ["body", "html"]  # may carry signed links (invitations)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Bounce)
class BounceAdmin(admin.ModelAdmin):
    """Read-only: written by the bounce processing (foundation/mail/bounces.py)."""

    list_display = ["received_at", "kind", "email", "status", "subject"]
    list_filter = ["kind"]
    search_fields = ["email", "subject", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Read-only here: the Secretariat reinstates on /newsletters/manage/suppressed/."""

    list_display = ["email", "bounced_at", "lifted_at", "reason"]
    search_fields = ["email", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # reinstating is the Secretariat's page, which records who did it
