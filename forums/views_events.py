"""International NGO Forums and CIONG sessions: pages, calendars, registration, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forums import calendar, exports, permissions, selectors, services
from forums.forms import EventDocumentForm, EventFilterForm, RegistrationForm
from forums.models import Event, EventDocument, Registration
from forums.structured_data import event_json_ld
from foundation.accounts.decorators import fresh_authentication_required, secretariat_required
from foundation.files import private_file_response
from foundation.public_cache import public_page
from foundation.roles import roles_for
from foundation.web.forms import bind, handle_form

PAGE_SIZE = 20


def _event_or_404(request, slug):
    event = selectors.event_get(slug=slug)
    if event is None or not permissions.can_view_event(request.user, event):
        raise Http404
    return event


@require_safe
@public_page("events", "partners")
def event_list(request):
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list(when=data.get("when", ""), kind=data.get("kind", ""))
    if form.is_bound and not form.is_valid():
        events = events.none()
    context = {"form": form, "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))}
    return render(request, "forums/event_list.html", context)


@require_safe
@public_page("events", "partners", "hearings")
def event_detail(request, slug):
    event = _event_or_404(request, slug)
    partner_id = roles_for(request.user).edited_partner_id
    own_registrations = (
        list(selectors.registration_list(event=event, partner_id=partner_id))
        if partner_id is not None
        else []
    )
    context = {
        "event": event,
        "programme": selectors.programme_by_day_and_room(event),
        "can_register": permissions.can_register_for(request.user, event),
        "own_registrations": own_registrations,
        "has_voting_delegate": any(r.is_voting_delegate for r in own_registrations),
        "can_manage": permissions.can_manage_registrations(request.user, event),
        "can_manage_documents": permissions.can_manage_documents(request.user, event),
        "form": RegistrationForm(event=event),
        # An unpublished event (seen by the Secretariat) is described to no search engine.
        "json_ld": event_json_ld(event, programme=event.programme.all())
        if event.published
        else None,
    }
    return render(request, "forums/event_detail.html", context)


@require_safe
@public_page("events")
def event_calendar(request, slug):
    event = _event_or_404(request, slug)
    body = calendar.programme_calendar(
        event, url=request.build_absolute_uri(event.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def register(request, slug):
    event = _event_or_404(request, slug)
    if roles_for(request.user).edited_partner_id is None:
        raise PermissionDenied

    def save(form):
        services.registration_create(event=event, user=request.user, **form.cleaned_data)
        messages.success(request, _("The representative is registered."))
        return redirect(event.get_absolute_url())

    return handle_form(
        request,
        RegistrationForm(**bind(request), event=event),
        on_valid=save,
        template="forums/register.html",
        context={"event": event},
    )


@require_POST
@login_required
def registration_cancel(request, slug, pk):
    event = _event_or_404(request, slug)
    registration = get_object_or_404(Registration, event=event, pk=pk)
    if not permissions.can_view_partner_registrations(request.user, event, registration.partner_id):
        raise Http404
    try:
        services.registration_cancel(registration=registration, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration was withdrawn."))
    return redirect(event.get_absolute_url())


def _registrations_event(request, slug):
    event = _event_or_404(request, slug)
    if not permissions.can_manage_registrations(request.user, event):
        raise PermissionDenied
    return event


@require_safe
@login_required
def registrations(request, slug):
    event = _registrations_event(request, slug)
    context = {
        "event": event,
        "page": Paginator(selectors.registration_list(event=event), 50).get_page(
            request.GET.get("page")
        ),
        "counts": selectors.registration_counts(event=event),
    }
    return render(request, "forums/registrations.html", context)


@require_safe
@login_required
def registrations_csv(request, slug):
    event = _registrations_event(request, slug)
    return exports.csv_response(event, selectors.registration_list(event=event))


@require_safe
@login_required
def registrations_xlsx(request, slug):
    event = _registrations_event(request, slug)
    return exports.xlsx_response(event, selectors.registration_list(event=event))


@require_safe
def event_file(request, slug, file_id):
    event = _event_or_404(request, slug)
    document = (
        EventDocument.objects.select_related("event").filter(event=event, public_id=file_id).first()
    )
    if document is None or not permissions.can_download_event_file(request.user, document):
        raise Http404
    return private_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
        public=document.published and document.event.published,
    )


# Outcome documents: the Secretariat's page. Every event is theirs to manage,
# published or not, so the event is looked up by slug alone.


@require_http_methods(["GET", "POST"])
@secretariat_required
def event_documents(request, slug):
    event = get_object_or_404(Event, slug=slug)

    def upload(form):
        services.event_document_add(
            event=event,
            user=request.user,
            upload=form.cleaned_data["file"],
            titles=form.titles(),
            language=form.cleaned_data["language"],
            published=form.cleaned_data["published"],
        )
        messages.success(request, _("The document was uploaded."))
        return redirect("forums:documents", slug=event.slug)

    return handle_form(
        request,
        EventDocumentForm(**bind(request)),
        on_valid=upload,
        template="forums/event_documents.html",
        context=lambda: {
            "event": event,
            "documents": selectors.event_document_list(event=event),
        },
    )


def _event_document_or_404(slug, pk) -> EventDocument:
    # The document must belong to the event of the URL: another event's id is not found.
    return get_object_or_404(EventDocument.objects.select_related("event"), event__slug=slug, pk=pk)


def _set_published(request, slug, pk, *, published: bool):
    document = _event_document_or_404(slug, pk)
    services.event_document_set_published(document=document, user=request.user, published=published)
    if published:
        messages.success(request, _("The document is published on the event page."))
    else:
        messages.success(request, _("The document is no longer shown on the event page."))
    return redirect("forums:documents", slug=document.event.slug)


@require_POST
@secretariat_required
def event_document_publish(request, slug, pk):
    return _set_published(request, slug, pk, published=True)


@require_POST
@secretariat_required
def event_document_unpublish(request, slug, pk):
    return _set_published(request, slug, pk, published=False)


@require_POST
@secretariat_required
@fresh_authentication_required
def event_document_delete(request, slug, pk):
    document = _event_document_or_404(slug, pk)
    services.event_document_delete(document=document, user=request.user)
    messages.success(request, _("The document was deleted."))
    return redirect("forums:documents", slug=document.event.slug)
