"""Writes to working groups, documents, events and registrations.

Services check permission themselves as well as the views (defence in
depth) and raise ValidationError with a translated message for every
domain rule a user can break.
"""

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import emails, permissions
from forums.models import (
    Document,
    DocumentComment,
    DocumentFile,
    DocumentVersion,
    Event,
    EventDocument,
    Meeting,
    Registration,
    WorkingGroup,
    WorkingGroupMembership,
)
from foundation import uploads
from foundation.languages import language_codes
from foundation.roles import roles_for

LANGUAGES = language_codes()
# Set by the storing functions, never by a form.
FILE_FIELDS = ["file", "original_name", "content_type", "size", "sha256"]


# Meetings


def meeting_save(
    *,
    group: WorkingGroup,
    user,
    date: datetime.date,
    place: str = "",
    online: bool = False,
    agenda: str = "",
    minutes: str = "",
    meeting: Meeting | None = None,
) -> Meeting:
    """Create or update a meeting of the group. Side effects: writes the Meeting."""
    if not permissions.can_manage_group(user, group):
        raise PermissionDenied
    if meeting is not None and meeting.working_group_id != group.pk:
        raise PermissionDenied
    if not online and not place.strip():
        raise ValidationError(_("Give a place, or mark the meeting as online."))
    meeting = meeting or Meeting(working_group=group)
    meeting.date = date
    meeting.place = place.strip()
    meeting.online = online
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting.full_clean()
    meeting.save()
    return meeting


# Files


def _file_fields(upload, checked: uploads.CheckedFile, *, folder: str) -> dict:
    """Store a checked upload; return the field values of a StoredFile."""
    return {
        "file": uploads.store_upload(upload, checked, folder=folder),
        "original_name": checked.display_name,
        "content_type": checked.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
    }


def stored_file_fields(upload, *, folder: str) -> dict:
    """Check an upload and store it: the field values of a StoredFile.

    Side effects: writes the file to the private storage; raises
    ValidationError (nothing written) if the file is refused.
    """
    return _file_fields(upload, uploads.check_upload(upload), folder=folder)


# Documents


def _store_files(files: dict) -> list[tuple[str, dict]]:
    """Check every file first, then store them all; nothing is stored if one is refused."""
    checked = []
    errors = {}
    for language, upload in files.items():
        if language not in LANGUAGES:
            raise ValidationError(_("Unknown language."))
        if upload is None:
            continue
        try:
            checked.append((language, upload, uploads.check_upload(upload)))
        except ValidationError as error:
            errors[f"file_{language}"] = error.messages
    if errors:
        raise ValidationError(errors)
    stored = []
    try:
        for language, upload, result in checked:
            stored.append((language, _file_fields(upload, result, folder="working-groups")))
    except Exception:
        for _language, fields in stored:
            uploads.delete_stored(fields["file"])
        raise
    return stored


def _create_version(*, document: Document, user, files: dict, note: str) -> DocumentVersion:
    if not any(files.values()):
        raise ValidationError(_("Upload at least one file, in one of the languages."))
    stored = _store_files(files)
    try:
        with transaction.atomic():
            number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
            version = DocumentVersion(
                document=document, number=number, note=note[:500], created_by=user
            )
            version.full_clean()
            version.save()
            for language, fields in stored:
                DocumentFile.objects.create(version=version, language=language, **fields)
    except Exception:
        # The database refused: do not leave orphan files behind.
        for _language, fields in stored:
            uploads.delete_stored(fields["file"])
        raise
    return version


def document_create(
    *,
    group: WorkingGroup,
    user,
    kind: str,
    titles: dict[str, str],
    summaries: dict[str, str] | None = None,
    document_date: datetime.date | None = None,
    meeting: Meeting | None = None,
    files: dict,
    note: str = "",
) -> Document:
    """A new draft document with its first version.

    Side effects: stores the files in the private storage, writes the
    Document, its version 1 and one DocumentFile per language given.
    """
    if not permissions.can_manage_group(user, group):
        raise PermissionDenied
    if meeting is not None and meeting.working_group_id != group.pk:
        raise ValidationError(_("This meeting belongs to another group."))
    if not any((titles.get(language) or "").strip() for language in LANGUAGES):
        raise ValidationError(_("Give the document a title."))
    with transaction.atomic():
        document = Document(
            working_group=group,
            kind=kind,
            document_date=document_date,
            meeting=meeting,
            created_by=user,
            state=Document.State.DRAFT,
        )
        # Each language's column is set: the plain `title` attribute only
        # writes the active language's one, so it would add nothing.
        for language in LANGUAGES:
            setattr(document, f"title_{language}", (titles.get(language) or "").strip())
            setattr(document, f"summary_{language}", (summaries or {}).get(language) or "")
        document.full_clean()
        document.save()
        _create_version(document=document, user=user, files=files, note=note)
    return document


def document_add_version(*, document: Document, user, files: dict, note: str = "") -> Document:
    """Upload a new numbered version. A published document goes back to draft.

    The previously published version stays public until the Secretariat
    publishes the new one. Side effects: stores files, writes a version.
    """
    if not permissions.can_edit_document(user, document):
        raise PermissionDenied
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state == Document.State.REVIEW:
            raise ValidationError(_("The document is under Secretariat review."))
        _create_version(document=document, user=user, files=files, note=note)
        document.state = Document.State.DRAFT
        document.save(update_fields=["state", "updated_at"])
    return document


def document_submit(*, document: Document, user) -> Document:
    """Draft → under Secretariat review. Side effects: emails the Secretariat."""
    if not permissions.can_manage_group(user, document.working_group):
        raise PermissionDenied
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state != Document.State.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for review."))
        document.state = Document.State.REVIEW
        document.save(update_fields=["state", "updated_at"])
        emails.document_submitted(document)
    return document


def document_publish(*, document: Document, user) -> Document:
    """Under review → published: the latest version becomes public.

    Side effects: sets published_version/at/by; emails the group's members.
    """
    if not permissions.can_publish_document(user, document):
        raise PermissionDenied
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state != Document.State.REVIEW:
            raise ValidationError(_("Only a document under review can be published."))
        latest = document.versions.order_by("-number").first()
        if latest is None or not latest.files.exists():
            raise ValidationError(_("The document has no file to publish."))
        document.state = Document.State.PUBLISHED
        document.published_version = latest
        document.published_at = timezone.now()
        document.published_by = user
        document.save()
        emails.document_decision(document, "published")
    return document


def document_return(*, document: Document, user, comment: str) -> Document:
    """Under review → draft, with a Secretariat comment. Side effects: emails the members."""
    if not permissions.can_publish_document(user, document):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError(_("Say what the group should change."))
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.state != Document.State.REVIEW:
            raise ValidationError(_("Only a document under review can be returned."))
        document.state = Document.State.DRAFT
        document.save(update_fields=["state", "updated_at"])
        document_comment(document=document, user=user, text=comment)
        emails.document_decision(document, "returned")
    return document


def document_comment(*, document: Document, user, text: str) -> DocumentComment:
    """A Secretariat comment on the latest version. Side effects: writes a DocumentComment."""
    if not permissions.can_comment_document(user, document):
        raise PermissionDenied
    comment = DocumentComment(
        document=document,
        version=document.versions.order_by("-number").first(),
        author=user,
        text=text.strip(),
    )
    comment.full_clean()
    comment.save()
    return comment


# Event outcome documents

EVENT_DOCUMENTS_FOLDER = "events"


def event_document_attach_file(*, document: EventDocument, upload) -> None:
    """Check an upload and make it the document's file; the row itself is not saved.

    The file it replaces, if any, is deleted once the transaction commits.
    Side effects: writes the new file to the private storage; raises
    ValidationError (nothing written) if the file is refused.
    """
    previous = document.stored_name  # "" for a document without a file yet
    for name, value in stored_file_fields(upload, folder=EVENT_DOCUMENTS_FOLDER).items():
        setattr(document, name, value)
    if previous:
        transaction.on_commit(partial(uploads.delete_stored, previous))


def event_document_add(
    *,
    event: Event,
    user,
    upload,
    titles: dict[str, str],
    language: str,
    published: bool,
) -> EventDocument:
    """A new outcome document of the event, listed on its page once published.

    Side effects: stores the file in the private storage (deleted again if
    the row cannot be written), writes the EventDocument.
    """
    if not permissions.can_manage_documents(user, event):
        raise PermissionDenied
    titles = {lang: (titles.get(lang) or "").strip() for lang in LANGUAGES}
    if not any(titles.values()):
        raise ValidationError({f"title_{settings.LANGUAGE_CODE}": _("Give the document a title.")})
    document = EventDocument(event=event, language=language, published=published)
    for lang, title in titles.items():
        setattr(document, f"title_{lang}", title)
    document.full_clean(exclude=FILE_FIELDS)
    event_document_attach_file(document=document, upload=upload)
    try:
        document.save()
    except Exception:
        uploads.delete_stored(document.stored_name)
        raise
    return document


def event_document_set_published(
    *, document: EventDocument, user, published: bool
) -> EventDocument:
    """Show the document on the event page, or withdraw it. Side effects: writes it."""
    if not permissions.can_manage_documents(user, document.event):
        raise PermissionDenied
    document.published = published
    document.save(update_fields=["published"])
    return document


def event_document_delete(*, document: EventDocument, user) -> None:
    """Side effects: deletes the row, and its file once the transaction commits."""
    if not permissions.can_manage_documents(user, document.event):
        raise PermissionDenied
    document.delete()


# Registrations


def registration_create(
    *,
    event: Event,
    user,
    full_name: str,
    email: str,
    position: str = "",
    is_voting_delegate: bool = False,
) -> Registration:
    """Register a named representative of the user's NGO.

    The event row is locked (select_for_update) so that concurrent
    registrations are counted one after the other: capacity and the per-NGO
    limit hold under parallel requests; the partial unique constraint keeps
    one voting delegate per NGO even if this lock were bypassed.
    Side effects: writes a Registration.
    """
    partner_id = roles_for(user).edited_partner_id
    if partner_id is None:
        raise PermissionDenied
    email = email.strip().lower()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not permissions.can_register_for(user, event):
            raise ValidationError(_("Registration for this event is not open."))
        if is_voting_delegate and not event.is_ciong:
            raise ValidationError(_("Only a conference session has voting delegates."))
        # Waiting and cancelled registrations (issue 19) hold no place.
        registrations = Registration.objects.filter(event=event).exclude(
            status__in=[Registration.Status.WAITING, Registration.Status.CANCELLED]
        )
        if event.capacity is not None and registrations.count() >= event.capacity:
            raise ValidationError(_("The event is full."))
        if registrations.filter(partner_id=partner_id).count() >= event.per_partner_limit:
            raise ValidationError(
                _("Your organisation has already registered %(limit)d representatives.")
                % {"limit": event.per_partner_limit}
            )
        if (
            is_voting_delegate
            and registrations.filter(partner_id=partner_id, is_voting_delegate=True).exists()
        ):
            raise ValidationError(_("Your organisation already has a voting delegate."))
        # Only this NGO's own list is consulted: whether another NGO registered
        # the address is none of this one's business, so the same person may
        # be registered by two NGOs rather than one learning about the other.
        if registrations.filter(partner_id=partner_id, email=email).exists():
            raise ValidationError(_("This person is already registered for your organisation."))
        registration = Registration(
            event=event,
            partner_id=partner_id,
            full_name=full_name.strip(),
            email=email,
            position=position.strip(),
            is_voting_delegate=is_voting_delegate,
            registered_by=user,
        )
        registration.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise ValidationError(_("This registration conflicts with another one.")) from error
    return registration


def registration_cancel(*, registration: Registration, user) -> None:
    """Withdraw a representative while registration is open. Side effects: deletes it."""
    if not (
        permissions.is_secretariat(user)
        or roles_for(user).edited_partner_id == registration.partner_id
    ):
        raise PermissionDenied
    if registration.event.state != Event.State.REGISTRATION_OPEN and not permissions.is_secretariat(
        user
    ):
        raise ValidationError(_("Registration is closed: contact the Secretariat."))
    registration.delete()


# Liaison Committee


def liaison_member_add(*, user, partner) -> list[WorkingGroup]:
    """Name `user` a managing member of every working group `partner` belongs to.

    The groups name their members (issue 17): this is the group's act, used
    by the demo data; it makes nobody a Liaison Committee member, which only
    an election does. Returns the groups.
    """
    with transaction.atomic():
        groups = list(
            WorkingGroup.objects.filter(
                Q(member_partners=partner) | Q(coordinating_partner=partner)
            )
            .distinct()
            .order_by("name")
        )
        for group in groups:
            WorkingGroupMembership.objects.get_or_create(
                working_group=group, user=user, defaults={"partner": partner}
            )
    return groups
