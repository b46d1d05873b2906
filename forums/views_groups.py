"""Liaison Committee and working groups: public pages and the members' workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forums import permissions, selectors, services
from forums.forms import CommentForm, DocumentForm, MeetingForm, VersionFilesForm
from forums.models import Meeting
from foundation.files import private_file_response
from foundation.languages import language_codes
from foundation.public_cache import public_page
from foundation.web.forms import bind, handle_form

PAGE_SIZE = 20


def _group_or_404(slug: str):
    group = selectors.working_group_get(slug=slug)
    if group is None:
        raise Http404
    return group


def _document_or_404(request, group, pk):
    document = selectors.document_get(group=group, pk=pk)
    # A document the user may not see does not exist for them.
    if document is None or not permissions.can_view_document(request.user, document):
        raise Http404
    return document


@require_safe
@public_page("working-groups", "partners")
def group_list(request):
    groups = Paginator(selectors.working_group_list().order_by("-is_active", "name"), PAGE_SIZE)
    context = {
        "committee": selectors.committee_current(),
        "page": groups.get_page(request.GET.get("page")),
    }
    return render(request, "forums/group_list.html", context)


@require_safe
@public_page("working-groups", "partners")
def group_detail(request, slug):
    group = _group_or_404(slug)
    internal = permissions.can_read_internal(request.user, group)
    context = {
        "group": group,
        "documents": selectors.document_list_for_group(group=group, internal=internal),
        "internal": internal,
        "can_manage": permissions.can_manage_group(request.user, group),
    }
    return render(request, "forums/group_detail.html", context)


@require_safe
def document_detail(request, slug, pk):
    group = _group_or_404(slug)
    document = _document_or_404(request, group, pk)
    internal = permissions.can_read_internal(request.user, group)
    versions = list(document.versions.all())
    if not internal:
        versions = [v for v in versions if v.pk == document.published_version_id]
    context = {
        "group": group,
        "document": document,
        "versions": versions,
        "internal": internal,
        "comments": document.comments.all() if internal else [],
        "can_edit": permissions.can_edit_document(request.user, document),
        "can_submit": permissions.can_submit_document(request.user, document),
        "can_publish": permissions.can_publish_document(request.user, document)
        and document.state == document.State.REVIEW,
        "can_comment": permissions.can_comment_document(request.user, document),
        "comment_form": CommentForm(),
        "version_form": VersionFilesForm(),
    }
    return render(request, "forums/document_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def document_create(request, slug):
    group = _group_or_404(slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied

    def save(form):
        data = form.cleaned_data
        document = services.document_create(
            group=group,
            user=request.user,
            kind=data["kind"],
            titles={lang: data[f"title_{lang}"] for lang in language_codes()},
            summaries={lang: data[f"summary_{lang}"] for lang in language_codes()},
            document_date=data["document_date"],
            meeting=data["meeting"],
            files=form.files_by_language(),
            note=data["note"],
        )
        messages.success(request, _("The draft was saved."))
        return redirect(document.get_absolute_url())

    return handle_form(
        request,
        DocumentForm(**bind(request), group=group),
        on_valid=save,
        template="forums/document_form.html",
        context={"group": group},
    )


@require_POST
@login_required
def version_create(request, slug, pk):
    group = _group_or_404(slug)
    document = _document_or_404(request, group, pk)
    if not permissions.can_edit_document(request.user, document):
        raise PermissionDenied

    def save(form):
        services.document_add_version(
            document=document,
            user=request.user,
            files=form.files_by_language(),
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The new version was saved."))
        return redirect(document.get_absolute_url())

    return handle_form(
        request,
        VersionFilesForm(**bind(request)),
        on_valid=save,
        template="forums/version_form.html",
        context={"group": group, "document": document},
    )


def _transition(request, slug, pk, action):
    group = _group_or_404(slug)
    document = _document_or_404(request, group, pk)
    try:
        action(document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(document.get_absolute_url())


@require_POST
@login_required
def document_submit(request, slug, pk):
    def submit(document):
        if not permissions.can_manage_group(request.user, document.working_group):
            raise PermissionDenied
        services.document_submit(document=document, user=request.user)
        messages.success(request, _("The document was sent to the Secretariat for review."))

    return _transition(request, slug, pk, submit)


@require_POST
@login_required
def document_publish(request, slug, pk):
    def publish(document):
        if not permissions.can_publish_document(request.user, document):
            raise PermissionDenied
        services.document_publish(document=document, user=request.user)
        messages.success(request, _("The document is published."))

    return _transition(request, slug, pk, publish)


@require_POST
@login_required
def document_comment(request, slug, pk):
    def comment(document):
        if not permissions.can_comment_document(request.user, document):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        if request.POST.get("return") and document.state == document.State.REVIEW:
            services.document_return(
                document=document, user=request.user, comment=form.cleaned_data["text"]
            )
            messages.success(request, _("The document was returned to the group."))
        else:
            services.document_comment(
                document=document, user=request.user, text=form.cleaned_data["text"]
            )
            messages.success(request, _("Your comment was added."))

    return _transition(request, slug, pk, comment)


@require_safe
def document_file(request, slug, file_id):
    """Stream a file after checking permission: every time, for every file."""
    file = selectors.document_file_get(public_id=file_id)
    if (
        file is None
        or file.version.document.working_group.slug != slug
        or not permissions.can_download_document_file(request.user, file)
    ):
        raise Http404
    return private_file_response(
        file.file,
        filename=file.original_name,
        content_type=file.content_type,
        public=file.version.document.published_version_id == file.version_id,
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, slug, pk=None):
    group = _group_or_404(slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    meeting = get_object_or_404(Meeting, working_group=group, pk=pk) if pk else None
    initial = MeetingForm.initial_from(meeting) if meeting else None

    def save(form):
        services.meeting_save(group=group, user=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The meeting was saved."))
        return redirect(group.get_absolute_url())

    return handle_form(
        request,
        MeetingForm(**bind(request), initial=initial),
        on_valid=save,
        template="forums/meeting_form.html",
        context={"group": group, "meeting": meeting},
    )
