"""The address of the client, as the trusted proxies report it.

Behind `TRUSTED_PROXY_COUNT` proxies, each appends the address it received
the request from to `X-Forwarded-For`; the entry that many places from the
right is the client's. Entries further left were written by the client and
prove nothing, so a forged header changes no limit and no audit record. With
no trusted proxy (the default), only `REMOTE_ADDR` counts.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    count = settings.TRUSTED_PROXY_COUNT  # 0 unless configured (portal.settings)
    remote = request.META.get("REMOTE_ADDR") or ""
    if count <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        # Not through the configured chain of proxies (a health check on the
        # container's own port, say): the peer itself is the client.
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
