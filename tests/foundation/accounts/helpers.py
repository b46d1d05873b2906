"""Signing in the way a person does, and allauth's recent re-authentication."""

import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.conftest import PASSWORD


def mark_reauthenticated(client, user) -> None:
    """What allauth adds to the session's records after the user re-enters
    their password (the records of the sign-in itself stay)."""
    session = client.session
    if session.get(_AUTHENTICATION_METHODS_USER_SESSION_KEY) != str(user.pk):
        session[AUTHENTICATION_METHODS_SESSION_KEY] = []
    records = list(session.get(AUTHENTICATION_METHODS_SESSION_KEY) or [])
    records.append({"method": "password", "at": time.time(), "reauthenticated": True})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def totp_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, email, password=PASSWORD, *, lang="en", remote_addr="127.0.0.1"):
    return client.post(
        f"/{lang}/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=remote_addr,
    )
