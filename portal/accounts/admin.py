from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import DelegateProfile, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_secretariat", "is_active", "date_joined"]
    list_filter = ["is_secretariat", "is_active", "preferred_language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language"]}),
        (_("Roles"), {"fields": ["is_active", "is_secretariat", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal: list = []


@admin.register(DelegateProfile)
class DelegateProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "body", "verified_at"]
    list_filter = ["body", "country"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user", "verified_by"]
