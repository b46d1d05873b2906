"""Election pages: the public page, nomination, validation, the roll, voting, the count."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forums.elections import permissions, selectors, services
from forums.elections.forms import BallotForm, CandidatureForm, DecisionForm, PaperCountForm
from forums.models import Candidature
from foundation.accounts.decorators import secretariat_required
from foundation.files import private_file_response
from foundation.roles import roles_for
from foundation.web.forms import add_service_errors, bind, handle_form


def _election_or_404(request, slug):
    election = selectors.election_get(slug=slug)
    if election is None or not permissions.can_view_election(request.user, election):
        raise Http404
    return election


@require_safe
def election_list(request):
    return render(
        request,
        "forums/elections/list.html",
        {"elections": selectors.election_list_public()},
    )


@require_safe
def election_detail(request, slug):
    election = _election_or_404(request, slug)
    user = request.user
    today = timezone.localdate()
    manage = permissions.can_manage_election(user, election)
    partner_id = roles_for(user).edited_partner_id
    entry = services.roll_entry_for(election=election, user=user)
    context = {
        "election": election,
        "show_candidates": manage or today >= election.candidates_published or election.is_counted,
        "groups": selectors.candidatures_by_kind(election=election),
        "roll": selectors.roll_public(election=election) if election.roll_closed else None,
        "own_candidatures": (
            list(selectors.candidatures_of_partner(election=election, partner_id=partner_id))
            if partner_id is not None
            else []
        ),
        "can_nominate": permissions.can_nominate(user, election)
        and not election.is_counted
        and timezone.now() < election.candidatures_close,
        "can_manage": manage,
        "can_paper_count": permissions.can_enter_paper_count(user, election),
        "voting_open": services.voting_is_open(election),
        "on_roll": entry is not None,
        "has_voted": services.has_voted(election=election, entry=entry),
        "term": election.term,
        "seats": election.term.seats.select_related("partner") if election.term else [],
    }
    return render(request, "forums/elections/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def nominate(request, slug):
    election = _election_or_404(request, slug)
    if not permissions.can_nominate(request.user, election):
        raise PermissionDenied
    partner = request.user.partner_editor.partner

    def save(form):
        services.candidature_submit(
            election=election,
            user=request.user,
            partner=partner,
            seat_kind=form.cleaned_data["seat_kind"],
            person_name=form.cleaned_data.get("person_name", ""),
            statements=form.statements(),
            cv=form.cleaned_data["cv"],
        )
        messages.success(
            request, _("The candidature is submitted: the Secretariat will validate it.")
        )
        return redirect(election.get_absolute_url())

    return handle_form(
        request,
        CandidatureForm(**bind(request), election=election),
        on_valid=save,
        template="forums/elections/nominate.html",
        context={"election": election, "partner": partner},
    )


@require_safe
def candidature_cv(request, slug, pk):
    election = _election_or_404(request, slug)
    candidature = get_object_or_404(Candidature, election=election, pk=pk)
    if not permissions.can_view_candidature(request.user, candidature):
        raise Http404
    return private_file_response(
        candidature.file,
        filename=candidature.original_name,
        content_type=candidature.content_type,
        public=candidature.state == Candidature.State.VALIDATED,
    )


@require_safe
@secretariat_required
def review(request, slug):
    election = _election_or_404(request, slug)
    context = {
        "election": election,
        "candidatures": selectors.candidatures_awaiting(election=election),
        "form": DecisionForm(),
    }
    return render(request, "forums/elections/review.html", context)


@require_POST
@secretariat_required
def candidature_decide(request, slug, pk):
    election = _election_or_404(request, slug)
    candidature = get_object_or_404(Candidature, election=election, pk=pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.candidature_decide(
                candidature=candidature,
                user=request.user,
                validate=form.cleaned_data["decision"] == "validate",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("elections:review", slug=election.slug)
    context = {
        "election": election,
        "candidatures": selectors.candidatures_awaiting(election=election),
        "form": form,
        "refused": candidature,
    }
    return render(request, "forums/elections/review.html", context, status=400)


@require_POST
@secretariat_required
def roll_close(request, slug):
    election = _election_or_404(request, slug)
    try:
        entries = services.roll_close(election=election)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The roll is closed: %(count)s NGOs may vote.") % {"count": len(entries)}
        )
    return redirect(election.get_absolute_url())


@require_POST
@secretariat_required
def count(request, slug):
    election = _election_or_404(request, slug)
    try:
        services.election_count(election=election)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The count is made and the results are published."))
    return redirect(election.get_absolute_url())


@require_http_methods(["GET", "POST"])
@never_cache
@login_required
def vote(request, slug):
    """Choose, review, cast. The receipt is shown in the answer to the cast
    itself and kept nowhere else: no redirect, no message in the session."""
    election = _election_or_404(request, slug)
    entry = services.roll_entry_for(election=election, user=request.user)
    if entry is None:
        raise PermissionDenied
    context = {"election": election, "entry": entry}
    if services.has_voted(election=election, entry=entry):
        return render(request, "forums/elections/voted.html", context)
    if not services.voting_is_open(election):
        return render(request, "forums/elections/vote_closed.html", context)
    groups = selectors.candidatures_by_kind(election=election)
    form = BallotForm(request.POST or None, election=election, groups=groups)
    context["form"] = form
    if request.method == "GET":
        return render(request, "forums/elections/vote.html", context)
    if not form.is_valid():
        return render(request, "forums/elections/vote.html", context, status=400)
    choices = form.choices()
    if request.POST.get("step") != "cast":
        names = {c.code: c.display_name for _kind, _label, cs in groups for c in cs}
        context["review"] = [
            (label, [names[code] for code in form.cleaned_data.get(kind) or []])
            for kind, label, cs in groups
            if cs
        ]
        context["hidden"] = [
            (kind, code) for kind in form.limits for code in form.cleaned_data.get(kind) or []
        ]
        return render(request, "forums/elections/vote_review.html", context)
    try:
        receipt = services.ballot_cast(election=election, user=request.user, choices=choices)
    except ValidationError as error:
        add_service_errors(form, error)
        return render(request, "forums/elections/vote.html", context, status=400)
    context["receipt"] = receipt
    return render(request, "forums/elections/receipt.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def paper_count(request, slug):
    election = _election_or_404(request, slug)
    if not permissions.can_enter_paper_count(request.user, election):
        raise PermissionDenied
    candidatures = election.candidatures.filter(state=Candidature.State.VALIDATED).select_related(
        "partner"
    )

    def save(form):
        services.paper_count_enter(
            election=election,
            user=request.user,
            votes=form.votes(),
            ballots_cast=form.cleaned_data["ballots_cast"],
        )
        messages.success(request, _("The paper count is recorded."))
        return redirect(election.get_absolute_url())

    return handle_form(
        request,
        PaperCountForm(**bind(request), candidatures=candidatures),
        on_valid=save,
        template="forums/elections/paper_count.html",
        context={"election": election},
    )


@require_safe
def ballots(request, slug):
    election = _election_or_404(request, slug)
    if not election.is_counted:
        raise Http404
    data = services.ballots_export(election)
    receipt = (request.GET.get("receipt") or "").strip().upper()[:40]
    names = {c["code"]: c["name"] for c in data["candidates"]}
    context = {
        "election": election,
        "data": data,
        "rows": [
            (b["receipt"], [names.get(code, code) for code in b["choices"]])
            for b in data.get("ballots", [])
        ],
        "receipt": receipt,
        "found": any(b["receipt"] == receipt for b in data.get("ballots", [])) if receipt else None,
    }
    return render(request, "forums/elections/ballots.html", context)


@require_safe
def ballots_json(request, slug):
    election = _election_or_404(request, slug)
    if not election.is_counted:
        raise Http404
    body = json.dumps(services.ballots_export(election), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{election.slug}-ballots.json"'
    return response
