"""Signed links in newsletter emails (made and read by foundation.links).

Each link carries the address it acts on, signed with SECRET_KEY and a salt
per purpose, so a link to unsubscribe one address cannot be forged for
another or reused to confirm a subscription. Unsubscribe and preference
links do not expire: they sit in mailboxes for years and must keep working.
A confirmation link works for NEWSLETTER_CONFIRM_DAYS (7), the same number
the confirmation email states.
"""

import datetime

from django.conf import settings

from foundation.links import LinkExpired, LinkInvalid, make_link_token, read_link_token

UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PREFERENCES_SALT = "newsletter.preferences"
CONFIRM_SALT = "newsletter.confirm"


def confirm_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "NEWSLETTER_CONFIRM_DAYS", 7))


def make_token(email: str, *, salt: str) -> str:
    return make_link_token(salt, email.lower())


def read_token(
    token: str, *, salt: str, max_age: datetime.timedelta | int | None = None
) -> str | None:
    """The address a token was made for, or None if it is forged, altered or expired."""
    try:
        value = read_link_token(salt, token, max_age)
    except (LinkExpired, LinkInvalid):
        return None
    return value if isinstance(value, str) and "@" in value else None
