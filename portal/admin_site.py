from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from foundation.accounts.permissions import can_act_as_secretariat


class SecretariatAdminSite(admin.AdminSite):
    site_header = _("NGO–UNESCO partnership – Secretariat")
    site_title = _("Secretariat")
    index_title = _("Curation")

    def has_permission(self, request):
        # The admin is the Secretariat's tool alone, and only with two-factor
        # authentication set up: Django's is_staff is not enough.
        return can_act_as_secretariat(request.user)
