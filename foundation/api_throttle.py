"""The API's throttle: DRF's anonymous rate, keyed on the client address the
trusted proxies report (DRF's own `NUM_PROXIES` reading is not used), with the
rate read from settings at each request so that it follows the configuration."""

import math

from django.conf import settings
from django.http import JsonResponse
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

from foundation.client_ip import client_ip


class ClientRateThrottle(AnonRateThrottle):
    scope = "api"

    def get_rate(self):
        limit, period = settings.PUBLIC_RATE_LIMITS[self.scope]
        return f"{limit}/{period}s"

    def parse_rate(self, rate):
        limit, period = settings.PUBLIC_RATE_LIMITS[self.scope]
        return limit, period

    def get_ident(self, request):
        return client_ip(request)


def refuse_if_throttled(request):
    """The throttle for an API answer served from the shared cache, which never
    reaches DRF's view (foundation/public_cache.py ``on_hit``): counted in the
    same history as the view's own throttle, refused with DRF's JSON 429."""
    throttle = ClientRateThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    refusal = Throttled(wait)
    response = JsonResponse({"detail": str(refusal.detail)}, status=429)
    if wait is not None:
        response["Retry-After"] = str(math.ceil(wait))
    return response
