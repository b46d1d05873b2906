"""Periodic reports: the editor fills and submits (/<lang>/my/organisation/report/),
the Secretariat and sector focal points read (/<lang>/my/reports/), the
Secretariat assesses and follows the deadlines (/<lang>/my/secretariat/reports/).

Thin views: the rules are in partners.permissions (who) and
partners.lifecycle.reports (what); a report is looked up through them, so a
forged id of another partner's report is not found.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from foundation.accounts.decorators import role_required, second_factor_step, secretariat_required
from foundation.files import private_file_response
from foundation.roles import roles_for
from foundation.web.forms import handle_form
from partners import permissions
from partners.lifecycle import reports, selectors
from partners.lifecycle.models import PeriodicReport, ReportAttachment
from partners.lifecycle.report_forms import AssessmentForm, AttachmentForm, CommentForm, ReportForm
from partners.permissions import editor_partner

PAGE_SIZE = 20


# --- NGO editor -----------------------------------------------------------------


def _report_form(report, data=None):
    actions = reports.actions_in_period(report.partner, report.period_start, report.period_end)
    actions = list(actions.order_by("-start_date", "title"))
    if report.pk is None:
        # Not saved yet: ticked as its first save will store it (report_for_due_date).
        sectors = report.partner.sectors.all()
        action_ids = [action.pk for action in actions]
    else:
        sectors = report.sectors.all()
        action_ids = report.actions.values_list("pk", flat=True)
    initial = {
        "cooperation": report.cooperation,
        "joint_activities": report.joint_activities,
        "sectors": [sector.code for sector in sectors],
        "actions": [str(pk) for pk in action_ids],
    }
    return ReportForm(data, initial=initial, actions=actions)


def _editor_page(partner, report, *, form=None, attachment_form=None) -> dict:
    """The editor's report page; a refused POST hands in its bound form to show its errors."""
    return {
        "partner": partner,
        "report": report,
        "form": form or (_report_form(report) if report else None),
        "attachment_form": attachment_form or AttachmentForm(),
        "past": selectors.reports_of_partner(partner).exclude(pk=report.pk if report else None),
    }


def _due_report_or_403(partner):
    report = reports.report_due(partner=partner)
    if report is None:
        raise PermissionDenied
    return report


@require_http_methods(["GET", "POST"])
@role_required("editor")
def report_edit(request):
    """The partner's current report: filled, saved (the first save makes it), submitted."""
    partner = editor_partner(request.user)
    if request.method == "GET":
        report = reports.report_due(partner=partner)
        return render(request, "partners/reports/edit.html", _editor_page(partner, report))
    report = _due_report_or_403(partner)
    form = _report_form(report, request.POST)

    def save(form):
        saved = reports.report_save(report=report, user=request.user, data=form.cleaned_data)
        if "submit" in request.POST:
            reports.report_transition(
                report=saved, user=request.user, to_state=PeriodicReport.State.SUBMITTED
            )
            messages.success(request, _("Your report is submitted to the Secretariat."))
        else:
            messages.success(request, _("Your report is saved."))
        return redirect("partners_editor:report")

    return handle_form(
        request,
        form,
        on_valid=save,
        template="partners/reports/edit.html",
        context=lambda: _editor_page(partner, report, form=form),
    )


@require_POST
@role_required("editor")
def report_attachment_add(request):
    partner = editor_partner(request.user)
    report = _due_report_or_403(partner)
    attachment_form = AttachmentForm(request.POST, request.FILES)

    def attach(form):
        reports.report_add_attachment(
            report=report, user=request.user, upload=form.cleaned_data["file"]
        )
        messages.success(request, _("The document is attached."))
        return redirect("partners_editor:report")

    return handle_form(
        request,
        attachment_form,
        on_valid=attach,
        template="partners/reports/edit.html",
        context=lambda: _editor_page(partner, report, attachment_form=attachment_form),
    )


@require_POST
@role_required("editor")
def report_attachment_delete(request, pk):
    partner_id = roles_for(request.user).edited_partner_id
    attachment = (
        ReportAttachment.objects.select_related("report")
        .filter(pk=pk, report__partner_id=partner_id)
        .first()
    )
    if attachment is None:
        raise Http404
    try:
        reports.report_remove_attachment(attachment=attachment, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The document is removed."))
    return redirect("partners_editor:report")


# --- Readers: the Secretariat and sector focal points --------------------------------


def _reader_required(view):
    """The Secretariat (second factor passed) or a sector focal point; the other
    signed-in users get 403, a Secretariat session without its second factor is
    sent to it first."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if permissions.can_assess_reports(user) or permissions.is_focal_point(user):
            return view(request, *args, **kwargs)
        if roles_for(user).is_secretariat:
            return second_factor_step(request)
        raise PermissionDenied

    return wrapper


@require_safe
@_reader_required
def report_list(request):
    page = Paginator(selectors.reports_for_reader(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "partners/reports/list.html", {"page": page})


def _detail_context(request, report, **forms) -> dict:
    report = selectors.report_with_details(report)
    sector_ids = {sector.pk for sector in report.partner.sectors.all()}
    comment_sectors = permissions.focal_sector_ids(request.user) & sector_ids
    can_comment = bool(comment_sectors) and report.state in permissions.VISIBLE_TO_OTHERS
    return {
        "report": report,
        "partner": report.partner,
        "is_editor": permissions.is_editor_of(request.user, report.partner_id),
        "can_assess": permissions.can_assess_reports(request.user)
        and report.state == PeriodicReport.State.SUBMITTED,
        "assessment_form": forms.get("assessment_form") or AssessmentForm(),
        "comment_form": (forms.get("comment_form") or CommentForm(sector_ids=comment_sectors))
        if can_comment
        else None,
    }


@require_safe
@login_required
def report_detail(request, pk):
    report = permissions.get_readable_report_or_404(request.user, pk)
    return render(request, "partners/reports/detail.html", _detail_context(request, report))


@require_POST
@secretariat_required
def report_assess(request, pk):
    report = permissions.get_readable_report_or_404(request.user, pk)
    form = AssessmentForm(request.POST)

    def assess(form):
        reports.report_transition(
            report=report,
            user=request.user,
            to_state=form.cleaned_data["decision"],
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("The assessment is recorded; the organisation is told."))
        return redirect("reports:detail", pk=report.pk)

    return handle_form(
        request,
        form,
        on_valid=assess,
        template="partners/reports/detail.html",
        context=lambda: _detail_context(request, report, assessment_form=form),
    )


@require_POST
@login_required
def report_comment(request, pk):
    report = permissions.get_readable_report_or_404(request.user, pk)
    sector_ids = set(report.partner.sectors.values_list("pk", flat=True))
    form = CommentForm(
        request.POST, sector_ids=permissions.focal_sector_ids(request.user) & sector_ids
    )
    if not permissions.is_focal_point(request.user):
        raise PermissionDenied

    def comment(form):
        reports.report_comment(
            report=report,
            user=request.user,
            sector=form.cleaned_data["sector"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Your comment is recorded."))
        return redirect("reports:detail", pk=report.pk)

    return handle_form(
        request,
        form,
        on_valid=comment,
        template="partners/reports/detail.html",
        context=lambda: _detail_context(request, report, comment_form=form),
    )


@require_safe
@login_required
def report_attachment(request, pk):
    attachment = ReportAttachment.objects.filter(pk=pk).select_related("report").first()
    if attachment is None:
        raise Http404
    permissions.get_readable_report_or_404(request.user, attachment.report_id)
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


# --- Secretariat: deadlines ---------------------------------------------------------------


@require_safe
@secretariat_required
def report_deadlines(request):
    today = timezone.localdate()
    context = {
        "today": today,
        "overdue": list(selectors.partners_overdue(today=today)[:200]),
        "due_soon": list(selectors.partners_report_due_soon(today=today)[:200]),
        "awaiting": list(selectors.reports_awaiting_assessment()[:200]),
    }
    return render(request, "partners/reports/deadlines.html", context)
