"""Secretariat pages about accounts: verifying Member State delegates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from foundation.accounts.decorators import fresh_authentication_required, secretariat_required
from foundation.accounts.models import DelegateProfile
from foundation.accounts.selectors import delegates_unverified
from foundation.accounts.services import delegate_verify

PAGE_SIZE = 25


@require_safe
@secretariat_required
def delegate_list(request):
    page = Paginator(delegates_unverified(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/delegates.html", {"page": page})


@require_POST
@secretariat_required
@fresh_authentication_required
def delegate_verify_view(request, pk):
    profile = get_object_or_404(DelegateProfile.objects.select_related("user"), pk=pk)
    try:
        delegate_verify(profile=profile, verified_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s is verified as a Member State delegate.") % {"name": profile.user},
        )
    return redirect("accounts:delegate_list")
