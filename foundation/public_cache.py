"""The shared cache of anonymous public pages, and its invalidation.

Every visitor's request used to rebuild the same page. A public view wrapped in
``public_page("partners", "events")`` is answered from the shared cache (Redis,
or local memory on the embedded default) when the request is an anonymous
``GET``/``HEAD`` carrying no session; the key is the language, the full path
with its query string, the htmx header and the current *version* of each
namespace the page depends on.

Invalidation is by version, never by deleting keys: ``invalidate("partners")``
stores a new version for the namespace once the transaction commits, so every
key built with the old version is simply never asked for again (Redis evicts
it later). Nothing has to enumerate the pages of a namespace, a rolled-back
change invalidates nothing, and the next anonymous request after the commit
sees the change. The version is the time of the change in nanoseconds, which
gives the page its ``Last-Modified`` as well.

The foundation imports no app: each app says which of its models feed which
namespaces (``invalidate_on_change``, from its ``public_cache.py``) and calls
``invalidate`` from a service that writes without ``save()``.

Bodies are kept gzip-compressed (compressed once when stored) and sent so to a
client that accepts gzip, with ``Vary: Accept-Encoding`` and an ETag of their
own. No stored page holds a secret (a page that drew a CSRF token is never
stored), so compression gives BREACH nothing to read.

Responses served this way carry an ``ETag`` and ``Last-Modified`` (a matching
conditional request gets ``304``), ``Cache-Control: public, max-age=0,
s-maxage=…`` (a shared proxy may keep them briefly, a browser revalidates) and
``Vary: Cookie`` (a proxy never gives a signed-in user the visitor's copy), and
``X-Public-Cache: hit`` or ``miss`` for the benchmark's hit rate.
"""

from __future__ import annotations

import gzip
import hashlib
import time
from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

VERSION_KEY = "public-cache:version:{}"
_KNOWN: set[str] = set()  # the namespaces this process has used
# Called with the namespaces of each invalidation (see ``on_invalidate``).
_LISTENERS: list = []
# The entry's layout is part of the key: a deploy that changes it never reads
# an entry stored by the previous code.
PAGE_KEY = "public-cache:page:2:{}"
# Request headers that change what a view answers for the same URL.
VARYING_HEADERS = ("HX-Request",)
# Response headers that the cache keeps with the body.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary", "X-Robots-Tag")


def _timeout() -> int:
    return getattr(settings, "PUBLIC_CACHE_TIMEOUT", 600)


def _proxy_max_age() -> int:
    return getattr(settings, "PUBLIC_CACHE_PROXY_MAX_AGE", 30)


# ---------------------------------------------------------------- versions


def versions(namespaces: Iterable[str]) -> dict[str, int]:
    """The current version of each namespace, one cache round trip."""
    namespaces = tuple(namespaces)
    keys = {VERSION_KEY.format(name): name for name in namespaces}
    found = cache.get_many(list(keys))
    result = {}
    for key, name in keys.items():
        version = found.get(key)
        if version is None:
            # A namespace never invalidated, or evicted: start one now. add()
            # keeps a concurrent worker's version if it came first.
            version = time.time_ns()
            if not cache.add(key, version, None):
                version = cache.get(key) or version
        result[name] = version
    return result


def _bump(namespaces: tuple[str, ...]) -> None:
    now = time.time_ns()
    cache.set_many({VERSION_KEY.format(name): now for name in namespaces}, None)


def invalidate(*namespaces: str, using: str | None = None) -> None:
    """Make every cached page of these namespaces stale now and again once the
    transaction commits.

    Now, so that the writer's own next read (and a test's, whose transaction
    never commits) sees the change; again after the commit, because a visitor's
    request between the two may have cached the page as it was before the
    commit, under the version of the first bump. A rollback only costs a
    rebuild.
    """
    if namespaces:
        _KNOWN.update(namespaces)
        _bump(namespaces)
        transaction.on_commit(lambda: _bump(namespaces), using=using)
        for listener in _LISTENERS:
            listener(namespaces, using=using)


def on_invalidate(listener) -> None:
    """Call ``listener(namespaces, using=...)`` on every invalidation.

    What is derived from public data other than pages (the open-data dump)
    follows the same changes as the pages, without the foundation knowing it:
    the site's composition registers its listener once, at start-up. The
    listener runs inside the writer's transaction and must defer its work to
    ``transaction.on_commit``.
    """
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def reset() -> None:
    """Forget every namespace's version, so that no page cached so far is
    served again (tests call it between tests, whose rows are rolled back)."""
    cache.delete_many([VERSION_KEY.format(name) for name in _KNOWN])


def invalidate_on_change(model, *namespaces: str, m2m: Iterable = ()) -> None:
    """Invalidate the namespaces whenever a row of ``model`` is saved or
    deleted (whoever saves it: a service, the admin, an import), and when one
    of the ``m2m`` through models changes."""
    uid = f"public-cache:{model._meta.label}:{','.join(namespaces)}"

    def on_change(sender, instance=None, raw=False, **kwargs):
        if raw:  # fixtures load rows, nobody has read them yet
            return
        invalidate(*namespaces)

    def on_m2m(sender, action, **kwargs):
        if action in {"post_add", "post_remove", "post_clear"}:
            invalidate(*namespaces)

    post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for through in m2m:
        m2m_changed.connect(
            on_m2m, sender=through, weak=False, dispatch_uid=f"{uid}:{through._meta.label}"
        )


# ---------------------------------------------------------------- pages


def request_is_cacheable(request) -> bool:
    """An anonymous GET or HEAD without a session or pending messages."""
    if request.method not in {"GET", "HEAD"}:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _response_is_storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A page that drew a CSRF token belongs to one visitor's cookie.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def page_key(request, version_map: dict[str, int]) -> str:
    parts = [
        # A new release never reads pages its predecessor rendered.
        getattr(settings, "PUBLIC_CACHE_RELEASE", ""),
        get_language() or "",
        # The sitemap, feeds and calendars write absolute URLs.
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *(request.headers.get(name, "") for name in VARYING_HEADERS),
        *(f"{name}={version}" for name, version in sorted(version_map.items())),
    ]
    return PAGE_KEY.format(hashlib.sha256("\n".join(parts).encode()).hexdigest())


def _accepts_gzip(request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _public_headers(response, *, etag: str, last_modified: int) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=0, s_maxage=_proxy_max_age())
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))


def public_page(*namespaces: str, on_hit=None):
    """Serve an anonymous public view from the shared cache; see the module.

    ``on_hit(request)`` runs before an answer is served from the cache and may
    return a response instead (the API's rate limit, which its view applies
    itself on a miss).
    """

    _KNOWN.update(namespaces)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request_is_cacheable(request):
                return view(request, *args, **kwargs)
            version_map = versions(namespaces)
            key = page_key(request, version_map)
            entry = cache.get(key)
            state = "hit"
            if entry is not None and on_hit is not None:
                refusal = on_hit(request)
                if refusal is not None:
                    return refusal
            if entry is None:
                state = "miss"
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if not _response_is_storable(request, response):
                    return response
                headers = {name: response[name] for name in KEPT_HEADERS if name in response}
                digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
                last_modified = max(version_map.values(), default=time.time_ns()) // 10**9
                # Kept compressed: a third to a tenth of the bytes in the cache
                # and on the wire, compressed once rather than per request.
                body = gzip.compress(response.content, compresslevel=6, mtime=0)
                entry = (body, headers, digest, last_modified)
                cache.set(key, entry, _timeout())
            body, headers, digest, last_modified = entry
            compressed = _accepts_gzip(request)
            response = HttpResponse(body if compressed else gzip.decompress(body), headers=headers)
            # Each encoding is its own representation, with its own validator.
            etag = f'"{digest}-gzip"' if compressed else f'"{digest}"'
            if compressed:
                response["Content-Encoding"] = "gzip"
            _public_headers(response, etag=etag, last_modified=last_modified)
            response["X-Public-Cache"] = state
            conditional = get_conditional_response(
                request, etag=etag, last_modified=last_modified, response=response
            )
            return conditional

        wrapped.public_cache_namespaces = namespaces
        return wrapped

    return decorator
