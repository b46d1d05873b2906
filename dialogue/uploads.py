"""Checking uploaded files by their content, not their name or declared type."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
}
MAX_FILES = 5


def check_upload(uploaded) -> str:
    """Return the detected content type of an uploaded file, or raise ValidationError.

    Reads the first bytes only: filetype recognises PDF by its header and
    DOCX/ODT by the zip members they must contain.
    """
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s."),
            params={"name": uploaded.name, "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("%(name)s is not a PDF, Word (DOCX) or OpenDocument (ODT) file."),
            params={"name": uploaded.name},
            code="file_type",
        )
    return kind.mime


def clean_display_name(name: str, content_type: str) -> str:
    """A harmless name to offer on download: no path, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>:|?*').strip(". ")
    stem = base.rsplit(".", 1)[0][:150] or "document"
    return stem + ALLOWED_TYPES[content_type]
