"""Limits that see the real client: allauth's, the portal's throttles, the audit log."""

import pytest
from django.core.cache import cache

from tests.foundation.accounts.helpers import sign_in as sign_in_with_form

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _through_proxy(client, email, password, *, client_address, forged=""):
    forwarded = f"{forged}, {client_address}" if forged else client_address
    return client.post(
        "/en/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, editor_a):
    texts = [
        sign_in_with_form(client, "editor-a@example.org", "wrong password").content.decode()
        for _ in range(30)
    ]
    refused = [index for index, text in enumerate(texts) if "Too many failed login" in text]
    # Five failures per account (ten per address) are answered; every later
    # attempt is refused, and so is the right password.
    assert refused == list(range(5, 30))
    response = sign_in_with_form(client, "editor-a@example.org", lang="fr")
    assert response.status_code == 429
    assert "Trop de requêtes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admins_old_login_url_signs_no_one_in_whatever_is_posted(client, secretariat):
    for _ in range(30):
        response = client.post(
            "/admin/login/", {"username": "secretariat@example.org", "password": "guess"}
        )
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_two_clients_behind_one_trusted_proxy_are_limited_apart(client, settings, editor_a):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for index in range(10):
        _through_proxy(client, f"nobody{index}@example.org", "wrong", client_address="203.0.113.5")
    refused = _through_proxy(
        client, "editor-a@example.org", "correct horse battery staple", client_address="203.0.113.5"
    )
    assert "Too many failed login attempts" in refused.content.decode()
    # A forged X-Forwarded-For written by the same client changes nothing:
    # the proxy appends the real address, and only that entry is read.
    forged = _through_proxy(
        client,
        "editor-a@example.org",
        "correct horse battery staple",
        client_address="203.0.113.5",
        forged="198.51.100.77",
    )
    assert "Too many failed login attempts" in forged.content.decode()
    # Another client behind the same proxy signs in at once.
    other = _through_proxy(
        client, "editor-a@example.org", "correct horse battery staple", client_address="203.0.113.6"
    )
    assert other.status_code == 302
    assert "_auth_user_id" in client.session


def test_without_trusted_proxy_a_forwarded_header_is_ignored(client, editor_a):
    for index in range(10):
        client.post(
            "/en/accounts/login/",
            {"login": f"nobody{index}@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{index}",
        )
    response = client.post(
        "/en/accounts/login/",
        {"login": "editor-a@example.org", "password": "correct horse battery staple"},
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert "Too many failed login attempts" in response.content.decode()


def test_newsletter_subscription_limit_uses_the_proxy_reported_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    refused = "Too many requests. Try again in an hour."
    for index in range(12):
        response = client.post(
            "/en/newsletters/subscribe/",
            {"email": f"reader{index}@example.org", "language": "en"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{index}, 203.0.113.9",
        )
    assert refused in response.content.decode()
    other = client.post(
        "/en/newsletters/subscribe/",
        {"email": "someone@example.org", "language": "en"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert refused not in other.content.decode()


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/en/partners/export.csv", "export"),
        ("/en/partners/export.xlsx", "export"),
        ("/en/forums/calendar.ics", "calendar"),
        ("/sitemap.xml", "sitemap"),
        ("/api/v1/partners/", "api"),
    ],
)
def test_dear_answers_are_throttled_per_client_with_retry_after(client, settings, path, scope):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, scope: (3, 60)}
    answers = [client.get(path, REMOTE_ADDR="203.0.113.20").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = client.get(path, REMOTE_ADDR="203.0.113.20")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get(path, REMOTE_ADDR="203.0.113.21").status_code == 200


def test_audit_log_records_the_proxy_reported_client(client, settings, secretariat, partner_a):
    from auditlog.models import LogEntry

    from tests.conftest import sign_in

    settings.TRUSTED_PROXY_COUNT = 1
    sign_in(client, secretariat)
    client.post(
        f"/admin/partners/partner/{partner_a.pk}/delete/",
        {"post": "yes"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.30",
    )
    entry = LogEntry.objects.filter(object_pk=str(partner_a.pk)).latest("timestamp")
    assert entry.remote_addr == "203.0.113.30"


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(client, settings, editor_a):
    from foundation.request_limits import max_request_bytes
    from tests.conftest import sign_in

    sign_in(client, editor_a)
    response = client.generic(
        "POST",
        "/en/my/organisation/actions/new/",
        b"x" * 64,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(max_request_bytes() + 1),
    )
    assert response.status_code == 413
    assert "files of up to 10 MB" in response.content.decode()
