"""Identity and trust: the wordmark, the footer's pages in three languages,
the privacy notice where personal data are collected, the admin's brand and
the models it leaves out, the latest actions by their dates."""

import datetime

import pytest
from django.contrib import admin

from tests.conftest import sign_in
from tests.factories import ActionFactory, PartnerFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "contact": {"fr": "Contact", "en": "Contact", "es": "Contacto"},
    "privacy": {
        "fr": "Avis de confidentialité",
        "en": "Privacy notice",
        "es": "Aviso de privacidad",
    },
    "terms": {"fr": "Conditions d’utilisation", "en": "Terms of use", "es": "Condiciones de uso"},
    "accessibility": {
        "fr": "Déclaration d’accessibilité",
        "en": "Accessibility statement",
        "es": "Declaración de accesibilidad",
    },
}


@pytest.mark.parametrize("language", ["fr", "en", "es"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_footer_pages_exist_in_three_languages(client, page, language, settings):
    settings.CONTACT_EMAIL = "ngo@unesco.example"
    response = client.get(f"/{language}/about/{page}/")
    assert response.status_code == 200
    assert f"<h1>{PAGES[page][language]}</h1>" in response.text
    assert f'<html lang="{language}"' in response.text


@pytest.mark.parametrize("language", ["fr", "en", "es"])
def test_footer_links_every_page_and_unesco_org(client, language):
    footer = client.get(f"/{language}/").text.split('<footer class="site-footer">')[1]
    for page in PAGES:
        assert f'href="/{language}/about/{page}/"' in footer
    assert f'href="https://www.unesco.org/{language}"' in footer


def test_contact_and_privacy_give_the_contact_address(client, settings):
    settings.CONTACT_EMAIL = "ngo@unesco.example"
    for page in ("contact", "privacy", "accessibility"):
        assert 'href="mailto:ngo@unesco.example"' in client.get(f"/en/about/{page}/").text


def test_wordmark_replaces_the_placeholder_roundel(client):
    page = client.get("/fr/").text
    assert 'class="wordmark"' in page
    assert "brand-mark" not in page


@pytest.mark.parametrize(
    "path", ["/en/newsletters/subscribe/", "/fr/accounts/signup/", "/es/accounts/signup/"]
)
def test_privacy_notice_is_linked_where_personal_data_is_collected(client, path):
    language = path.split("/")[1]
    assert f'href="/{language}/about/privacy/"' in client.get(path).text


def test_registration_form_links_the_privacy_notice(client, editor_a, partner_a):
    from forums.models import Event
    from tests.forums.factories import EventFactory

    event = EventFactory(slug="open-forum", state=Event.State.REGISTRATION_OPEN)
    sign_in(client, editor_a)
    response = client.get(f"/en/forums/{event.slug}/register/")
    assert response.status_code == 200
    assert 'href="/en/about/privacy/"' in response.text


def test_admin_is_branded_and_trimmed():
    registered = {model._meta.label for model in admin.site._registry}
    assert not registered & {"sites.Site", "auth.Group", "mfa.Authenticator"}
    assert "NGO–UNESCO" in str(admin.site.site_header)


def test_admin_index_lists_no_sites_groups_or_authenticators(client, secretariat):
    sign_in(client, secretariat)
    page = client.get("/admin/").text
    for hidden in ("/admin/sites/", "/admin/auth/group/", "/admin/mfa/"):
        assert hidden not in page
    assert "<title>" in page and "Secretariat" in page


def test_latest_actions_on_the_home_page_are_the_most_recent_first(client):
    partner = PartnerFactory()
    for year in (2008, 2023, 2017):
        ActionFactory(
            partner=partner, title_en=f"Action {year}", start_date=datetime.date(year, 1, 1)
        )
    ActionFactory(partner=partner, title_en="Undated action", start_date=None)
    page = client.get("/en/").text
    positions = [page.index(f"Action {year}") for year in (2023, 2017, 2008)]
    assert positions == sorted(positions)
    assert page.index("Action 2008") < page.index("Undated action")
