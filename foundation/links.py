"""Signed links: a value signed with SECRET_KEY and a purpose, read back with a maximum age.

`purpose` is the signing salt, so a token made for one purpose (unsubscribe
one address) is refused for another (confirm a subscription). Callers pass
`max_age` from the same setting that sets the expiry they show or store
(PARTNER_INVITATION_DAYS, NEWSLETTER_CONFIRM_DAYS), so the signature never
expires before or after the thing it names.

The format is Django's `signing.dumps` with compression, which `signing.loads`
reads whether the token was compressed or not: links sent before this module
existed keep working.
"""

import datetime
import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

MAX_TOKEN_LENGTH = 500


def site_url(path: str) -> str:
    """`path` ("/en/partners/x/") on the portal's public address (SITE_URL), as
    emails, feeds and published files need it. An address that already has a
    scheme (a logo on a storage service), or none at all, is returned as it is."""
    if not path or urlsplit(path).scheme:
        return path
    return f"{settings.SITE_URL}{path}"


class LinkExpired(Exception):
    """The signature is ours but older than its maximum age."""


class LinkInvalid(Exception):
    """Forged, altered, truncated or made for another purpose."""


def make_link_token(purpose: str, value: Any) -> str:
    """A URL-safe token carrying `value` (anything JSON can hold) for `purpose`."""
    return signing.dumps(value, salt=purpose, compress=True)


def read_link_token(
    purpose: str, token: str, max_age: datetime.timedelta | int | float | None
) -> Any:
    """The value `token` was made with for `purpose`.

    `max_age` (a timedelta or seconds; None: no limit, for links that must
    work for years such as unsubscribe links) bounds the token's age.
    Raises LinkExpired or LinkInvalid.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkInvalid
    try:
        return signing.loads(token, salt=purpose, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkInvalid from error


# Tokens that must survive as the local part of an email address (VERP return
# paths): lower-case letters, digits and '-', short enough for the 64 octets
# RFC 5321 allows a local part, and unchanged by servers that fold case.
ADDRESS_TOKEN_VALUE = re.compile(r"[a-z0-9]{1,24}")
ADDRESS_TOKEN = re.compile(r"([a-z0-9]{1,24})-([0-9a-f]{20})")


def make_address_token(purpose: str, value: str) -> str:
    """`value` (1-24 of [a-z0-9]) and a 80-bit HMAC for `purpose`, usable in an address."""
    if not ADDRESS_TOKEN_VALUE.fullmatch(value):
        raise ValueError("an address token carries 1 to 24 lower-case letters or digits")
    signature = salted_hmac(purpose, value, algorithm="sha256").hexdigest()[:20]
    return f"{value}-{signature}"


def read_address_token(purpose: str, token: str) -> str:
    """The value of a token made by make_address_token for `purpose`. Raises LinkInvalid."""
    match = ADDRESS_TOKEN.fullmatch((token or "").lower())
    if match is None:
        raise LinkInvalid
    value = match[1]
    expected = salted_hmac(purpose, value, algorithm="sha256").hexdigest()[:20]
    if not constant_time_compare(expected, match[2]):
        raise LinkInvalid
    return value
