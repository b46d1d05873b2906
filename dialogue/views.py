"""Thin views: input → permission check, service or selector → output."""

import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dialogue import calendar, permissions, selectors, services
from dialogue.filters import HearingFilter
from dialogue.forms import (
    CoSponsorForm,
    InterestForm,
    OutcomeForm,
    RequestForm,
    ScheduleForm,
    SecretariatEditForm,
    SelectionForm,
    TransitionForm,
    WithdrawForm,
)
from dialogue.models import PUBLIC_STATES, DialogueRequest, RequestFile, State
from foundation.accounts.decorators import (
    fresh_authentication_required_when,
    role_required,
    secretariat_required,
)
from foundation.accounts.permissions import verified_delegate_profile
from foundation.files import private_file_response
from foundation.public_cache import public_page
from foundation.web.forms import bind, handle_form
from partners.permissions import editor_partner

PAGE_SIZE = 20


# Public pages -------------------------------------------------------------


@require_GET
@public_page("hearings", "partners", "events")
def hearing_list(request):
    # The API's filter set (dialogue/filters.py): it answers 400 where this page says so.
    filterset = HearingFilter(request.GET, queryset=selectors.hearing_list_public())
    state_error = not filterset.is_valid()
    hearings = filterset.qs if not state_error else selectors.hearing_list_public().none()
    state = "" if state_error else filterset.form.cleaned_data.get("state") or ""
    page = Paginator(hearings, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "state": state,
        "state_error": state_error,
        "state_choices": [(value, State(value).label) for value in PUBLIC_STATES],
        "can_submit": permissions.can_submit_request(request.user),
    }
    return render(request, "dialogue/list.html", context)


@require_GET
@public_page("hearings", "partners", "events")
def hearing_detail(request, pk):
    hearing = selectors.hearing_get_public(pk=pk)
    if hearing is None:
        raise Http404
    can_express_interest = permissions.can_express_interest(request.user, hearing)
    context = {
        "hearing": hearing,
        "can_express_interest": can_express_interest,
        # Once expressed, the page says so (with "change") instead of asking again.
        "own_interest": hearing.interests.filter(partner=editor_partner(request.user)).first()
        if can_express_interest
        else None,
        "can_view_request": permissions.can_view_request(request.user, hearing),
        "can_triage": permissions.can_triage(request.user),
    }
    return render(request, "dialogue/detail.html", context)


@require_GET
@public_page("hearings", "events")
def hearing_ics(request, pk):
    hearing = selectors.hearing_get_public(pk=pk)
    if hearing is None or hearing.state not in (State.SCHEDULED, State.HELD):
        raise Http404
    body = calendar.hearing_ics(
        hearing=hearing, url=request.build_absolute_uri(hearing.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hearing-{hearing.pk}.ics"'
    return response


@require_GET
def file_download(request, pk):
    stored = RequestFile.objects.select_related("request").filter(pk=pk).first()
    if stored is None or not permissions.can_download(request.user, stored):
        raise Http404
    return private_file_response(
        stored.file, filename=stored.original_name, content_type=stored.content_type
    )


# Delegates ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@role_required("verified_delegate")
def request_create(request):
    profile = verified_delegate_profile(request.user)

    def submit(form):
        data = form.cleaned_data
        created = services.request_submit(
            user=request.user,
            language=get_language(),
            theme=data["theme"],
            description=data["description"],
            sector_codes=data["sectors"],
            setting=data["setting"],
            format=data["format"],
            preferred_from=data["preferred_from"],
            preferred_until=data["preferred_until"],
            expertise_sought=data["expertise_sought"],
            executive_board_session=data.get("executive_board_session"),
            setting_detail=data.get("setting_detail", ""),
            attachments=data.get("attachments"),
        )
        messages.success(request, _("Your request has been submitted to the Secretariat."))
        return redirect(created.get_private_url())

    return handle_form(
        request,
        RequestForm(**bind(request), profile=profile),
        on_valid=submit,
        template="dialogue/request_form.html",
        context={"profile": profile},
    )


@require_GET
@role_required("verified_delegate")
def request_list_mine(request):
    profile = verified_delegate_profile(request.user)
    requests = selectors.request_list_for_delegate(user=request.user, profile=profile)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "dialogue/my_requests.html", {"page": page, "profile": profile})


def _viewable_request(request, pk) -> DialogueRequest:
    """The request if this user may follow it; a stranger gets 404."""
    found = selectors.request_get_private(pk=pk)
    if found is None or not permissions.can_view_request(request.user, found):
        raise Http404
    return found


@require_GET
@login_required
def request_detail(request, pk):
    found = _viewable_request(request, pk)
    return render(request, "dialogue/request_detail.html", _request_context(request, found))


def _request_context(request, found, **forms):
    user = request.user
    return {
        "req": found,
        "can_withdraw": permissions.can_withdraw(user, found),
        "can_invite": permissions.can_invite_cosponsor(user, found),
        "can_join": permissions.can_join_as_cosponsor(user, found),
        "can_triage": permissions.can_triage(user),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(),
        "cosponsor_form": forms.get("cosponsor_form") or CoSponsorForm(),
    }


@require_POST
@login_required
def request_withdraw(request, pk):
    found = _viewable_request(request, pk)
    if not permissions.can_withdraw(request.user, found):
        raise PermissionDenied
    form = WithdrawForm(request.POST)

    def withdraw(form):
        services.request_transition(
            request=found,
            to_state=State.WITHDRAWN,
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The request has been withdrawn."))
        return redirect(found.get_private_url())

    return handle_form(
        request,
        form,
        on_valid=withdraw,
        template="dialogue/request_detail.html",
        context=lambda: _request_context(request, found, withdraw_form=form),
    )


@require_POST
@login_required
def cosponsor_invite(request, pk):
    found = _viewable_request(request, pk)
    if not permissions.can_invite_cosponsor(request.user, found):
        raise PermissionDenied
    form = CoSponsorForm(request.POST)

    def invite(form):
        services.cosponsor_invite(request=found, by=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("The delegate has been invited to co-sponsor."))
        return redirect(found.get_private_url())

    return handle_form(
        request,
        form,
        on_valid=invite,
        template="dialogue/request_detail.html",
        context=lambda: _request_context(request, found, cosponsor_form=form),
    )


@require_POST
@login_required
def cosponsor_join(request, pk):
    found = _viewable_request(request, pk)
    if not permissions.can_join_as_cosponsor(request.user, found):
        raise PermissionDenied
    services.cosponsor_join(request=found, user=request.user)
    messages.success(request, _("Your Member State now co-sponsors this request."))
    return redirect(found.get_private_url())


# NGO editors --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def interest_express(request, pk):
    hearing = selectors.hearing_get_public(pk=pk)
    if hearing is None:
        raise Http404
    if not permissions.can_express_interest(request.user, hearing):
        raise PermissionDenied
    partner = editor_partner(request.user)
    existing = hearing.interests.filter(partner=partner).first()
    initial = {}
    if existing:
        initial = {
            "statement": existing.statement,
            "proposed_speaker": existing.proposed_speaker,
            "languages": existing.languages,
        }

    def send(form):
        services.interest_express(request=hearing, user=request.user, **form.cleaned_data)
        messages.success(request, _("Your interest has been sent to the Secretariat."))
        return redirect(hearing.get_absolute_url())

    return handle_form(
        request,
        InterestForm(**bind(request), initial=initial),
        on_valid=send,
        template="dialogue/interest_form.html",
        context={"hearing": hearing, "partner": partner, "existing": existing},
    )


# Secretariat --------------------------------------------------------------


@require_GET
@secretariat_required
def queue(request):
    page = Paginator(selectors.request_queue(), 50).get_page(request.GET.get("page"))
    items = selectors.with_waiting(page.object_list)
    return render(request, "dialogue/queue.html", {"items": items, "page": page})


def _triage_request(pk) -> DialogueRequest:
    found = selectors.request_get_for_triage(pk=pk)
    if found is None:
        raise Http404
    return found


def _triage_context(request, found, **forms) -> dict:
    interests = list(found.interests.all())
    allowed = services.allowed_targets(request=found, user=request.user)
    return {
        "req": found,
        "targets": [State(target).label for target in allowed],
        "transition_form": forms.get("transition_form") or TransitionForm(allowed=allowed),
        "schedule_form": forms.get("schedule_form") or _schedule_form_for(found),
        "selection_form": forms.get("selection_form")
        or SelectionForm(
            interests=interests,
            initial={"partners": [i.partner_id for i in interests if i.status == "selected"]},
        ),
        "edit_form": forms.get("edit_form") or SecretariatEditForm(request=found),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(request=found),
        "interests": interests,
    }


def _schedule_form_for(found):
    initial = {}
    if found.scheduled_at:
        local = found.scheduled_at.astimezone(zoneinfo.ZoneInfo(found.time_zone or "UTC"))
        initial = {
            "date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "end_time": found.ends_at.astimezone(local.tzinfo).time() if found.ends_at else None,
            "time_zone": found.time_zone,
            "place": found.place,
            "online_link": found.online_link,
            "occasion": found.occasion,
            "event": found.event_id,
        }
    return ScheduleForm(initial=initial)


@require_GET
@secretariat_required
def triage(request, pk):
    return render(request, "dialogue/triage.html", _triage_context(request, _triage_request(pk)))


def _triage_form(request, found, form, form_name, on_valid):
    """One of the triage page's forms: refused, the page again with that form."""
    return handle_form(
        request,
        form,
        on_valid=on_valid,
        template="dialogue/triage.html",
        context=lambda: _triage_context(request, found, **{form_name: form}),
    )


def _declines(request) -> bool:
    return request.POST.get("to_state") == State.DECLINED


@require_POST
@secretariat_required
@fresh_authentication_required_when(_declines)
def triage_transition(request, pk):
    found = _triage_request(pk)

    def decide(form):
        services.request_transition(
            request=found,
            to_state=form.cleaned_data["to_state"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request, _("The request is now: %(state)s.") % {"state": found.get_state_display()}
        )
        return redirect(found.get_triage_url())

    allowed = services.allowed_targets(request=found, user=request.user)
    form = TransitionForm(request.POST, allowed=allowed)
    return _triage_form(request, found, form, "transition_form", decide)


@require_POST
@secretariat_required
def triage_schedule(request, pk):
    found = _triage_request(pk)

    def schedule(form):
        services.request_transition(
            request=found, to_state=State.SCHEDULED, by=request.user, schedule=form.schedule()
        )
        messages.success(request, _("The hearing has been scheduled."))
        return redirect(found.get_triage_url())

    form = ScheduleForm(request.POST)
    return _triage_form(request, found, form, "schedule_form", schedule)


@require_POST
@secretariat_required
def triage_select(request, pk):
    found = _triage_request(pk)

    def select(form):
        services.participants_select(
            request=found, by=request.user, selected_partner_ids=form.cleaned_data["partners"]
        )
        messages.success(request, _("The participating NGOs have been saved."))
        return redirect(found.get_triage_url())

    form = SelectionForm(request.POST, interests=list(found.interests.all()))
    return _triage_form(request, found, form, "selection_form", select)


@require_POST
@secretariat_required
def triage_edit(request, pk):
    found = _triage_request(pk)

    def save(form):
        data = dict(form.cleaned_data)
        notes = data.pop("internal_notes")
        services.request_update_by_secretariat(
            request=found, by=request.user, internal_notes=notes, translations=data
        )
        messages.success(request, _("Saved."))
        return redirect(found.get_triage_url())

    form = SecretariatEditForm(request.POST, request=found)
    return _triage_form(request, found, form, "edit_form", save)


@require_POST
@secretariat_required
def triage_outcome(request, pk):
    found = _triage_request(pk)

    def record(form):
        services.request_record_outcome(
            request=found,
            by=request.user,
            texts=form.texts(),
            documents=form.cleaned_data["documents"],
        )
        messages.success(request, _("The outcome has been saved."))
        return redirect(found.get_triage_url())

    form = OutcomeForm(request.POST, request.FILES, request=found)
    return _triage_form(request, found, form, "outcome_form", record)
