"""Signed links in newsletter emails.

Each link carries the address it acts on, signed with SECRET_KEY and a salt
per purpose, so a link to unsubscribe one address cannot be forged for
another or reused to confirm a subscription. Unsubscribe and preference
links do not expire: they sit in mailboxes for years and must keep working.
"""

from django.core import signing

UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
PREFERENCES_SALT = "newsletter.preferences"
CONFIRM_SALT = "newsletter.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def make_token(email: str, *, salt: str) -> str:
    return signing.dumps(email.lower(), salt=salt, compress=True)


def read_token(token: str, *, salt: str, max_age: int | None = None) -> str | None:
    """The address a token was made for, or None if it is forged, altered or expired."""
    if not token or len(token) > 500:
        return None
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return value if isinstance(value, str) and "@" in value else None
