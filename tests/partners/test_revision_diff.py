"""The comparison the Secretariat decides on: changed fields only, changes
marked word by word, line endings not counted as changes, the decision first."""

import re

import pytest

from partners import revisions, services
from partners.models import PartnerRevision
from tests.conftest import sign_in
from tests.factories import DelegateFactory
from tests.partners.factories import PartnerRevisionFactory

pytestmark = pytest.mark.django_db


def page_of(revision):
    return f"/en/my/secretariat/revisions/{revision.pk}/"


def test_normalize_turns_every_line_ending_into_newline():
    data = revisions.normalize(
        {
            "mission_en": "One.\r\nTwo.\rThree.",
            "contacts": [{"name": "A", "title": "x\r\ny", "email": "a@example.org"}],
        }
    )
    assert data["mission_en"] == "One.\nTwo.\nThree."
    assert data["contacts"][0]["title"] == "x\ny"


def test_mission_differing_only_in_line_endings_is_unchanged(partner_a):
    partner_a.mission_en = "First line.\nSecond line."
    partner_a.save()
    current = revisions.snapshot(partner_a)
    proposed = {**current, "mission_en": "First line.\r\nSecond line."}
    rows = {row["field"]: row for row in revisions.diff(current, proposed)}
    assert rows["mission_en"]["changed"] is False


def test_revision_is_stored_with_newlines_only(editor_a, partner_a):
    proposed = {**revisions.snapshot(partner_a), "mission_fr": "Un.\r\nDeux."}
    services.revision_save(partner=partner_a, editor=editor_a, proposed=proposed, lock_version=0)
    assert PartnerRevision.objects.get().proposed["mission_fr"] == "Un.\nDeux."


def test_words_added_and_removed_are_marked():
    old, new = revisions.highlight(
        "mission_en", "Promotes learning for all.", "Promotes lifelong learning for everyone."
    )
    assert old == "Promotes learning for <del>all.</del>"
    assert new == "Promotes<ins> lifelong</ins> learning for <ins>everyone.</ins>"


def test_highlighting_escapes_markup():
    old, new = revisions.highlight("mission_en", "a <b>", "a <script>alert(1)</script>")
    assert "<script>" not in new
    assert "&lt;script&gt;" in new
    assert "&lt;b&gt;" in old


def test_list_fields_are_compared_line_by_line():
    old, new = revisions.highlight("delegates", "France: Ana\nSenegal: Awa", "France: Ana")
    assert old == "France: Ana<del>\nSenegal: Awa</del>"
    assert new == "France: Ana"


def test_page_shows_changed_fields_only_and_the_decision_first(client, secretariat, partner_a):
    for country in ("SN", "FR", "BR"):
        DelegateFactory(partner=partner_a, country=country)
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat)
    page = client.get(page_of(revision)).text
    assert re.search(r"<ins>[^<]*Nouvelle", page)
    assert re.search(r"<del>[^<]*Promeut", page)
    assert "Delegates by country" not in page
    assert "Mission (English)" not in page
    assert "Show the unchanged fields too" in page
    assert page.index('id="decision-heading"') < page.index('class="diff"')


def test_unchanged_fields_are_shown_on_request(client, secretariat, partner_a):
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat)
    page = client.get(page_of(revision) + "?all=1").text
    assert "Delegates by country" in page
    assert "Mission (English)" in page
    assert "Show the changed fields only" in page


@pytest.mark.parametrize("value", ["yes", "0", "1' OR 1=1", "%00", "1" * 500])
def test_hostile_all_parameter_shows_the_changed_fields_only(client, secretariat, partner_a, value):
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat)
    response = client.get(page_of(revision), {"all": value})
    assert response.status_code == 200
    assert "Mission (English)" not in response.text
