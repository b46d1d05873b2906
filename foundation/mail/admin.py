from django.contrib import admin

from foundation.mail.models import Email


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
