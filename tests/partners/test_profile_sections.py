"""The profile edited in three parts (mission, contacts, delegates), each
with its own submit, all going into the one pending revision."""

import re

import pytest

from partners.models import PartnerRevision
from tests.conftest import sign_in
from tests.factories import ContactFactory, DelegateFactory
from tests.partners.test_revisions import CONTACTS_URL, DELEGATES_URL, PROFILE_URL

pytestmark = pytest.mark.django_db


def _delegates_post(rows, *, lock="0", initial=None):
    data = {
        "lock_version": lock,
        "delegates-TOTAL_FORMS": str(len(rows)),
        "delegates-INITIAL_FORMS": str(initial if initial is not None else len(rows)),
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"delegates-{i}-{key}"] = value
    return data


def test_delegates_page_is_a_compact_table_with_an_empty_row_to_add_a_country(
    client, editor_a, partner_a, django_assert_max_num_queries
):
    for country in ("SN", "FR", "BR", "JP", "KE"):
        DelegateFactory(partner=partner_a, country=country)
    sign_in(client, editor_a)
    with django_assert_max_num_queries(12):
        page = client.get(DELEGATES_URL).text
    table = re.search(r'<table class="compact-table delegates-table">.*?</table>', page, re.S)
    assert table
    assert len(re.findall(r"<tr[ >]", table.group(0))) == 1 + 5 + 1  # header, delegates, new
    assert "Add a country" in table.group(0)
    assert 'href="?rows=6"' in page
    # The other parts are not on this page.
    assert 'name="mission_fr"' not in page and 'name="contacts-0-email"' not in page


@pytest.mark.parametrize(("rows", "expected"), [("3", 3), ("0", 1), ("99", 20), ("x", 1)])
def test_add_a_country_offers_bounded_empty_rows(client, editor_a, rows, expected):
    sign_in(client, editor_a)
    page = client.get(DELEGATES_URL, {"rows": rows}).text
    assert f'name="delegates-TOTAL_FORMS" value="{expected}"' in page


def test_saving_the_delegates_keeps_the_pending_mission(client, editor_a, partner_a):
    sign_in(client, editor_a)
    from tests.partners.test_revisions import profile_data

    client.post(PROFILE_URL, profile_data(partner_a, mission_fr="Mission proposée."))
    response = client.post(
        DELEGATES_URL,
        _delegates_post([{"country": "SN", "name": "Awa Diop", "email": ""}], lock="1", initial=0),
    )
    assert response.status_code == 302
    assert response["Location"] == DELEGATES_URL
    revision = PartnerRevision.objects.get()
    assert revision.proposed["mission_fr"] == "Mission proposée."
    assert revision.proposed["delegates"] == [{"country": "SN", "name": "Awa Diop", "email": ""}]
    assert "lock_version" not in revision.proposed
    partner_a.refresh_from_db()
    assert partner_a.delegates.count() == 0  # nothing public before the Secretariat approves


def test_saving_the_contacts_changes_only_the_contacts(client, editor_a, partner_a):
    ContactFactory(partner=partner_a, name="Old", email="old@example.org", is_public=True)
    sign_in(client, editor_a)
    response = client.post(
        CONTACTS_URL,
        {
            "lock_version": "0",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-name": "New",
            "contacts-0-email": "new@example.org",
            "contacts-0-preferred_language": "fr",
        },
    )
    assert response.status_code == 302
    proposed = PartnerRevision.objects.get().proposed
    assert [c["email"] for c in proposed["contacts"]] == ["new@example.org"]
    assert proposed["mission_fr"] == partner_a.mission_fr


def test_a_stale_part_is_refused_with_the_summary_at_the_top(client, editor_a, partner_a):
    sign_in(client, editor_a)
    from tests.partners.test_revisions import profile_data

    client.post(PROFILE_URL, profile_data(partner_a, mission_fr="Première."))
    response = client.post(
        DELEGATES_URL, _delegates_post([{"country": "SN", "name": "X"}], lock="0", initial=0)
    )
    assert response.status_code == 400
    assert 'class="form-errors error-summary"' in response.text
    assert PartnerRevision.objects.get().proposed["delegates"] == []


def test_invalid_delegate_row_is_linked_from_the_error_summary(client, editor_a):
    sign_in(client, editor_a)
    response = client.post(
        DELEGATES_URL, _delegates_post([{"country": "XX", "name": "X"}], initial=0)
    )
    assert response.status_code == 400
    summary = re.search(r'<div class="form-errors error-summary".*?</div>', response.text, re.S)
    assert 'href="#id_delegates-0-country"' in summary.group(0)
    assert 'id="id_delegates-0-country"' in response.text
    assert not PartnerRevision.objects.exists()


def test_each_part_has_its_submit_in_a_sticky_bar(client, editor_a):
    sign_in(client, editor_a)
    for url in (PROFILE_URL, CONTACTS_URL, DELEGATES_URL):
        page = client.get(url).text
        assert '<div class="sticky-actions"><button type="submit">' in page
        assert 'aria-current="page"' in page
