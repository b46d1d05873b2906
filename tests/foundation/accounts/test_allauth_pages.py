import pytest
from django.test import Client

from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Sign In"), ("fr", "Connexion"), ("es", "Iniciar sesión")],
)
def test_login_page_is_in_the_portal_layout_and_language(client, lang, heading):
    response = client.get(f"/{lang}/accounts/login/")
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.text
    assert 'class="skip-link"' in response.text
    assert heading in response.text
    assert 'for="id_login"' in response.text
    assert 'for="id_password"' in response.text
    assert "<script>" not in response.text
    assert "style=" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/en/accounts/password/reset/",
        "/fr/accounts/signup/",
        "/es/accounts/login/",
    ],
)
def test_entrance_pages_extend_base(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'id="main"' in response.text
    assert "Sign out" not in response.text


def test_account_pages_for_signed_in_user(client, editor_a):
    sign_in(client, editor_a)
    for path in ["/en/accounts/email/", "/en/accounts/password/change/", "/en/accounts/2fa/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'id="main"' in response.text


def test_login_without_csrf_token_is_refused(editor_a):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/en/accounts/login/",
        {"login": "editor-a@example.org", "password": "correct horse battery staple"},
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_accounts(client, editor_a):
    known = client.post("/en/accounts/password/reset/", {"email": "editor-a@example.org"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_hostile_login_input_gives_a_form_error(client):
    response = client.post("/en/accounts/login/", {"login": "a\x00b" * 3000, "password": "x"})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
