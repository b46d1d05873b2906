"""The Secretariat's editor invitations (/<lang>/my/secretariat/invitations/…).

Two-factor Secretariat only. Inviting, sending again and revoking change who
may edit a partner, so they also need a recent re-authentication, as they do
in the admin (allauth replays the POST once the password is confirmed). The
rules (who may be invited, what a resend or a revocation does) live in
partners/services.py; these views only translate between HTTP and them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from foundation import display
from foundation.accounts.decorators import fresh_authentication_required, secretariat_required
from foundation.web.forms import bind, handle_form
from partners import selectors, services
from partners.forms import InvitationFilterForm, InvitationForm
from partners.models import PartnerInvitation

PAGE_SIZE = 25
# The list's query parameters, kept when a command sends the user back to it.
LIST_PARAMETERS = ("state", "partner", "email", "page")


def _list_url(query: str = "") -> str:
    """The list's URL with the given query string, reduced to its own parameters.

    The path is always the list's, so a forged value redirects nowhere else.
    """
    params = QueryDict(query[:2000], mutable=True)
    for key in list(params):
        if key not in LIST_PARAMETERS:
            del params[key]
    url = reverse("curation:invitation_list")
    return f"{url}?{params.urlencode()}" if params else url


@require_safe
@secretariat_required
def invitation_list(request):
    form = InvitationFilterForm(request.GET, partners=selectors.partner_list_for_choice())
    if form.is_valid():
        invitations = selectors.invitation_list(**form.cleaned_data)
    else:
        invitations = PartnerInvitation.objects.none()
    page = Paginator(invitations, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for invitation in rows:
        invitation.state = PartnerInvitation.State(invitation.current_state)
    context = {
        "form": form,
        "page": page,
        "invitations": rows,
        "validity_days": services.invitation_validity_days(),
        "query": request.GET.urlencode(),
    }
    return render(request, "partners/curation/invitations.html", context)


@require_http_methods(["GET", "POST"])
@secretariat_required
@fresh_authentication_required
def invitation_create(request):
    initial = {"language": get_language()}
    partner = request.GET.get("partner", "")
    if partner.isdigit() and len(partner) < 12:
        initial["partner"] = partner
    form = InvitationForm(
        **bind(request), initial=initial, partners=selectors.partner_list_for_choice()
    )

    def send(form):
        data = form.cleaned_data
        try:
            invitation = services.invitation_create(
                partner=data["partner"],
                email=data["email"],
                full_name=data["full_name"],
                language=data["language"],
                invited_by=request.user,
            )
        except ValidationError as error:
            # Every refusal is about the address (already an editor, already invited).
            raise ValidationError({"email": error.messages}) from error
        expires = display.date(timezone.localtime(invitation.expires_at))
        messages.success(
            request,
            _("The invitation to %(email)s is sent. Its link works once, until %(date)s.")
            % {"email": invitation.email, "date": expires},
        )
        return redirect("curation:invitation_list")

    return handle_form(
        request,
        form,
        on_valid=send,
        template="partners/curation/invitation_form.html",
        context={"validity_days": services.invitation_validity_days()},
    )


def _command(request, pk, command, success):
    invitation = get_object_or_404(PartnerInvitation, pk=pk)
    try:
        command(invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"email": invitation.email})
    return redirect(_list_url(request.POST.get("back", "")))


@require_POST
@secretariat_required
@fresh_authentication_required
def invitation_resend(request, pk):
    return _command(
        request,
        pk,
        lambda invitation: services.invitation_send(invitation=invitation),
        _("A new link is sent to %(email)s; the earlier link no longer works."),
    )


@require_POST
@secretariat_required
@fresh_authentication_required
def invitation_revoke(request, pk):
    return _command(
        request,
        pk,
        lambda invitation: services.invitation_revoke(
            invitation=invitation, revoked_by=request.user
        ),
        _("The invitation to %(email)s is revoked; its link no longer works."),
    )
