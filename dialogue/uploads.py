"""What a dialogue request may carry: documents only, checked by foundation.uploads.

A request names each refused file, since several are sent at once.
"""

from django.utils.translation import gettext_lazy as _

from foundation import uploads

ALLOWED = frozenset({uploads.PDF, uploads.DOCX, uploads.ODT})
MAX_FILES = 5


def check_upload(uploaded) -> uploads.CheckedFile:
    """The shared content checks, limited to PDF, DOCX and ODT; raises ValidationError."""
    return uploads.check_upload(
        uploaded,
        allowed=ALLOWED,
        too_large=_("%(name)s is larger than %(limit)s."),
        not_accepted=_("%(name)s is not a PDF, Word (DOCX) or OpenDocument (ODT) file."),
    )
