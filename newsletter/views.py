import datetime

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from foundation.accounts.decorators import secretariat_required
from newsletter import permissions, selectors, services, tokens
from newsletter.forms import (
    BuildForm,
    DeliveryFilterForm,
    NoteForm,
    PreferencesForm,
    SubscribeForm,
)
from newsletter.models import Issue

ARCHIVE_PAGE_SIZE = 24
DELIVERY_PAGE_SIZE = 100
SUBSCRIBE_LIMIT_PER_HOUR = 10


def _month(value: str) -> datetime.date:
    try:
        return services.parse_month(value)
    except ValidationError:
        raise Http404 from None


def _public_issue(request, month: str) -> Issue:
    issue = selectors.issue_get(month=_month(month))
    if issue is None or not permissions.can_read_issue(request.user, issue):
        raise Http404
    return issue


def _managed_issue(month: str) -> Issue:
    issue = selectors.issue_get(month=_month(month))
    if issue is None:
        raise Http404
    return issue


def _language() -> str:
    language = get_language()
    return language if language in services.LANGUAGES else "en"


# Public ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def archive(request):
    page = Paginator(selectors.issue_list_public(), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletter/archive.html", {"page": page})


@require_http_methods(["GET", "HEAD"])
def issue(request, month):
    issue = _public_issue(request, month)
    context = {"issue": issue, "sections": selectors.issue_content(issue=issue)}
    return render(request, "newsletter/issue.html", context)


@require_http_methods(["GET", "HEAD"])
def issue_pdf(request, month):
    issue = _public_issue(request, month)
    rendition = services.issue_rendition(issue=issue, language=_language())
    return FileResponse(
        rendition.pdf.open("rb"),
        content_type="application/pdf",
        filename=services.pdf_filename(issue, rendition.language),
    )


def _over_limit(request) -> bool:
    key = f"newsletter:subscribe:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > SUBSCRIBE_LIMIT_PER_HOUR


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    form = SubscribeForm(request.POST or None, initial={"language": _language()})
    if request.method == "POST" and form.is_valid():
        if _over_limit(request):
            form.add_error(None, _("Too many requests. Try again in an hour."))
        else:
            services.subscriber_request(
                email=form.cleaned_data["email"], language=form.cleaned_data["language"]
            )
            # The same answer whether or not the address was known.
            return render(request, "newsletter/subscribe_done.html", status=200)
    return render(request, "newsletter/subscribe.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe_confirm(request, token):
    email = tokens.read_token(token, salt=tokens.CONFIRM_SALT, max_age=tokens.confirm_max_age())
    if email is None:
        raise Http404
    if request.method == "POST":
        services.subscriber_confirm(email=email, language=_language())
        messages.success(request, _("Your subscription is confirmed. Thank you."))
        return redirect("newsletter:archive")
    return render(request, "newsletter/subscribe_confirm.html", {"email": email})


# One-click unsubscription (RFC 8058): mail providers POST
# "List-Unsubscribe=One-Click" to the link, with no session and no CSRF token.
# The signed token is what authorises it, so CSRF protection is off for this
# view only; a GET never unsubscribes (link scanners follow GETs).
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    email = tokens.read_token(token, salt=tokens.UNSUBSCRIBE_SALT)
    if email is None:
        raise Http404
    if request.method == "POST":
        services.subscriber_unsubscribe(email=email)
        return render(request, "newsletter/unsubscribe.html", {"email": email, "done": True})
    return render(request, "newsletter/unsubscribe.html", {"email": email, "done": False})


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    email = tokens.read_token(token, salt=tokens.PREFERENCES_SALT)
    if email is None:
        raise Http404
    state = selectors.subscriber_state(email=email)
    form = PreferencesForm(request.POST or None, initial=state)
    if request.method == "POST" and form.is_valid():
        services.subscriber_set_preferences(
            email=email,
            language=form.cleaned_data["language"],
            subscribed=form.cleaned_data["subscribed"],
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("newsletter:preferences", token=token)
    return render(request, "newsletter/preferences.html", {"form": form, "state": state})


# Secretariat ---------------------------------------------------------------


@secretariat_required
@require_http_methods(["GET", "HEAD"])
def manage(request):
    page = Paginator(selectors.issue_list_manage(), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletter/manage.html", {"page": page, "build_form": BuildForm()})


@secretariat_required
@require_POST
def manage_build(request):
    form = BuildForm(request.POST)
    if form.is_valid():
        try:
            issue = services.issue_build(month=services.parse_month(form.cleaned_data["month"]))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("newsletter:manage")
        messages.success(request, _("The draft is built."))
        return redirect("newsletter:manage_issue", month=issue.slug)
    page = Paginator(selectors.issue_list_manage(), ARCHIVE_PAGE_SIZE).get_page(1)
    return render(request, "newsletter/manage.html", {"page": page, "build_form": form}, status=400)


def _issue_page(request, issue, *, note_form=None, status=200):
    context = {
        "issue": issue,
        "progress": selectors.issue_progress(issue=issue),
        "note_form": note_form
        or NoteForm(
            initial={
                f"editorial_note_{code}": getattr(issue, f"editorial_note_{code}") or ""
                for code in services.LANGUAGES
            }
        ),
        "can_edit": permissions.can_edit_issue(request.user, issue),
        "languages": services.LANGUAGES,
    }
    return render(request, "newsletter/manage_issue.html", context, status=status)


@secretariat_required
@require_http_methods(["GET", "HEAD"])
def manage_issue(request, month):
    return _issue_page(request, _managed_issue(month))


@secretariat_required
@require_POST
def manage_note(request, month):
    issue = _managed_issue(month)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _issue_page(request, issue, note_form=form, status=400)
    try:
        services.issue_update_note(issue=issue, notes=form.notes())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The editorial note is saved."))
    return redirect("newsletter:manage_issue", month=issue.slug)


@secretariat_required
@require_POST
def manage_approve(request, month):
    issue = _managed_issue(month)
    try:
        services.issue_approve(issue=issue, approved_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The issue is approved and is going out."))
    return redirect("newsletter:manage_issue", month=issue.slug)


@secretariat_required
@require_POST
def manage_resume(request, month):
    issue = _managed_issue(month)
    try:
        services.issue_resume(issue=issue)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sending resumed: only what is not sent yet goes out."))
    return redirect("newsletter:manage_issue", month=issue.slug)


@secretariat_required
@require_http_methods(["GET", "HEAD"])
def manage_preview(request, month):
    issue = _managed_issue(month)
    context = {"issue": issue, "sections": selectors.issue_content(issue=issue), "preview": True}
    return render(request, "newsletter/issue.html", context)


@secretariat_required
@require_http_methods(["GET", "HEAD"])
def manage_preview_pdf(request, month):
    issue = _managed_issue(month)
    language = _language()
    if issue.is_public:
        with services.issue_rendition(issue=issue, language=language).pdf.open("rb") as handle:
            document = handle.read()
    else:
        document = services.issue_render_pdf(issue=issue, language=language)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{services.pdf_filename(issue, language)}"'
    return response


@secretariat_required
@require_http_methods(["GET", "HEAD"])
def manage_deliveries(request, month):
    issue = _managed_issue(month)
    form = DeliveryFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(selectors.delivery_list(issue=issue, status=status), DELIVERY_PAGE_SIZE)
    context = {
        "issue": issue,
        "form": form,
        "page": page.get_page(request.GET.get("page")),
        "progress": selectors.issue_progress(issue=issue),
        "status": status,
    }
    return render(request, "newsletter/deliveries.html", context)
