from unittest import mock

import pytest

from tests.foundation.accounts.helpers import sign_in

pytestmark = pytest.mark.django_db

REFUSED = "Too many failed login attempts. Try again later."


def test_ten_failed_logins_from_one_address_then_refused_and_account_works_later(client, editor_a):
    # Ten failures from one address, against ten different accounts so that
    # only the per-address limit applies.
    for index in range(10):
        response = sign_in(client, f"nobody{index}@example.org", "wrong password")
        assert response.status_code == 200
        assert REFUSED not in response.text
    response = sign_in(client, "editor-a@example.org")
    assert response.status_code == 200
    assert REFUSED in response.text
    assert 'role="alert"' in response.text
    assert "_auth_user_id" not in client.session
    # From another address the account works at once...
    assert sign_in(client, "editor-a@example.org", remote_addr="10.0.0.9").status_code == 302
    client.logout()
    # ...and from the same address once the minute has passed.
    import time

    later = time.time() + 61
    with mock.patch("allauth.core.internal.ratelimit.time.time", return_value=later):
        response = sign_in(client, "editor-a@example.org")
    assert response.status_code == 302


def test_repeated_failures_on_one_account_are_refused_in_users_language(client, editor_a):
    for _ in range(5):
        sign_in(client, "editor-a@example.org", "wrong password", lang="fr")
    response = sign_in(client, "editor-a@example.org", "wrong password", lang="fr")
    assert "Trop de tentatives de connexion" in response.text


def test_failed_login_does_not_reveal_whether_the_account_exists(client, editor_a):
    known = sign_in(client, "editor-a@example.org", "wrong password")
    unknown = sign_in(client, "nobody@example.org", "wrong password")
    assert "The email address and/or password you specified are not correct." in known.text
    assert "The email address and/or password you specified are not correct." in unknown.text
