"""Walk every URL of the project with every role and assert the exact outcome.

Cases come from tests/<app>/permission_rows.py (see tests/permission_matrix.py).
"""

import importlib

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import add_totp, sign_in, verified
from tests.factories import (
    DelegateProfileFactory,
    PartnerEditorFactory,
    PartnerFactory,
    UserFactory,
)
from tests.permission_matrix import ROLES
from tests.roles import make_liaison_member

ROW_MODULES = [
    "tests.portal.permission_rows",
    "tests.partners.permission_rows",
    "tests.partners.lifecycle.permission_rows",
    "tests.accounts.permission_rows",
    "tests.forums.permission_rows",
    "tests.forums.elections.permission_rows",
    "tests.dialogue.permission_rows",
    "tests.newsletter.permission_rows",
    # Last: its build() picks an object of each model the others made.
    "tests.portal.admin_permission_rows",
]

# URL names that need no row: framework plumbing with no page of our own.
EXEMPT_URL_NAMES = {"set_language", "javascript-catalog"}


def _row_modules():
    modules = []
    for name in ROW_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError:
            continue
    return modules


def _cases():
    for module in _row_modules():
        for index, case in enumerate(module.CASES):
            yield pytest.param(case, id=f"{case.url_name}-{index}")


class _Rollback(Exception):
    pass


def _build_world():
    from django.utils import timezone

    partner_a = PartnerFactory(name_en="Partner A", slug="partner-a", acronym="PA")
    partner_b = PartnerFactory(name_en="Partner B", slug="partner-b", acronym="PB", country="SN")
    partner_c = PartnerFactory(name_en="Partner C", slug="partner-c", acronym="PC", country="BR")
    users = {
        "visitor": None,
        "editor_a": verified(
            PartnerEditorFactory(partner=partner_a, user__email="editor-a@example.org").user
        ),
        "editor_b": verified(
            PartnerEditorFactory(partner=partner_b, user__email="editor-b@example.org").user
        ),
        "liaison": verified(
            PartnerEditorFactory(partner=partner_c, user__email="liaison@example.org").user
        ),
        "unverified_delegate": verified(
            DelegateProfileFactory(user__email="delegate-new@example.org", country="BR").user
        ),
        "verified_delegate": verified(
            DelegateProfileFactory(
                user__email="delegate@example.org", country="SN", verified_at=timezone.now()
            ).user
        ),
        # A person applying for partnership (their request: tests.partners.lifecycle),
        # and sector staff following the Education Sector's requests.
        "applicant": verified(UserFactory(email="applicant@example.org")),
        "focal_point": verified(UserFactory(email="focal-point@example.org")),
        "secretariat_nomfa": verified(
            UserFactory(email="secretariat-nomfa@example.org", is_secretariat=True, is_staff=True)
        ),
        "secretariat_password_only": verified(
            UserFactory(
                email="secretariat-password@example.org", is_secretariat=True, is_staff=True
            )
        ),
        "secretariat": verified(
            UserFactory(email="secretariat@example.org", is_secretariat=True, is_staff=True)
        ),
    }
    add_totp(users["secretariat"])
    add_totp(users["secretariat_password_only"])
    make_liaison_member(users["liaison"], partner=partner_c)
    world = {"partner_a": partner_a, "partner_b": partner_b, "partner_c": partner_c, "users": users}
    for module in _row_modules():
        module.build(world)
    return world


def _sign_in_with_password_alone(client, user):
    """The session a password-only sign-in leaves (the admin's old login form,
    say): allauth's record of the password, none of the second factor."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time() - 3600, "email": user.email}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def _check_role(client, world, case, role) -> str | None:
    """Request the case's URL as `role`; return what went wrong, or None."""
    user = world["users"][role]
    # For `unchanged` checks that depend on who asked (a sign-out, say).
    world["asking_role"] = role
    client.logout()
    if role == "secretariat_password_only":
        _sign_in_with_password_alone(client, user)
    elif user is not None:
        # Signed in with every factor the account has, an hour ago: sensitive
        # changes ask for a fresh sign-in (the rows say where they send).
        sign_in(client, user, fresh=False)
    path = case.path(world) if callable(case.path) else case.path
    data = case.data(world) if callable(case.data) else case.data
    response = getattr(client, case.method)(path, data or {})
    expected = case.status_for(role)
    where = f"{role} {case.method.upper()} {path}"
    if response.status_code != expected:
        return f"{where}: got {response.status_code}, expected {expected}"
    location = response.get("Location", "")
    if expected == 302 and case.redirect_for(role):
        if case.redirect_for(role) not in location:
            return f"{where}: redirected to {location}, expected {case.redirect_for(role)}"
    elif expected == 302 and role == "visitor" and "/login" not in location:
        return f"{where}: redirected to {location}, expected the login page"
    if (
        case.unchanged is not None
        and expected in {302, 403, 404}
        and role not in case.may_change
        and not case.unchanged(world)
    ):
        return f"{where}: data changed although the request was refused"
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(_cases()))
def test_permission_matrix(client, case):
    """Every role against one URL. The world is built once per case; each
    role's request runs in a savepoint that is rolled back, so what one
    role may change never leaks into the next role's request."""
    world = _build_world()
    problems = []
    for role in ROLES:
        try:
            with transaction.atomic():
                problems.append(_check_role(client, world, case, role))
                raise _Rollback
        except _Rollback:
            pass
        for value in world.values():
            if hasattr(value, "refresh_from_db"):
                value.refresh_from_db()
    assert [problem for problem in problems if problem] == []


def _named_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_patterns(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def _is_allauth(name: str) -> bool:
    return name.startswith(("account_", "mfa_", "socialaccount_", "headless", "usersessions"))


def test_every_named_url_has_a_permission_row():
    covered = {case.url_name for module in _row_modules() for case in module.CASES}
    missing = sorted(
        name
        for name in set(_named_patterns())
        if name not in covered and name not in EXEMPT_URL_NAMES and not _is_allauth(name)
    )
    assert missing == []


REFUSED = {302, 403, 404}


def test_every_refused_write_checks_that_nothing_changed():
    """A row that only checks the status code of a refused write proves half of it:
    every POST row with a refused role says what must be left as it was."""
    blind = sorted(
        f"{module.__name__.rsplit('.', 2)[-2]}: {case.url_name}"
        for module in _row_modules()
        for case in module.CASES
        if case.method != "get"
        and case.unchanged is None
        and any(case.status_for(role) in REFUSED for role in ROLES)
    )
    assert blind == []
