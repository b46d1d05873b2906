"""The statistics page, its CSV downloads, the API and the maps."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from dialogue.models import State
from partners.models import StatusChange
from tests.dialogue.factories import DialogueRequestFactory
from tests.forums.factories import EventFactory, RegistrationFactory
from tests.partners.factories import DelegateFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(db):
    kenya = PartnerFactory(country="KE", status="associate", sectors=["education"], slug="ke")
    france = PartnerFactory(country="FR", slug="fr", sectors=["culture"])
    PartnerFactory(country="FR", standing="ended", slug="ended")
    DelegateFactory(partner=france, country="SN")
    for partner, year, kind in (
        (kenya, 2018, StatusChange.Kind.ADMISSION),
        (france, 2020, StatusChange.Kind.ADMISSION),
        (france, 2022, StatusChange.Kind.TERMINATION),
    ):
        StatusChange.objects.create(
            partner=partner,
            kind=kind,
            status=partner.status,
            decided_on=datetime.date(year, 6, 1),
            reference=f"DG/{year}",
        )
    forum = EventFactory(title_en="Forum of figures")
    RegistrationFactory(event=forum, partner=kenya)
    RegistrationFactory(event=forum, partner=france)
    DialogueRequestFactory(
        country="BR",
        state=State.HELD,
        scheduled_at=timezone.make_aware(datetime.datetime(2024, 3, 1, 10)),
    )
    return {"kenya": kenya, "france": france, "forum": forum}


def test_it_shows_every_chart_with_its_table_and_csv(client, figures):
    body = client.get("/en/statistics/").content.decode()
    for title in (
        "Partners by status",
        "Partners by region of their headquarters",
        "Partners by UNESCO sector",
        "Admissions and ends of partnership per year",
        "Registrations at forums and conference sessions, by region",
        "Hearings with Member States per year",
    ):
        assert title in body
    assert body.count('<svg class="chart"') >= 6
    assert body.count("<table") >= 7
    assert "/en/statistics/status.csv" in body
    assert "Brazil" in body  # the Member State of the hearing


def test_the_map_links_each_country_to_the_filtered_directory(client, figures):
    body = client.get("/en/statistics/").content.decode()
    assert 'href="/en/partners/?country=KE"' in body
    assert 'aria-label="Kenya: 1 partners headquartered"' in body
    assert 'href="/en/partners/?country=SN"' not in body  # a delegate is not a headquarters
    delegates = client.get("/en/statistics/?map=delegates").content.decode()
    assert 'href="/en/partners/?delegate_country=SN"' in delegates
    assert "partners with delegates there" in delegates


def test_the_page_speaks_the_language_of_its_url(client, figures):
    french = client.get("/fr/statistics/").content.decode()
    spanish = client.get("/es/statistics/").content.decode()
    assert "Kenya" in french and "Partners by status" not in french
    assert "Partners by status" not in spanish


def test_counts_leave_ended_partnerships_out_of_current_figures(client, figures):
    rows = list(csv.reader(io.StringIO(client.get("/en/statistics/status.csv").content.decode())))
    assert rows[0] == ["Status", "Partners"]
    assert dict(rows[1:]) == {
        "Consultative status": "1",
        "Associate status": "1",
        "Official relations": "0",
    }
    decisions = client.get("/en/statistics/decisions.csv").content.decode().splitlines()
    assert decisions[1:] == ["2018,1,0", "2019,0,0", "2020,1,0", "2021,0,0", "2022,0,1"]


def test_registrations_are_counted_by_region(client, figures):
    rows = list(csv.reader(io.StringIO(client.get("/en/statistics/events.csv").content.decode())))
    header, row = rows[0], rows[1]
    assert row[0] == "Forum of figures"
    assert row[header.index("Africa")] == "1"
    assert row[header.index("Europe and North America")] == "1"
    assert row[-1] == "2"


def test_an_unknown_table_is_404(client):
    assert client.get("/en/statistics/nothing.csv").status_code == 404


def test_the_api_gives_the_same_tables(client, figures):
    data = client.get("/api/v1/statistics/").json()
    assert data["status"]["codes"] == ["consultative", "associate", "official-relations"]
    assert data["countries"]["codes"] == ["FR", "KE", "SN"]


def test_the_page_costs_a_fixed_number_of_queries(client, figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/en/statistics/", HTTP_COOKIE="")
    PartnerFactory(country="JP", slug="jp")
    EventFactory()
    with django_assert_max_num_queries(12):
        client.get("/en/statistics/?map=delegates")


def test_the_profile_shows_its_countries_on_a_small_map(client, figures):
    body = client.get("/en/partners/fr/").content.decode()
    assert 'aria-label="France: headquarters"' in body
    assert 'aria-label="Senegal: delegates"' in body


def test_the_home_page_shows_the_small_map(client, figures):
    body = client.get("/en/").content.decode()
    assert "world-map-small" in body and 'href="/en/partners/?country=KE"' in body
