import pytest

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
