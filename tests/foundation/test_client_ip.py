"""The client address the trusted proxies report (foundation.client_ip)."""

import pytest
from django.test import RequestFactory

from foundation.client_ip import client_ip


def _request(remote="10.0.0.2", forwarded=None):
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if remote is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote
    return request


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        # No trusted proxy: the header is the client's own words.
        (0, "10.0.0.2", "198.51.100.7", "10.0.0.2"),
        (0, None, None, ""),
        # One proxy: the entry it appended, with or without spaces.
        (1, "10.0.0.2", "198.51.100.7, 203.0.113.9", "203.0.113.9"),
        (1, "10.0.0.2", "198.51.100.7,203.0.113.9", "203.0.113.9"),
        # Two proxies: the second entry from the right.
        (2, "10.0.0.3", "198.51.100.7, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        # Not through the proxies (a health check on the container's port).
        (1, "10.0.0.2", None, "10.0.0.2"),
        (2, "10.0.0.2", "203.0.113.9", "10.0.0.2"),
        (1, None, None, ""),
        # A proxy that wrote something that is not an address.
        (1, "10.0.0.2", "198.51.100.7, not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(remote, forwarded)) == expected
