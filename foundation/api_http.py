"""HTTP manners of the read-only API, for every answer under ``API_PATH_PREFIX``.

- CORS open for reading: any origin may ``GET``/``HEAD`` the API from a
  browser (``Access-Control-Allow-Origin: *``, never with credentials: the API
  has no signed-in view, and a cookie must not turn a cross-site read into the
  user's read). A preflight is answered here. Nothing outside the API gets a
  CORS header.
- Conditional requests on every ``GET``: an answer the shared cache served
  already carries its ``ETag`` and ``Last-Modified`` (foundation/public_cache.py);
  any other successful answer (a browser with a session cookie bypasses that
  cache) gets an ``ETag`` from its body here, and a matching ``If-None-Match``
  gets ``304``.
- Deprecation: a path prefix listed in ``API_DEPRECATIONS`` (settings) as
  ``{"/api/v1/old/": ("2027-01-01", "2027-07-01")}`` (announced, sunset; ISO
  dates, at least six months apart: docs/api.md) answers with ``Deprecation``
  (RFC 9745), ``Sunset`` (RFC 8594) and a ``Link`` to the policy.
- Errors in JSON: a URL under the API that resolves to no view got Django's
  HTML 404 page, which the schema cannot describe; it becomes
  ``{"detail": "..."}`` like DRF's own errors.
"""

import datetime

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOWED_REQUEST_HEADERS = ("Accept", "Accept-Language", "If-None-Match", "If-Modified-Since")
EXPOSED_HEADERS = ("ETag", "Last-Modified", "Retry-After", "Deprecation", "Sunset", "Link")
PREFLIGHT_MAX_AGE = 24 * 3600


def _prefix() -> str:
    return getattr(settings, "API_PATH_PREFIX", "/api/")


def _allow_cross_origin(response) -> None:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)


def _json_error(response):
    content_type = response.get("Content-Type", "")
    if response.status_code < 400 or content_type.startswith("application/json"):
        return response
    messages = {404: _("Not found."), 405: _("Method not allowed.")}
    detail = messages.get(response.status_code, _("The request could not be answered."))
    replacement = JsonResponse({"detail": detail}, status=response.status_code)
    for header in ("Allow", "Retry-After", "Vary"):
        if header in response:
            replacement[header] = response[header]
    return replacement


def _conditional(request, response):
    if request.method not in {"GET", "HEAD"} or response.status_code != 200:
        return response
    if response.streaming or "ETag" in response:
        return response
    set_response_etag(response)
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )


def _timestamp(day: str) -> int:
    return int(datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC).timestamp())


def _announce_deprecation(request, response) -> None:
    for prefix, (announced, sunset) in getattr(settings, "API_DEPRECATIONS", {}).items():
        if request.path.startswith(prefix):
            response["Deprecation"] = f"@{_timestamp(announced)}"
            response["Sunset"] = http_date(_timestamp(sunset))
            policy = getattr(settings, "API_DEPRECATION_POLICY_URL", "")
            if policy:
                response["Link"] = f'<{policy}>; rel="deprecation"'
            return


class ApiHttpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(_prefix()):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            preflight = HttpResponse(status=204)
            _allow_cross_origin(preflight)
            preflight["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
            preflight["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_REQUEST_HEADERS)
            preflight["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            return preflight
        response = _conditional(request, _json_error(self.get_response(request)))
        _announce_deprecation(request, response)
        if request.method in READ_METHODS:
            _allow_cross_origin(response)
        return response
