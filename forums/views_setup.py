"""The organisers' pages: the call, registration types, the programme, participants.

Who counts as an organiser is forums.permissions.can_organise; these views
only ask it (through can_set_up, can_manage_programme, can_manage_registrations).
"""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from forums import permissions, selectors, services_setup
from forums.forms_setup import CallForm, ProgrammeItemForm, RegistrationTypeForm
from forums.models import CallForProposals, ProgrammeItem, Registration, RegistrationType
from foundation.web.forms import add_service_errors, bind, handle_form

S = Registration.Status


def _event(request, slug, rule):
    event = selectors.event_get(slug=slug)
    if event is None or not permissions.can_view_event(request.user, event):
        raise Http404
    if not rule(request.user, event):
        raise PermissionDenied
    return event


# The call for proposals


@require_http_methods(["GET", "POST"])
@login_required
def call_edit(request, slug):
    event = _event(request, slug, permissions.can_set_up)
    call = CallForProposals.objects.filter(event=event).first()

    def save(form):
        services_setup.call_save(event=event, user=request.user, form=form)
        messages.success(request, _("The call for proposals was saved."))
        return redirect("forums:call", slug=event.slug)

    return handle_form(
        request,
        CallForm(**bind(request), instance=call or CallForProposals(event=event)),
        on_valid=save,
        template="forums/setup/call_form.html",
        context={"event": event, "call": call},
    )


# Registration types


@require_safe
@login_required
def registration_types(request, slug):
    event = _event(request, slug, permissions.can_set_up)
    types = event.registration_types.annotate(
        held=Count("registrations", filter=Q(registrations__status__in=[S.CONFIRMED, S.OFFERED])),
        waiting=Count("registrations", filter=Q(registrations__status=S.WAITING)),
    ).order_by("position", "pk")
    return render(request, "forums/setup/registration_types.html", {"event": event, "types": types})


def _registration_type_form(request, event, registration_type):
    def save(form):
        services_setup.registration_type_save(event=event, user=request.user, form=form)
        messages.success(request, _("The registration type was saved."))
        return redirect("forums:registration_types", slug=event.slug)

    return handle_form(
        request,
        RegistrationTypeForm(**bind(request), instance=registration_type),
        on_valid=save,
        template="forums/setup/registration_type_form.html",
        context={"event": event, "registration_type": registration_type},
    )


@require_http_methods(["GET", "POST"])
@login_required
def registration_type_new(request, slug):
    event = _event(request, slug, permissions.can_set_up)
    return _registration_type_form(request, event, RegistrationType(event=event))


@require_http_methods(["GET", "POST"])
@login_required
def registration_type_edit(request, slug, pk):
    event = _event(request, slug, permissions.can_set_up)
    registration_type = get_object_or_404(RegistrationType, event=event, pk=pk)
    return _registration_type_form(request, event, registration_type)


# The programme


def _programme_item_form(request, event, item):
    form = ProgrammeItemForm(
        **bind(request), initial=ProgrammeItemForm.initial_for(item) if item else None
    )
    warnings = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            confirm = data.pop("confirm_clashes")
            try:
                saved, warnings = services_setup.programme_item_save(
                    event=event, user=request.user, data=data, item=item, confirm_clashes=confirm
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if saved is not None:
                    messages.success(request, _("The programme was saved."))
                    return redirect("forums:programme", slug=event.slug)
                status = 409
    context = {"event": event, "item": item, "form": form, "warnings": warnings}
    return render(request, "forums/setup/programme_item_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def programme_item_new(request, slug):
    event = _event(request, slug, permissions.can_manage_programme)
    return _programme_item_form(request, event, None)


@require_http_methods(["GET", "POST"])
@login_required
def programme_item_edit(request, slug, pk):
    event = _event(request, slug, permissions.can_manage_programme)
    item = get_object_or_404(ProgrammeItem.objects.prefetch_related("speakers"), event=event, pk=pk)
    return _programme_item_form(request, event, item)


# Participants: every registration type's list, with the waiting list in order


@require_safe
@login_required
def participants(request, slug):
    event = _event(request, slug, permissions.can_manage_registrations)
    status = request.GET.get("status", "")
    registrations = (
        Registration.objects.filter(event=event, registration_type__isnull=False)
        .select_related("registration_type", "partner", "check_in")
        # Places held first, then the waiting list in its order.
        .order_by(
            "registration_type__position",
            "registration_type_id",
            F("waiting_since").asc(nulls_first=True),
            "pk",
        )
    )
    if status in S.values:
        registrations = registrations.filter(status=status)
    else:
        status = ""
        registrations = registrations.exclude(status=S.CANCELLED)
    context = {
        "event": event,
        "registrations": list(registrations[:500]),
        "status": status,
        "statuses": S.choices,
    }
    return render(request, "forums/setup/participants.html", context)


# The door page's service worker (forums/static/forums/check_in_sw.js)

_SERVICE_WORKER = Path(__file__).parent / "static" / "forums" / "check_in_sw.js"


@require_safe
def check_in_service_worker(request, slug):
    """Served under the door page's path, so that its scope is that page alone.

    The script itself is static and holds nothing of the event: anyone who
    may see the event may fetch it (the browser refetches it to update).
    """
    event = selectors.event_get(slug=slug)
    if event is None or not permissions.can_view_event(request.user, event):
        raise Http404
    response = HttpResponse(_SERVICE_WORKER.read_bytes(), content_type="text/javascript")
    scope = request.path.rsplit("/", 1)[0] + "/"
    response["Service-Worker-Allowed"] = scope
    response["Cache-Control"] = "no-cache"
    return response
