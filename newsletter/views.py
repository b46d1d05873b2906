import datetime
import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from foundation import ratelimit
from foundation.accounts.decorators import fresh_authentication_required, secretariat_required
from foundation.client_ip import client_ip
from foundation.mail.models import Suppression
from foundation.public_cache import public_page
from foundation.web.forms import bind, handle_form
from newsletter import permissions, selectors, services, tokens
from newsletter.forms import (
    AudienceForm,
    BounceClassifyForm,
    BounceFilterForm,
    BuildForm,
    DeliveryFilterForm,
    MailingForm,
    NoteForm,
    PreferencesForm,
    SendForm,
    SubscribeForm,
    SuppressionSearchForm,
)
from newsletter.models import Issue, Mailing

logger = logging.getLogger(__name__)

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
    return language if language in services.LANGUAGES else settings.LANGUAGE_CODE


# Public ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@public_page("newsletters")
def archive(request):
    page = Paginator(selectors.issue_list_public(), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    mailings = selectors.mailing_list_public().order_by("-approved_at", "-pk")[:ARCHIVE_PAGE_SIZE]
    return render(request, "newsletter/archive.html", {"page": page, "mailings": mailings})


@require_http_methods(["GET", "HEAD"])
@public_page("newsletters")
def issue(request, month):
    issue = _public_issue(request, month)
    context = {"issue": issue, "sections": selectors.issue_content(issue=issue)}
    return render(request, "newsletter/issue.html", context)


@require_http_methods(["GET", "HEAD"])
def issue_pdf(request, month):
    issue = _public_issue(request, month)
    rendition = services.issue_rendition(issue=issue, language=_language())
    try:
        pdf = rendition.pdf.open("rb")
    except (FileNotFoundError, ValueError):
        # The row outlived its file (a restore without the media volume, say):
        # the visitor gets "not found", the log says which file is missing.
        logger.error("Newsletter PDF missing for issue %s (%s)", issue.pk, rendition.language)
        raise Http404 from None
    return FileResponse(
        pdf,
        content_type="application/pdf",
        filename=services.pdf_filename(issue, rendition.language),
    )


def _over_limit(request) -> bool:
    retry_after = ratelimit.hit(
        scope="newsletter-subscribe",
        key=client_ip(request),
        limit=SUBSCRIBE_LIMIT_PER_HOUR,
        period=3600,
    )
    return retry_after is not None


@require_http_methods(["GET", "POST"])
def subscribe(request):
    def request_confirmation(form):
        if _over_limit(request):
            raise ValidationError(_("Too many requests. Try again in an hour."))
        services.subscriber_request(
            email=form.cleaned_data["email"], language=form.cleaned_data["language"]
        )
        # The same answer whether or not the address was known.
        return render(request, "newsletter/subscribe_done.html", status=200)

    return handle_form(
        request,
        SubscribeForm(**bind(request), initial={"language": _language()}),
        on_valid=request_confirmation,
        template="newsletter/subscribe.html",
    )


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


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    email = tokens.read_token(token, salt=tokens.PREFERENCES_SALT)
    if email is None:
        raise Http404
    state = selectors.subscriber_state(email=email)

    def save(form):
        services.subscriber_set_preferences(
            email=email,
            language=form.cleaned_data["language"],
            subscribed=form.cleaned_data["subscribed"],
            topics=form.cleaned_data["topics"],
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("newsletter:preferences", token=token)

    return handle_form(
        request,
        PreferencesForm(**bind(request), initial=state),
        on_valid=save,
        template="newsletter/preferences.html",
        context={"state": state},
    )


# Secretariat ---------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage(request):
    page = Paginator(selectors.issue_list_manage(), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletter/manage.html", {"page": page, "build_form": BuildForm()})


@require_POST
@secretariat_required
def manage_build(request):
    form = BuildForm(request.POST)

    def build(form):
        issue = services.issue_build(month=services.parse_month(form.cleaned_data["month"]))
        messages.success(request, _("The draft is built."))
        return redirect("newsletter:manage_issue", month=issue.slug)

    return handle_form(
        request,
        form,
        on_valid=build,
        template="newsletter/manage.html",
        context=lambda: {
            "page": Paginator(selectors.issue_list_manage(), ARCHIVE_PAGE_SIZE).get_page(1),
            "build_form": form,
        },
    )


def _issue_context(request, issue, *, note_form=None) -> dict:
    return {
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


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_issue(request, month):
    issue = _managed_issue(month)
    return render(request, "newsletter/manage_issue.html", _issue_context(request, issue))


@require_POST
@secretariat_required
def manage_note(request, month):
    issue = _managed_issue(month)
    form = NoteForm(request.POST)

    def save(form):
        services.issue_update_note(issue=issue, notes=form.notes())
        messages.success(request, _("The editorial note is saved."))
        # One form: "Save and continue" saves, then asks for the confirmation.
        if request.POST.get("then") == "send":
            return redirect("newsletter:manage_send", month=issue.slug)
        return redirect("newsletter:manage_issue", month=issue.slug)

    return handle_form(
        request,
        form,
        on_valid=save,
        template="newsletter/manage_issue.html",
        context=lambda: _issue_context(request, issue, note_form=form),
    )


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_send(request, month):
    """The confirmation before sending: how many subscribers, in which
    languages, and a test copy to oneself first."""
    issue = _managed_issue(month)
    if not permissions.can_edit_issue(request.user, issue):
        return redirect("newsletter:manage_issue", month=issue.slug)
    counts = selectors.recipient_counts()
    context = {
        "issue": issue,
        "counts": counts,
        "breakdown": " / ".join(f"{code} {number}" for code, number in counts["by_language"]),
        "send_form": SendForm(initial={"recipients": counts["total"]}),
        "test_language": _test_language(request),
    }
    return render(request, "newsletter/manage_send.html", context)


def _test_language(request) -> str:
    language = getattr(request.user, "preferred_language", "") or _language()
    return language if language in services.LANGUAGES else _language()


@require_POST
@secretariat_required
def manage_test(request, month):
    issue = _managed_issue(month)
    if not permissions.can_edit_issue(request.user, issue):
        return redirect("newsletter:manage_issue", month=issue.slug)
    services.issue_send_test_copy(
        issue=issue, email=request.user.email, language=_test_language(request)
    )
    messages.success(
        request,
        _("A test copy was sent to %(email)s.") % {"email": request.user.email},
    )
    return redirect("newsletter:manage_send", month=issue.slug)


@require_POST
@secretariat_required
@fresh_authentication_required
def manage_approve(request, month):
    issue = _managed_issue(month)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirm the number of subscribers on this page first."))
        return redirect("newsletter:manage_send", month=issue.slug)
    try:
        services.issue_approve(
            issue=issue,
            approved_by=request.user,
            expected_recipients=form.cleaned_data["recipients"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("newsletter:manage_send", month=issue.slug)
    messages.success(request, _("The issue is approved and is going out."))
    return redirect("newsletter:manage_issue", month=issue.slug)


@require_POST
@secretariat_required
def manage_resume(request, month):
    issue = _managed_issue(month)
    try:
        services.issue_resume(issue=issue)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sending resumed: only what is not sent yet goes out."))
    return redirect("newsletter:manage_issue", month=issue.slug)


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_preview(request, month):
    issue = _managed_issue(month)
    context = {"issue": issue, "sections": selectors.issue_content(issue=issue), "preview": True}
    return render(request, "newsletter/issue.html", context)


@require_http_methods(["GET", "HEAD"])
@secretariat_required
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


@require_http_methods(["GET", "HEAD"])
@secretariat_required
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


# One-off mailings and audiences (Secretariat) -------------------------------------


def _managed_mailing(pk: int) -> Mailing:
    mailing = Mailing.objects.filter(pk=pk).first()
    if mailing is None:
        raise Http404
    return mailing


def _audience_draft(data: dict) -> Mailing:
    """An unsaved mailing carrying an audience, to count it."""
    mailing = Mailing(
        audience=data.get("audience") or "",
        partner_status=data.get("partner_status") or "",
        region=data.get("region") or "",
        country=data.get("country") or "",
        event=data.get("event"),
        official_notice=bool(data.get("official_notice")),
    )
    mailing._sector_ids = [sector.pk for sector in data.get("sectors") or []]
    return mailing


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_mailings(request):
    page = Paginator(selectors.mailing_list_manage(), ARCHIVE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletter/mailings.html", {"page": page})


def _mailing_initial(mailing: Mailing) -> dict:
    initial = {name: getattr(mailing, name) for name in services.MAILING_FIELDS}
    for code in services.LANGUAGES:
        initial[f"subject_{code}"] = getattr(mailing, f"subject_{code}") or ""
        initial[f"body_{code}"] = getattr(mailing, f"body_{code}") or ""
    initial["sectors"] = list(mailing.sectors.all())
    return initial


def _mailing_form_view(request, mailing: Mailing | None):
    form = MailingForm(
        **bind(request),
        initial=_mailing_initial(mailing) if mailing else {"audience": "subscribers"},
    )

    def save(form):
        saved = services.mailing_save(
            mailing=mailing,
            data=form.cleaned_data,
            pdf=form.cleaned_data.get("pdf") or None,
            remove_pdf=form.cleaned_data.get("remove_pdf", False),
        )
        messages.success(request, _("The mailing is saved."))
        return redirect("newsletter:manage_mailing", pk=saved.pk)

    return handle_form(
        request,
        form,
        on_valid=save,
        template="newsletter/mailing_form.html",
        context={"mailing": mailing},
    )


@require_http_methods(["GET", "POST"])
@secretariat_required
def manage_mailing_new(request):
    return _mailing_form_view(request, None)


@require_http_methods(["GET", "POST"])
@secretariat_required
def manage_mailing_edit(request, pk):
    mailing = _managed_mailing(pk)
    if mailing.status != Mailing.Status.DRAFT:
        messages.error(request, _("An approved mailing can no longer be edited."))
        return redirect("newsletter:manage_mailing", pk=mailing.pk)
    return _mailing_form_view(request, mailing)


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_mailing(request, pk):
    mailing = _managed_mailing(pk)
    context = {
        "mailing": mailing,
        "progress": selectors.mailing_progress(mailing=mailing),
        "audience": selectors.audience_summary(mailing=mailing)
        if mailing.status == Mailing.Status.DRAFT
        else None,
        "languages": services.LANGUAGES,
    }
    return render(request, "newsletter/mailing_manage.html", context)


@require_POST
@secretariat_required
@fresh_authentication_required
def manage_mailing_approve(request, pk):
    mailing = _managed_mailing(pk)
    try:
        services.mailing_approve(mailing=mailing, approved_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The mailing is approved and is going out."))
    return redirect("newsletter:manage_mailing", pk=mailing.pk)


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_audience(request):
    """The live count and first recipients of an audience (the mailing form asks as you choose)."""
    form = AudienceForm(request.GET or None)
    summary = None
    if form.is_valid():
        draft = _audience_draft(form.cleaned_data)
        summary = selectors.audience_summary(mailing=draft)
    template = (
        "newsletter/_audience.html" if request.GET.get("fragment") else "newsletter/audience.html"
    )
    response = render(request, template, {"form": form, "audience": summary})
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def mailing(request, pk):
    mailing = Mailing.objects.filter(pk=pk).first()
    if mailing is None or not permissions.can_read_mailing(request.user, mailing):
        raise Http404
    return render(request, "newsletter/mailing.html", {"mailing": mailing})


# Suppressed addresses (bounces) ------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_suppressions(request):
    form = SuppressionSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = Paginator(selectors.suppression_list(query=query), DELIVERY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "newsletter/suppressions.html", {"form": form, "page": page})


@require_POST
@secretariat_required
def manage_suppression_reinstate(request, pk):
    suppression = Suppression.objects.filter(pk=pk, lifted_at__isnull=True).first()
    if suppression is None:
        raise Http404
    services.suppression_reinstate(email=suppression.email, by=request.user)
    messages.success(request, _("%(email)s receives mail again.") % {"email": suppression.email})
    return redirect("newsletter:manage_suppressions")


# Bounce-mailbox messages left for a person --------------------------------------------


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_bounces(request):
    form = BounceFilterForm(request.GET or None)
    state = (form.cleaned_data["state"] if form.is_valid() else "") or "open"
    page = Paginator(selectors.bounce_review_list(state=state), DELIVERY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    concerns = selectors.bounce_concerns(rows)
    return render(
        request,
        "newsletter/bounces.html",
        {
            "form": form,
            "page": page,
            "state": state,
            "rows": [(bounce, concerns[bounce.pk]) for bounce in rows],
        },
    )


def _reviewed_bounce(pk):
    bounce = selectors.bounce_review_get(pk=pk)
    if bounce is None:
        raise Http404
    return bounce


def _bounce_context(bounce, form=None) -> dict:
    concern = selectors.bounce_concerns([bounce])[bounce.pk]
    if form is None:
        form = BounceClassifyForm(initial={"email": concern.address})
    return {"bounce": bounce, "concern": concern, "form": form}


@require_http_methods(["GET", "HEAD"])
@secretariat_required
def manage_bounce(request, pk):
    bounce = _reviewed_bounce(pk)
    response = render(request, "newsletter/bounce.html", _bounce_context(bounce))
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@secretariat_required
def manage_bounce_handled(request, pk):
    bounce = _reviewed_bounce(pk)
    if services.bounce_mark_handled(bounce=bounce, by=request.user):
        messages.success(request, _("The message is marked handled."))
    else:
        messages.info(request, _("This message has already been handled."))
    return redirect("newsletter:manage_bounces")


@require_POST
@secretariat_required
def manage_bounce_classify(request, pk):
    bounce = _reviewed_bounce(pk)
    form = BounceClassifyForm(**bind(request))

    def classify(form):
        services.bounce_classify(
            bounce=bounce,
            kind=form.cleaned_data["kind"],
            email=form.cleaned_data["email"],
            by=request.user,
        )
        messages.success(
            request,
            _("The message now counts as a bounce for %(email)s.")
            % {"email": form.cleaned_data["email"].lower()},
        )
        return redirect("newsletter:manage_bounces")

    return handle_form(
        request,
        form,
        on_valid=classify,
        template="newsletter/bounce.html",
        context=lambda: _bounce_context(bounce, form),
    )
