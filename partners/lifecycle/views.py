"""The application for partnership: /<lang>/partnership/… for applicants,
sector focal points and the Secretariat.

Every view finds the application and asks partners.permissions whether this
user may see or change it: another person's application is a 404, never a
403 that would confirm it exists.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from foundation import uploads
from foundation.accounts.decorators import (
    fresh_authentication_required,
    second_factor_step,
    secretariat_required,
)
from foundation.files import private_download, private_file_response
from foundation.roles import focal_point_sector_ids
from foundation.web.forms import bind, handle_form
from partners import permissions
from partners.lifecycle import letters, rules, selectors, services
from partners.lifecycle.forms import (
    ApplicationForm,
    ApplicationStartForm,
    CommentForm,
    DecisionForm,
    DocumentForm,
    LetterForm,
)
from partners.lifecycle.models import Application, ApplicationDocument, DecisionLetter
from partners.models import Sector

PAGE_SIZE = 25


def _visible_application_or_404(user, pk) -> Application:
    application = selectors.application_for_page(pk)
    if application is None:
        raise Http404
    sector_ids = [sector.pk for sector in application.sectors.all()]
    if not permissions.can_view_application(user, application, sector_ids=sector_ids):
        raise Http404
    return application


def _own_application_or_404(user, pk) -> Application:
    application = get_object_or_404(Application, pk=pk)
    if not permissions.is_applicant_of(user, application):
        raise Http404
    return application


@require_safe
def about(request):
    today = timezone.localdate()
    return render(
        request,
        "partners/lifecycle/about.html",
        {
            "min_years": rules.rule("MIN_YEARS_ACTIVE"),
            "associate_years": rules.rule("ASSOCIATE_MIN_CONSULTATIVE_YEARS"),
            "associate_term": rules.rule("ASSOCIATE_TERM_YEARS"),
            "report_years": rules.rule("REPORT_CYCLE_YEARS"),
            "deadline": rules.associate_deadline(today.year),
            "batch_year": rules.associate_batch_year(today),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def apply(request):
    current = selectors.application_open_for(request.user)
    if current is not None:
        return redirect(current.get_absolute_url())
    form = ApplicationStartForm(**bind(request))

    def start(form):
        application = services.application_start(user=request.user, kind=form.cleaned_data["kind"])
        messages.success(request, _("Your draft request is created; it is saved as you go."))
        return redirect("partnership:application_edit", pk=application.pk)

    return handle_form(
        request,
        form,
        on_valid=start,
        template="partners/lifecycle/apply.html",
        context=lambda: {
            "past": selectors.applications_of(request.user)[:10],
            "is_editor": permissions.editor_partner(request.user) is not None,
        },
    )


def _detail_page(request, application, **forms) -> dict:
    """The request's page; a refused POST hands in its bound form to show its errors."""
    user = request.user
    targets = services.allowed_targets(application=application, user=user)
    examiner = permissions.can_examine_applications(user)
    sector_ids = {sector.pk for sector in application.sectors.all()}
    comment_sectors = Sector.objects.filter(pk__in=focal_point_sector_ids(user) & sector_ids)
    letter = getattr(application, "letter", None)
    decision_form = forms.get("decision_form")
    if decision_form is None and examiner:
        decision_form = DecisionForm(targets=_decision_targets(targets))
    comment_form = forms.get("comment_form")
    if (
        comment_form is None
        and comment_sectors.exists()
        and permissions.can_comment_application(user, application, comment_sectors.first())
    ):
        comment_form = CommentForm(sectors=comment_sectors)
    return {
        "application": application,
        "is_applicant": permissions.is_applicant_of(user, application),
        "examiner": examiner,
        "decision_form": decision_form,
        "can_withdraw": Application.State.WITHDRAWN in targets,
        "can_submit": Application.State.SUBMITTED in targets,
        "comment_form": comment_form,
        "missing": services.missing_documents(
            application, kinds_present={d.kind for d in application.documents.all()}
        ),
        "letter": letter,
        "show_letter": letter is not None and (examiner or letter.is_signed),
    }


def _decision_targets(targets) -> list[str]:
    # Withdrawing is the applicant's own button, never a decision.
    return [target for target in targets if target != Application.State.WITHDRAWN]


@require_safe
@login_required
def application_detail(request, pk):
    application = _visible_application_or_404(request.user, pk)
    return render(request, "partners/lifecycle/detail.html", _detail_page(request, application))


def _closed_to_applicant(request, application):
    """A redirect to the request's page when it is with the Secretariat, else None."""
    if application.is_editable_by_applicant:
        return None
    messages.info(request, _("This request is with the Secretariat and can no longer be changed."))
    return redirect(application.get_absolute_url())


def _application_form(request, application, *, bound: bool) -> ApplicationForm:
    return ApplicationForm(
        **(bind(request) if bound else {}),
        instance=application,
        initial={"sectors": list(application.sectors.values_list("pk", flat=True))},
    )


def _edit_page(request, application, *, form=None, document_form=None) -> dict:
    """The edit page; a refused POST hands in its bound form to show its errors."""
    kinds = set(application.documents.values_list("kind", flat=True))
    return {
        "application": application,
        "form": form or _application_form(request, application, bound=False),
        "eligibility": services.eligibility_problems(application),
        "to_complete": services.completeness_problems(application),
        "missing": services.missing_documents(application, kinds_present=kinds),
        "documents": application.documents.all(),
        "document_form": document_form or DocumentForm(),
        "late_batch": application.kind == Application.Kind.ASSOCIATE
        and timezone.localdate() > rules.associate_deadline(timezone.localdate().year),
        "batch_year": rules.associate_batch_year(timezone.localdate()),
        "requested": application.steps.filter(to_state=Application.State.INCOMPLETE)
        .values_list("message", flat=True)
        .last(),
    }


@require_http_methods(["GET", "POST"])
@login_required
def application_edit(request, pk):
    application = _own_application_or_404(request.user, pk)
    if closed := _closed_to_applicant(request, application):
        return closed
    form = _application_form(request, application, bound=True)

    def save(form):
        data = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name in form.changed_data
        }
        services.application_save(
            application=application,
            user=request.user,
            data=data,
            sectors=form.cleaned_data["sectors"],
        )
        messages.success(request, _("Your draft is saved."))
        return redirect("partnership:application_edit", pk=application.pk)

    return handle_form(
        request,
        form,
        on_valid=save,
        template="partners/lifecycle/edit.html",
        context=lambda: _edit_page(request, application, form=form),
    )


@require_POST
@login_required
def document_add(request, pk):
    application = _own_application_or_404(request.user, pk)
    if closed := _closed_to_applicant(request, application):
        return closed
    document_form = DocumentForm(request.POST, request.FILES)

    def add(form):
        services.application_add_document(
            application=application,
            user=request.user,
            kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"],
        )
        messages.success(request, _("The document is added to your request."))
        return redirect("partnership:application_edit", pk=application.pk)

    return handle_form(
        request,
        document_form,
        on_valid=add,
        template="partners/lifecycle/edit.html",
        context=lambda: _edit_page(request, application, document_form=document_form),
    )


@require_POST
@login_required
def document_remove(request, pk, document_pk):
    application = _own_application_or_404(request.user, pk)
    document = get_object_or_404(ApplicationDocument, pk=document_pk, application=application)
    try:
        services.application_remove_document(document=document, user=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The document is removed."))
    return redirect("partnership:application_edit", pk=application.pk)


@require_safe
@login_required
def document_download(request, pk, document_pk):
    application = _visible_application_or_404(request.user, pk)
    document = get_object_or_404(ApplicationDocument, pk=document_pk, application=application)
    return private_file_response(
        document.file, filename=document.original_name, content_type=document.content_type
    )


def _transition(request, application, to_state, *, message="", decision=None):
    try:
        services.application_transition(
            application=application,
            to_state=to_state,
            user=request.user,
            message=message,
            decision=decision,
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return False
    return True


@require_POST
@login_required
def application_submit(request, pk):
    application = _own_application_or_404(request.user, pk)
    if _transition(request, application, Application.State.SUBMITTED):
        messages.success(
            request, _("Your request is submitted. A receipt is on its way to your email.")
        )
        return redirect(application.get_absolute_url())
    return redirect("partnership:application_edit", pk=application.pk)


@require_POST
@login_required
def application_withdraw(request, pk):
    application = _own_application_or_404(request.user, pk)
    if _transition(request, application, Application.State.WITHDRAWN):
        messages.success(request, _("Your request is withdrawn."))
    return redirect(application.get_absolute_url())


# --- Examination: the Secretariat and the sector focal points ----------------


@require_safe
@login_required
def examination_queue(request):
    user = request.user
    if not (permissions.can_examine_applications(user) or focal_point_sector_ids(user)):
        if getattr(user, "is_secretariat", False):
            return second_factor_step(request)
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    queue = selectors.examination_queue(user=user, kind=kind, state=state)
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/lifecycle/queue.html",
        {
            "page": page,
            "kind": kind if kind in Application.Kind.values else "",
            "state": state if state in selectors.UNDER_WAY else "",
            "kinds": Application.Kind.choices,
            "states": [(s, Application.State(s).label) for s in selectors.UNDER_WAY],
            "today": timezone.localdate(),
            "examiner": permissions.can_examine_applications(user),
        },
    )


@require_POST
@secretariat_required
@fresh_authentication_required
def application_decide(request, pk):
    application = _visible_application_or_404(request.user, pk)
    targets = services.allowed_targets(application=application, user=request.user)
    form = DecisionForm(request.POST, targets=_decision_targets(targets))

    def decide(form):
        services.application_transition(
            application=application,
            to_state=form.cleaned_data["to_state"],
            user=request.user,
            message=form.cleaned_data["message"],
            decision=form.decision(),
        )
        messages.success(request, _("The step is recorded."))
        return redirect(application.get_absolute_url())

    return handle_form(
        request,
        form,
        on_valid=decide,
        template="partners/lifecycle/detail.html",
        context=lambda: _detail_page(request, application, decision_form=form),
    )


@require_POST
@login_required
def application_comment(request, pk):
    application = _visible_application_or_404(request.user, pk)
    sectors = Sector.objects.filter(pk__in=focal_point_sector_ids(request.user))
    form = CommentForm(request.POST, sectors=sectors)

    def comment(form):
        services.application_comment(
            application=application,
            user=request.user,
            sector=form.cleaned_data["sector"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Your comment is recorded."))
        return redirect(application.get_absolute_url())

    return handle_form(
        request,
        form,
        on_valid=comment,
        template="partners/lifecycle/detail.html",
        context=lambda: _detail_page(request, application, comment_form=form),
    )


def _letter_or_404(pk) -> tuple[Application, DecisionLetter]:
    """The request and its decision letter, for the Secretariat's letter pages."""
    application = get_object_or_404(Application.objects.select_related("letter"), pk=pk)
    letter = getattr(application, "letter", None)
    if letter is None:
        raise Http404
    return application, letter


@require_http_methods(["GET", "POST"])
@secretariat_required
@fresh_authentication_required
def letter_edit(request, pk):
    application, letter = _letter_or_404(pk)
    if letter.is_signed:
        return redirect(application.get_absolute_url())
    form = LetterForm(**bind(request), instance=letter)

    def save(form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.letter_save(letter=letter, user=request.user, data=data)
        messages.success(request, _("The letter is saved. Read the preview, then sign it."))
        return redirect("partnership:letter_edit", pk=application.pk)

    return handle_form(
        request,
        form,
        on_valid=save,
        template="partners/lifecycle/letter_edit.html",
        context={"application": application, "letter": letter},
    )


@require_POST
@secretariat_required
@fresh_authentication_required
def letter_sign(request, pk):
    application, letter = _letter_or_404(pk)
    try:
        services.letter_sign_and_send(letter=letter, user=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The letter is signed and the organisation is told."))
    return redirect(application.get_absolute_url())


@require_safe
@login_required
def letter_pdf(request, pk):
    """The signed letter for whoever may see the request; a preview for the Secretariat."""
    application = _visible_application_or_404(request.user, pk)
    letter = getattr(application, "letter", None)
    if letter is None:
        raise Http404
    if letter.is_signed:
        return private_file_response(
            letter.pdf, filename=letters.letter_filename(letter), content_type="application/pdf"
        )
    if not permissions.can_examine_applications(request.user):
        raise Http404
    return private_download(
        letters.render_pdf(letter),
        filename=letters.letter_filename(letter),
        content_type=uploads.PDF,
        inline=True,
    )


def _board_year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 1946 <= year <= datetime.date.today().year + 2 else timezone.localdate().year


@require_safe
@secretariat_required
def board_list(request):
    year = _board_year(request)
    return render(
        request,
        "partners/lifecycle/board_list.html",
        {**selectors.executive_board_list(year=year), "years": range(year - 3, year + 2)},
    )


@require_safe
@secretariat_required
def board_list_xlsx(request):
    from partners.lifecycle import board  # noqa: PLC0415 -- openpyxl only when asked

    year = _board_year(request)
    return private_download(
        board.as_xlsx(selectors.executive_board_list(year=year)),
        filename=f"executive-board-{year}.xlsx",
        content_type=uploads.XLSX,
    )


@require_safe
@secretariat_required
def board_list_pdf(request):
    from partners.lifecycle import board  # noqa: PLC0415 -- WeasyPrint only when asked

    year = _board_year(request)
    return private_download(
        board.as_pdf(selectors.executive_board_list(year=year)),
        filename=f"executive-board-{year}.pdf",
        content_type=uploads.PDF,
    )
