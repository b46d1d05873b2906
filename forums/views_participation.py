"""Pages of issue 19: the call for proposals, review, the programme with its
proposers, participation with waiting lists, badges, the door, attendance."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forums import badges, calendar, permissions, selectors, services_attendance, services_proposals
from forums.forms_participation import (
    AgendaForm,
    CheckInForm,
    DecisionForm,
    FeedbackForm,
    ParticipationForm,
    ProposalForm,
    ReviewForm,
    ScheduleForm,
)
from forums.models import (
    CallForProposals,
    CheckIn,
    ProgrammeItem,
    Proposal,
    Registration,
)
from foundation import exports
from foundation.exports import neutralize
from foundation.files import private_download
from foundation.roles import roles_for
from foundation.web.forms import add_service_errors, bind, handle_form

S = Registration.Status


def _event_or_404(request, slug):
    event = selectors.event_get(slug=slug)
    if event is None or not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def _call_or_404(request, slug) -> CallForProposals:
    event = _event_or_404(request, slug)
    call = CallForProposals.objects.filter(event=event).first()
    if call is None:
        raise Http404
    call.event = event
    return call


def _organiser_event(request, slug):
    event = _event_or_404(request, slug)
    if not permissions.can_organise(request.user, event):
        raise PermissionDenied
    return event


# The call and the proposals


@require_safe
def call_detail(request, slug):
    call = _call_or_404(request, slug)
    own = []
    if request.user.is_authenticated:
        own = list(call.proposals.filter(proposer=request.user).select_related("programme_item"))
    context = {
        "call": call,
        "event": call.event,
        "can_propose": permissions.can_propose(request.user, call),
        "can_review": permissions.can_review_proposals(request.user, call.event),
        "own_proposals": own,
    }
    return render(request, "forums/call_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def propose(request, slug):
    call = _call_or_404(request, slug)
    if not permissions.can_propose(request.user, call):
        raise PermissionDenied

    def save(form):
        services_proposals.proposal_submit(
            call=call,
            user=request.user,
            proposer_language=translation.get_language(),
            **form.cleaned_data,
        )
        messages.success(request, _("Your proposal was submitted."))
        return redirect("forums:call", slug=call.event.slug)

    return handle_form(
        request,
        ProposalForm(**bind(request), call=call, is_partner=roles_for(request.user).editor),
        on_valid=save,
        template="forums/proposal_form.html",
        context={"call": call, "event": call.event},
    )


@require_safe
@login_required
def proposal_list(request, slug):
    event = _organiser_event(request, slug)
    call = get_object_or_404(CallForProposals, event=event)
    state = request.GET.get("state", "")
    proposals = (
        call.proposals.select_related("partner", "programme_item")
        .annotate(review_count=Count("reviews"), average=Avg("reviews__score"))
        .order_by("-average", "pk")
    )
    if state in Proposal.State.values:
        proposals = proposals.filter(state=state)
    context = {
        "event": event,
        "call": call,
        "proposals": proposals,
        "state": state,
        "states": Proposal.State.choices,
        "sees_proposer": permissions.sees_proposer(request.user, call),
    }
    return render(request, "forums/proposal_list.html", context)


def _proposal_or_404(event, pk) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("call", "partner", "programme_item"),
        call__event=event,
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@login_required
def proposal_detail(request, slug, pk):
    event = _organiser_event(request, slug)
    proposal = _proposal_or_404(event, pk)

    def save(form):
        services_proposals.review_save(proposal=proposal, user=request.user, **form.cleaned_data)
        messages.success(request, _("Your review was saved."))
        return redirect("forums:proposal", slug=event.slug, pk=proposal.pk)

    mine = proposal.reviews.filter(reviewer=request.user).first()
    return handle_form(
        request,
        ReviewForm(
            **bind(request),
            initial={"score": mine.score, "comment": mine.comment} if mine else None,
        ),
        on_valid=save,
        template="forums/proposal_detail.html",
        context=lambda: {
            "event": event,
            "proposal": proposal,
            "reviews": proposal.reviews.select_related("reviewer"),
            "sees_proposer": permissions.sees_proposer(request.user, proposal.call),
            "decision_form": DecisionForm(),
            "schedule_form": ScheduleForm(initial={"day": event.start_date}),
        },
    )


@require_POST
@login_required
def proposal_decide(request, slug, pk):
    event = _organiser_event(request, slug)
    proposal = _proposal_or_404(event, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline."))
        return redirect("forums:proposal", slug=event.slug, pk=proposal.pk)
    try:
        services_proposals.proposal_decide(
            proposal=proposal,
            user=request.user,
            accept=form.cleaned_data["decision"] == "accept",
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision was recorded and the proposer informed."))
    return redirect("forums:proposal", slug=event.slug, pk=proposal.pk)


@require_http_methods(["GET", "POST"])
@login_required
def proposal_schedule(request, slug, pk):
    event = _organiser_event(request, slug)
    proposal = _proposal_or_404(event, pk)
    warnings = []
    form = ScheduleForm(**bind(request), initial={"day": event.start_date})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item, warnings = services_proposals.proposal_schedule(
                    proposal=proposal, user=request.user, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                if item is not None:
                    messages.success(request, _("The session is in the programme."))
                    return redirect("forums:programme", slug=event.slug)
                status = 409
        else:
            status = 400
    context = {"event": event, "proposal": proposal, "form": form, "warnings": warnings}
    return render(request, "forums/proposal_schedule.html", context, status=status)


@require_safe
def programme(request, slug):
    event = _event_or_404(request, slug)
    items = (
        event.programme.select_related("proposal__partner")
        .prefetch_related("speakers__partner")
        .order_by("day", "start_time", "room")
    )
    context = {
        "event": event,
        "items": items,
        "can_manage_programme": permissions.can_manage_programme(request.user, event),
    }
    return render(request, "forums/programme.html", context)


# Participation


def _open_types(event):
    today = timezone.localdate()
    return event.registration_types.filter(opens_on__lte=today, closes_on__gte=today)


@require_http_methods(["GET", "POST"])
def participate(request, slug):
    event = _event_or_404(request, slug)
    types = list(
        event.registration_types.annotate(
            taken=Count(
                "registrations", filter=Q(registrations__status__in=[S.CONFIRMED, S.OFFERED])
            ),
            waiting=Count("registrations", filter=Q(registrations__status=S.WAITING)),
        )
    )
    allowed = [t.pk for t in types if permissions.can_register_as(request.user, t)]
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine = []
    if request.user.is_authenticated:
        mine = list(
            Registration.objects.filter(event=event, registration_type__isnull=False)
            .filter(Q(registered_by=request.user) | Q(participant=request.user))
            .select_related("registration_type")
            .order_by("pk")
        )

    def save(form):
        data = dict(form.cleaned_data)
        registration_type = data.pop("registration_type")
        registration = services_attendance.register(
            registration_type=registration_type, user=request.user, **data
        )
        if registration.status == S.WAITING:
            messages.warning(request, _("All places are taken: you are on the waiting list."))
        else:
            messages.success(request, _("The registration is confirmed."))
        return redirect("forums:participation", slug=event.slug, pk=registration.pk)

    user = request.user
    initial = {"language": translation.get_language()}
    if user.is_authenticated:
        initial |= {"full_name": getattr(user, "full_name", ""), "email": user.email}
    form = ParticipationForm(
        **bind(request),
        initial=initial,
        types=_open_types(event).filter(pk__in=allowed),
        event=event,
    )
    return handle_form(
        request,
        form,
        on_valid=save,
        template="forums/participate.html",
        context={"event": event, "types": types, "mine": mine, "can_register": bool(allowed)},
    )


def _participation_or_404(request, slug, pk) -> Registration:
    event = _event_or_404(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("registration_type", "partner", "event"),
        event=event,
        pk=pk,
        registration_type__isnull=False,
    )
    if not permissions.can_view_participation(request.user, registration):
        raise Http404
    return registration


@require_http_methods(["GET", "POST"])
@login_required
def participation(request, slug, pk):
    registration = _participation_or_404(request, slug, pk)
    event = registration.event

    def save(form):
        services_attendance.agenda_set(
            registration=registration,
            user=request.user,
            item_ids=[item.pk for item in form.cleaned_data["items"]],
        )
        messages.success(request, _("Your agenda was saved."))
        return redirect("forums:participation", slug=event.slug, pk=registration.pk)

    checked_in = CheckIn.objects.filter(registration=registration).first()
    return handle_form(
        request,
        AgendaForm(
            **bind(request),
            event=event,
            initial={"items": list(registration.agenda.values_list("item_id", flat=True))},
        ),
        on_valid=save,
        template="forums/participation.html",
        context={
            "event": event,
            "registration": registration,
            "checked_in": checked_in,
            "feedback_form": FeedbackForm(),
            "agenda_items": event.programme.filter(attendees__registration=registration),
        },
    )


def _participation_action(request, slug, pk, action, success):
    registration = _participation_or_404(request, slug, pk)
    try:
        action(registration=registration, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    event = registration.event
    if request.POST.get("next") == "participants" and permissions.can_manage_registrations(
        request.user, event
    ):
        return redirect("forums:participants", slug=event.slug)
    return redirect("forums:participation", slug=event.slug, pk=registration.pk)


@require_POST
@login_required
def participation_confirm(request, slug, pk):
    return _participation_action(
        request, slug, pk, services_attendance.confirm_offer, _("Your place is confirmed.")
    )


@require_POST
@login_required
def participation_cancel(request, slug, pk):
    return _participation_action(
        request, slug, pk, services_attendance.cancel, _("The registration was cancelled.")
    )


@require_POST
@login_required
def participation_feedback(request, slug, pk, item_pk):
    registration = _participation_or_404(request, slug, pk)
    item = get_object_or_404(ProgrammeItem, event=registration.event, pk=item_pk)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a rating from 1 to 5."))
    else:
        try:
            services_attendance.feedback_give(
                registration=registration, user=request.user, item=item, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you for your feedback."))
    return redirect("forums:participation", slug=registration.event.slug, pk=registration.pk)


@require_safe
@login_required
def agenda_calendar(request, slug, pk):
    """The participant's agenda as a calendar file."""
    registration = _participation_or_404(request, slug, pk)
    event = registration.event
    items = (
        event.programme.filter(attendees__registration=registration)
        .prefetch_related("speakers")
        .order_by("day", "start_time")
    )
    body = calendar.programme_calendar(
        event, url=request.build_absolute_uri(event.get_absolute_url()), items=items
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agenda-{event.slug}.ics"'
    return response


def _pdf(content: bytes, filename: str) -> HttpResponse:
    return private_download(content, filename=filename, content_type="application/pdf")


@require_safe
@login_required
def badge(request, slug, pk):
    registration = _participation_or_404(request, slug, pk)
    if registration.status != S.CONFIRMED:
        raise Http404
    return _pdf(badges.badge_pdf(registration), f"badge-{registration.pk}.pdf")


@require_safe
@login_required
def certificate(request, slug, pk):
    registration = _participation_or_404(request, slug, pk)
    if not CheckIn.objects.filter(registration=registration).exists():
        raise Http404
    registration = Registration.objects.select_related(
        "event", "check_in", "registration_type"
    ).get(pk=registration.pk)
    return _pdf(badges.certificate_pdf(registration), f"certificate-{registration.pk}.pdf")


# The door


@require_http_methods(["GET", "POST"])
@login_required
def check_in(request, slug):
    event = _organiser_event(request, slug)
    result = None
    status = 200
    form = CheckInForm(**bind(request))
    if request.method == "POST":
        if form.is_valid():
            try:
                registration, record, created = services_attendance.check_in(
                    event=event, user=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                add_service_errors(form, ValidationError({"code": error.messages}))
                status = 400
            else:
                result = {"registration": registration, "record": record, "created": created}
                form = CheckInForm()
        else:
            status = 400
    context = {"event": event, "form": form, "result": result}
    return render(request, "forums/check_in.html", context, status=status)


@require_POST
def check_in_record(request, slug):
    """The door page's script: {"code": ..., "at": ISO time recorded offline} → JSON."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login"}, status=401)
    event = _organiser_event(request, slug)
    try:
        payload = json.loads(request.body.decode("utf-8")[:2000] or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"error": _("Unreadable request.")}, status=400)
    if not isinstance(payload, dict) or not isinstance(payload.get("code"), str):
        return JsonResponse({"error": _("Unreadable request.")}, status=400)
    at = parse_datetime(payload["at"]) if isinstance(payload.get("at"), str) else None
    if at is not None and timezone.is_naive(at):
        at = None
    try:
        registration, record, created = services_attendance.check_in(
            event=event, user=request.user, code=payload["code"], at=at
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse(
        {
            "name": registration.full_name,
            "type": str(registration.registration_type.name)
            if registration.registration_type
            else "",
            "created": created,
            "at": record.at.isoformat(),
        }
    )


# Organisers: live counts and lists


@require_safe
@login_required
def attendance(request, slug):
    event = _organiser_event(request, slug)
    types = event.registration_types.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=S.CONFIRMED)),
        offered=Count("registrations", filter=Q(registrations__status=S.OFFERED)),
        waiting=Count("registrations", filter=Q(registrations__status=S.WAITING)),
        checked_in=Count("registrations__check_in"),
    )
    rooms = (
        event.programme.values("room")
        .annotate(planned=Count("attendees"), sessions=Count("pk", distinct=True))
        .order_by("room")
    )
    feedback = (
        event.programme.annotate(responses=Count("feedback"), average=Avg("feedback__rating"))
        .filter(responses__gt=0)
        .order_by("day", "start_time")
    )
    names = dict(settings.LANGUAGES)
    interpretation = [
        {"name": names.get(row["listening_language"], ""), "count": row["count"]}
        for row in Registration.objects.filter(event=event, status=S.CONFIRMED)
        .exclude(listening_language="")
        .values("listening_language")
        .annotate(count=Count("pk"))
        .order_by("listening_language")
    ]
    context = {
        "event": event,
        # Without a call there are no proposals to link to (their page is a 404).
        "has_call": CallForProposals.objects.filter(event=event).exists(),
        "types": types,
        "rooms": rooms,
        "feedback": feedback,
        "interpretation": interpretation,
        "accessibility": Registration.objects.filter(event=event, status=S.CONFIRMED)
        .exclude(accessibility="")
        .count(),
    }
    return render(request, "forums/attendance.html", context)


def _attendance_rows(event):
    registrations = (
        Registration.objects.filter(event=event, registration_type__isnull=False)
        .exclude(status=S.CANCELLED)
        .select_related("registration_type", "partner", "check_in")
        .order_by("registration_type__position", "full_name")
    )
    yield [
        _("Full name"),
        _("Organisation"),
        _("Registration type"),
        _("Status"),
        _("Interpretation language"),
        _("Accessibility needs"),
        _("Checked in at"),
    ]
    for r in registrations.iterator(chunk_size=500):
        check = getattr(r, "check_in", None)
        row = [
            r.full_name,
            r.partner.name if r.partner else (r.country.name if r.country else r.organisation),
            str(r.registration_type.name),
            str(r.get_status_display()),
            r.listening_language,
            r.accessibility,
            check.at.isoformat(timespec="minutes") if check else "",
        ]
        yield [neutralize(value) for value in row]


@require_safe
@login_required
def attendance_csv(request, slug):
    event = _organiser_event(request, slug)
    return exports.csv_response(_attendance_rows(event), filename=f"attendance-{event.slug}.csv")


@require_safe
@login_required
def attendance_xlsx(request, slug):
    event = _organiser_event(request, slug)
    return exports.xlsx_response(
        _attendance_rows(event),
        filename=f"attendance-{event.slug}.xlsx",
        sheet_title=_("Attendance"),
    )
