"""The API's throttle: DRF's anonymous rate, keyed on the client address the
trusted proxies report (DRF's own `NUM_PROXIES` reading is not used), with the
rate read from settings at each request so that it follows the configuration."""

from django.conf import settings
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
