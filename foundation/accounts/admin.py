from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from foundation.accounts.admin_mixins import ReauthenticatedChangesMixin
from foundation.accounts.decorators import fresh_authentication_required
from foundation.accounts.models import DelegateProfile, User
from foundation.accounts.services import delegate_verify

# Roles here are the Secretariat flag and each app's own links (editors,
# delegates, committee seats); Django's groups would be a second, unchecked
# way to grant permissions.
admin.site.unregister(Group)
# An authenticator's row holds its TOTP secret: no one reads or edits it here
# (a lost device: the person's recovery codes, or `manage.py
# reset_second_factor EMAIL` on the server, after which enrolling a new
# device needs the emailed code). The site name is not used: links are built
# from SITE_URL.
admin.site.unregister(Authenticator)
admin.site.unregister(Site)


@admin.register(User)
class UserAdmin(ReauthenticatedChangesMixin, BaseUserAdmin):
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

    @method_decorator(fresh_authentication_required)
    def user_change_password(self, request, id, form_url=""):
        return super().user_change_password(request, id, form_url)


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("no", _("Waiting for verification")), ("yes", _("Verified"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(verified_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(verified_at__isnull=False)
        return queryset


@admin.register(DelegateProfile)
class DelegateProfileAdmin(ReauthenticatedChangesMixin, admin.ModelAdmin):
    list_display = ["user", "country", "body", "position", "verified_at", "verified_by"]
    list_filter = [VerifiedFilter, "body", "country"]
    list_select_related = ["user", "verified_by"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["verified_at", "verified_by"]
    actions = ["verify"]

    @admin.action(description=_("Verify the selected delegates"))
    def verify(self, request, queryset):
        done = 0
        for profile in queryset.select_related("user"):
            try:
                delegate_verify(profile=profile, verified_by=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{profile}: {' '.join(error.messages)}", messages.WARNING
                )
            else:
                done += 1
        self.message_user(
            request, _("%(count)d delegates verified.") % {"count": done}, messages.SUCCESS
        )
