"""Private files: one abstract model and one download response for every app.

A PrivateFile row owns a file in the `private` storage (foundation.uploads
stores it under a random name after checking it). The file leaves the disk
with its row, however the row goes (its page, the admin, a cascade), once
the deletion commits: a rolled-back deletion keeps it. That is a property
of being a PrivateFile, wired once here for every concrete subclass, not a
receiver each app must remember.
"""

from functools import partial

from django.db import models, transaction
from django.db.models.signals import class_prepared, post_delete
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext_lazy as _

from foundation.uploads import CheckedFile, private_storage


class PrivateFile(models.Model):
    """A file in the private storage with what a download needs to show it.

    `original_name` is display metadata only; it never reaches the file
    system. Files are served by a view that checks permission every time,
    through private_file_response.
    """

    file = models.FileField(_("file"), storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


def _forget_file(sender, instance: PrivateFile, using, **kwargs) -> None:
    if instance.file:
        transaction.on_commit(
            partial(instance.file.storage.delete, instance.file.name), using=using
        )


def _connect_cleanup(sender, **kwargs) -> None:
    # Subclasses import this module to inherit from PrivateFile, so this
    # receiver is in place before any of them is prepared.
    if issubclass(sender, PrivateFile) and not sender._meta.abstract:
        post_delete.connect(
            _forget_file, sender=sender, dispatch_uid=f"private_file_cleanup.{sender._meta.label}"
        )


class_prepared.connect(_connect_cleanup, dispatch_uid="foundation.files.cleanup")


def store_checked_upload(
    *, row: PrivateFile, upload, checked: CheckedFile, field_name: str = "file"
):
    """Save `row` with the checked `upload` as its file; return the row.

    The caller builds the row with its own fields and checks the upload
    first (foundation.uploads); the file's metadata comes from `checked`.
    The field's `upload_to` names the stored file (a random name): the
    uploaded name reaches only `original_name`.

    Side effects: writes the file to the private storage; `full_clean()`s
    and saves the row. If the row is refused (ValidationError) or fails to
    save, the file is deleted again and the error raised.
    """
    row.original_name = checked.display_name
    row.content_type = checked.content_type
    row.size = checked.size
    field_file = getattr(row, field_name)
    field_file.save(checked.display_name, upload, save=False)
    try:
        row.full_clean()
        row.save()
    except Exception:
        field_file.delete(save=False)
        raise
    return row


def private_file_response(
    file, *, filename: str, content_type: str | None = None, public: bool = False
) -> FileResponse:
    """Stream a stored file as a download; 404 when it is gone from the storage.

    Always an attachment with `nosniff`, so a browser never renders an
    uploaded file as a page of ours. Not cached by anyone unless `public`
    (a published document anyone may read): `private, no-store` keeps an
    unpublished or restricted file out of shared caches and the browser's.
    """
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


def private_download(
    content: bytes, *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """Bytes made for this request (a PDF rendered, a spreadsheet built) as a
    download that no shared cache and no browser cache keeps.

    `inline` lets the browser show it (a preview) rather than save it.
    """
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
