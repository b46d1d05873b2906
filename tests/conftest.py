"""Fixtures shared by the whole suite: one user per role.

The roles mirror DESIGN.md; the permission matrix tests walk every URL with
each of them.
"""

import os

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils import timezone, translation

from foundation.accounts.permissions import mark_second_factor
from tests.factories import (
    DelegateProfileFactory,
    PartnerEditorFactory,
    PartnerFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture(autouse=True)
def _celery_eager_unless_integration(request):
    """Tasks run in-process, even when REDIS_URL is set in the environment
    (CI sets it); integration tests talk to a real worker through Redis."""
    from portal.celery import app as celery_app

    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """Each test's rows are rolled back; pages cached by an earlier test on the
    same worker must not be served to the next (foundation/public_cache.py)."""
    from foundation import public_cache

    public_cache.reset()


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to /fr/… leaves French active in the thread; the next test on
    the same worker (whichever file it is in) must start in the default."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def partner_a(db):
    return PartnerFactory(name_en="Partner A", slug="partner-a", acronym="PA")


@pytest.fixture
def partner_b(db):
    return PartnerFactory(name_en="Partner B", slug="partner-b", acronym="PB", country="SN")


@pytest.fixture
def editor_a(partner_a):
    return verified(
        PartnerEditorFactory(partner=partner_a, user__email="editor-a@example.org").user
    )


@pytest.fixture
def editor_b(partner_b):
    return verified(
        PartnerEditorFactory(partner=partner_b, user__email="editor-b@example.org").user
    )


@pytest.fixture
def unverified_delegate(db):
    profile = DelegateProfileFactory(user__email="delegate-new@example.org", country="BR")
    return verified(profile.user)


@pytest.fixture
def verified_delegate(db):
    profile = DelegateProfileFactory(
        user__email="delegate@example.org", country="SN", verified_at=timezone.now()
    )
    return verified(profile.user)


@pytest.fixture
def secretariat_without_mfa(db):
    return verified(
        UserFactory(email="secretariat-nomfa@example.org", is_secretariat=True, is_staff=True)
    )


def add_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(client, user, *, fresh=True):
    """Sign `user` in as a completed allauth sign-in leaves the session: the
    password, then the second factor when the account owns one, the whole
    counting as a fresh authentication (foundation.accounts.signals) unless
    `fresh` is False.

    `client.force_login` alone is a session made by some other login view:
    no authentication records, so no Secretariat powers.
    """
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    client.force_login(user)
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        records.append({"method": "mfa", "at": now, "type": "totp"})
    if fresh:
        records[-1]["reauthenticated"] = True
    else:
        # Signed in long enough ago that a sensitive change asks again.
        for record in records:
            record["at"] = now - 3600
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return user


@pytest.fixture
def secretariat(db):
    user = verified(
        UserFactory(email="secretariat@example.org", is_secretariat=True, is_staff=True)
    )
    add_totp(user)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    # This object stands for the user of a session that passed the second
    # factor when a test hands it to a service directly; a request made with
    # sign_in() gets its own user object, marked by SecondFactorMiddleware.
    mark_second_factor(user, passed=True)
    return user


@pytest.fixture
def private_storage_dir(settings, tmp_path):
    """Uploads of the test go to a directory of its own, never the project's."""
    storages = {**settings.STORAGES}
    storages["private"] = {
        **storages["private"],
        "OPTIONS": {**storages["private"]["OPTIONS"], "location": tmp_path / "private"},
    }
    settings.STORAGES = storages
    return tmp_path / "private"


@pytest.fixture
def visitor_client(client):
    return client


def _is_transactional(item) -> bool:
    """Whether the test runs outside a transaction, emptying the tables when it ends."""
    marker = item.get_closest_marker("django_db")
    return (marker is not None and bool(marker.kwargs.get("transaction"))) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Mark the transactional tests, so that `-m "not transactional"` can leave them out.

    The mutation tools (bench/mutate.py, bench/mutant_check.py) run the tests
    many times against one reused test database: a transactional test that
    ends a run leaves it empty (no content types, no sectors) for the next.
    """
    for item in items:
        if _is_transactional(item):
            item.add_marker(pytest.mark.transactional)


def pytest_fixture_post_finalizer(fixturedef, request):
    """Put the data migrations' rows back as soon as a transactional test has emptied the tables.

    A transactional test (browser tests, concurrency, the Celery worker) empties
    every table when pytest-django's `_django_db_helper` is torn down;
    serialized rollback restores the migrations' data (sectors, content types,
    the site) only at the start of the next transactional test, so an ordinary
    test run after it in the same process would find none, and caches would
    still hold the old rows' ids. Every transactional test in this suite uses
    serialized_rollback=True; this hook restores its data at once and clears
    those caches. Right after that fixture, not after the whole test: the test
    database is still there after a run's last test, so a reused one (--reuse-db,
    as the mutation tools run it) is never left empty for the next run.
    """
    if fixturedef.argname != "_django_db_helper" or not _is_transactional(request.node):
        return
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with request.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()
    Site.objects.clear_cache()


# Concurrency tests: row locks, SKIP LOCKED, parallel requests, and the newsletter
# workers' own transactions written to libpq (PostgreSQL's). SQLite locks the
# whole file, so they cannot run on the embedded default; they are skipped
# there with a reason that says so, the run's summary lists them (also under
# xdist, from the workers' reports), and with REQUIRE_CONCURRENCY_TESTS=1 (set
# by .ci/run) a skip becomes a failure.
CONCURRENCY_NOT_RUN = "concurrency test not run"
_concurrency_skipped: list[str] = []


def pytest_runtest_setup(item):
    if item.get_closest_marker("concurrency") is None:
        return
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    message = (
        f"{CONCURRENCY_NOT_RUN}: the database is {connection.vendor}, "
        "row locks and the workers' transactions need PostgreSQL (set DATABASE_URL)"
    )
    if os.environ.get("REQUIRE_CONCURRENCY_TESTS", "") == "1":
        pytest.fail(f"{message}; REQUIRE_CONCURRENCY_TESTS=1 forbids skipping it", pytrace=False)
    pytest.skip(message)


def pytest_runtest_logreport(report):
    if report.skipped and CONCURRENCY_NOT_RUN in str(report.longrepr):
        _concurrency_skipped.append(report.nodeid)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _concurrency_skipped:
        terminalreporter.write_sep(
            "=",
            f"{len(_concurrency_skipped)} concurrency tests SKIPPED: the database is not PostgreSQL"
            " (see tests/conftest.py)",
            red=True,
        )
        for nodeid in _concurrency_skipped:
            terminalreporter.write_line(f"  not run: {nodeid}")
