from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foundation.accounts.decorators import second_factor_step
from foundation.accounts.permissions import can_act_as_secretariat, is_secretariat


class SecretariatAdminSite(admin.AdminSite):
    """The admin is the Secretariat's tool alone, in a session that passed the
    second factor. It has no sign-in form of its own: everyone signs in
    through allauth (rate limits, second factor), and the admin sends there."""

    site_header = _("NGO–UNESCO partnership – Secretariat")
    site_title = _("Secretariat")
    index_title = _("Curation")

    def has_permission(self, request):
        return can_act_as_secretariat(request.user)

    def _refusal(self, request, next_url):
        """The answer for a request that may not see the admin, or None."""
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url, login_url=reverse("account_login"))
        if not is_secretariat(user):
            raise PermissionDenied
        if not can_act_as_secretariat(user):
            return second_factor_step(request, next_url)
        return None

    def login(self, request, extra_context=None):
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        refusal = self._refusal(request, next_url)
        if refusal is not None:
            return refusal
        return super().login(request, extra_context)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.path != reverse("admin:logout", current_app=self.name):
                refusal = self._refusal(request, request.get_full_path())
                if refusal is not None:
                    return refusal
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, view)
