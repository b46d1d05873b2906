"""Refuse a request body larger than any upload the portal accepts, before
Django reads it: `MultiPartParser` would otherwise spool it to disk first.

The proxy in front should refuse it even earlier (README: "Deployment");
this is the same limit, kept by the application for when it is not.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD_BYTES = 256 * 1024


def max_request_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            megabytes = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            return HttpResponse(
                _("The file is too large: files of up to %(size)s MB are accepted.")
                % {"size": megabytes},
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
