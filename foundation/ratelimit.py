"""One fixed-window limiter for requests that are cheap to ask and dear to answer.

Counts live in the shared cache (Redis in production), so every web process
sees the same count; the key is the client address from `client_ip`, never a
header the client writes. allauth keeps its own limits for sign-in; the API
uses DRF's throttles with the same client address.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render

from foundation.client_ip import client_ip


def hit(*, scope: str, key: str, limit: int, period: int) -> int | None:
    """Count one request; return the seconds to wait when over `limit`, else None.

    The window opens with the client's first request and lasts `period` seconds.
    """
    now = time.time()
    base = f"ratelimit:{scope}:{key}"
    cache.add(f"{base}:start", now, period)
    cache.add(f"{base}:count", 0, period)
    try:
        count = cache.incr(f"{base}:count")
    except ValueError:
        # The window closed between add and incr: this is the next one's first hit.
        cache.set(f"{base}:count", 1, period)
        count = 1
    if count <= limit:
        return None
    started = cache.get(f"{base}:start", now)
    return max(1, int(started + period - now) + 1)


def too_many_requests(request, retry_after: int | None = None) -> HttpResponse:
    """The refusal page, in the user's language (also allauth's: `handler429`)."""
    response = render(request, "429.html", status=429)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def throttle(scope: str):
    """Answer 429 with `Retry-After` past the limit `settings.PUBLIC_RATE_LIMITS[scope]`
    (requests, seconds) per client."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            limit, period = settings.PUBLIC_RATE_LIMITS[scope]
            retry_after = hit(scope=scope, key=client_ip(request), limit=limit, period=period)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
