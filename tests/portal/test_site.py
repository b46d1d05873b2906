import pytest

from tests.conftest import sign_in
from tests.factories import ActionFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_home_shows_key_figures_and_latest_actions(client):
    partner = PartnerFactory(status="associate")
    PartnerFactory(status="consultative", country="SN")
    ActionFactory(partner=partner, title_en="Lifelong learning forum")
    response = client.get("/en/")
    assert response.status_code == 200
    assert "Lifelong learning forum" in response.text
    assert "Key figures" in response.text


def test_home_in_french_and_spanish(client):
    assert "Chiffres clés" in client.get("/fr/").text
    assert "Cifras clave" in client.get("/es/").text


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_robots_txt_points_to_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text


def test_sitemap_has_hreflang_alternates(client):
    PartnerFactory(slug="wcll")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    text = response.text
    assert "/fr/partners/wcll/" in text and "/es/partners/wcll/" in text
    assert 'hreflang="fr"' in text and 'hreflang="x-default"' in text


def test_pages_carry_hreflang_alternates(client):
    text = client.get("/fr/partners/").text
    for code in ("fr", "en", "es"):
        assert f'rel="alternate" hreflang="{code}"' in text


def test_responses_carry_security_headers(client):
    response = client.get("/en/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_language_links_of_a_double_slash_path_stay_on_this_site(client):
    # The test client would read "//evil.example" as a host: set the path as
    # a server passes it on.
    response = client.get("/", PATH_INFO="//evil.example/en/")
    assert response.status_code == 404
    assert "evil.example" not in response.text
    assert 'href="/fr/"' in response.text and 'hreflang="fr"' in response.text


def test_language_links_keep_the_resolved_page_and_its_query(client):
    text = client.get("/en/partners/?q=water").text
    assert 'href="/fr/partners/?q=water"' in text
    assert 'href="/es/partners/?q=water"' in text


def test_signed_in_pages_and_files_are_never_stored_by_a_cache(client, editor_a):
    sign_in(client, editor_a)
    for url in ("/en/", "/en/my/", "/en/partners/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert "no-store" in response["Cache-Control"]


def test_private_files_served_to_a_signed_in_user_are_never_stored(client, secretariat):
    from tests.forums.factories import DocumentFactory

    document = DocumentFactory(title_en="Internal draft")
    stored = document.versions.get().files.first()
    sign_in(client, secretariat)
    response = client.get(stored.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_visitor_pages_are_not_marked_private(client):
    response = client.get("/en/")
    assert "no-store" not in response.get("Cache-Control", "")
