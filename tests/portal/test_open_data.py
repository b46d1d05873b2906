"""The open-data dump (portal/open_data): a valid Frictionless Data Package of
public data only, rebuilt at most once an hour, its page and its file."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import transaction
from frictionless import validate

from dialogue.models import State
from forums.models import Event
from partners.models import StatusChange
from portal.open_data import build, rebuild
from portal.tasks import rebuild_open_data
from tests.dialogue.factories import CoSponsorFactory, DialogueRequestFactory
from tests.factories import (
    ActionFactory,
    ContactFactory,
    DelegateFactory,
    PartnerFactory,
    sector_for,
)
from tests.forums.factories import (
    DocumentFactory,
    EventFactory,
    ProgrammeItemFactory,
    RegistrationFactory,
    WorkingGroupFactory,
)

PRIVATE_EMAIL = "private.person@example.org"
PUBLIC_EMAIL = "public.person@example.org"


@pytest.fixture
def dump_root(settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    build._MANIFEST.clear()
    return settings.OPEN_DATA_ROOT


@pytest.fixture
def world(db):
    published = PartnerFactory(
        name_en="Open Education Network",
        slug="open-education",
        country="SN",
        email="office@open-education.example",
        founding_year=1987,
        website="https://open-education.example",
    )
    published.sectors.set([sector_for("education"), sector_for("culture")])
    StatusChange.objects.create(
        partner=published,
        kind=StatusChange.Kind.ADMISSION,
        status=published.status,
        decided_on=published.since,
        reference="DG/7/17/1815",
    )
    hidden = PartnerFactory(name_en="Unpublished Secret Society", slug="secret", published=False)
    StatusChange.objects.create(
        partner=hidden,
        kind=StatusChange.Kind.ADMISSION,
        status=hidden.status,
        decided_on=hidden.since,
        reference="DG/SECRET/1",
    )
    ContactFactory(partner=published, email=PRIVATE_EMAIL, is_public=False)
    ContactFactory(partner=published, email=PUBLIC_EMAIL, is_public=True)
    DelegateFactory(partner=published, country="BR", name="Delegate Personname")
    ActionFactory(partner=published, title_en="Literacy caravan")
    ActionFactory(partner=published, title_en="Draft action never shown", published=False)
    event = EventFactory(slug="forum-2026", title_en="Forum on youth")
    event.organisers.set([published, hidden])
    ProgrammeItemFactory(event=event, title_en="Opening plenary")
    EventFactory(slug="unpublished-forum", title_en="Forum not yet announced", published=False)
    RegistrationFactory(event=event, partner=published)
    held = DialogueRequestFactory(
        state=State.SCHEDULED, theme_en="Lifelong learning hearing", event=event
    )
    held.internal_notes = "Internal note never published"
    held.save()
    CoSponsorFactory(request=held)
    DialogueRequestFactory(state=State.SUBMITTED, theme_en="Submitted request kept private")
    group = WorkingGroupFactory(coordinating_partner=hidden)
    group.member_partners.set([published, hidden])
    DocumentFactory(working_group=group, title_en="Published guide", published=True)
    DocumentFactory(working_group=group, title_en="Draft guide kept internal")
    return {"partner": published, "hidden": hidden, "event": event, "hearing": held}


def _files(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def _rows(files, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"{name}.csv"])))


def test_dump_is_a_valid_data_package(world, dump_root, tmp_path):
    path = build.build_dump()
    target = tmp_path / "unzipped"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(target)
    report = validate(str(target / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "message"])
    descriptor = json.loads((target / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    names = {resource["name"] for resource in descriptor["resources"]}
    assert {
        "partners",
        "status_history",
        "events",
        "programme",
        "hearings",
        "documents",
        "statistics_partners_by_status",
    } <= names
    for resource in descriptor["resources"]:
        assert (target / resource["path"]).exists()
        assert all(field["description"] for field in resource["schema"]["fields"])
    assert path.stat().st_mode & 0o777 == 0o644  # the front server may read it


def test_dump_holds_the_public_rows(world, dump_root):
    files = _files(build.build_dump())
    partners = _rows(files, "partners")
    assert [row["slug"] for row in partners] == ["open-education"]
    assert partners[0]["name_en"] == "Open Education Network"
    assert partners[0]["region"] == "africa"
    assert partners[0]["profile_url"].endswith("/en/partners/open-education/")
    assert [row["reference"] for row in _rows(files, "status_history")] == ["DG/7/17/1815"]
    assert {row["sector"] for row in _rows(files, "partner_sectors")} == {"education", "culture"}
    assert _rows(files, "partner_delegate_countries") == [
        {"partner": "open-education", "country": "BR", "delegates": "1"}
    ]
    assert [row["title_en"] for row in _rows(files, "actions")] == ["Literacy caravan"]
    assert [row["slug"] for row in _rows(files, "events")] == ["forum-2026"]
    assert _rows(files, "event_organisers") == [
        {"event": "forum-2026", "partner": "open-education"}
    ]
    assert [row["title_en"] for row in _rows(files, "programme")] == ["Opening plenary"]
    hearings = _rows(files, "hearings")
    assert [row["theme_en"] for row in hearings] == ["Lifelong learning hearing"]
    assert hearings[0]["event"] == "forum-2026"
    assert hearings[0]["scheduled_at"].endswith("Z")
    assert [row["country"] for row in _rows(files, "hearing_cosponsors")] == ["BR"]
    group = _rows(files, "working_groups")[0]
    assert group["coordinating_partner"] == ""  # an unpublished partner is not named
    assert [row["partner"] for row in _rows(files, "working_group_members")] == ["open-education"]
    assert [row["title_en"] for row in _rows(files, "documents")] == ["Published guide"]
    by_status = {
        row["status"]: row["partners"] for row in _rows(files, "statistics_partners_by_status")
    }
    assert by_status[world["partner"].status] == "1"
    registrations = _rows(files, "statistics_registrations_by_region")
    assert registrations[0]["event"] == "forum-2026" and registrations[0]["africa"] == "1"


def test_dump_holds_no_private_data(world, dump_root):
    text = "\n".join(_files(build.build_dump()).values())
    for secret in (
        PRIVATE_EMAIL,
        PUBLIC_EMAIL,  # a person's email, even a public one, is not handed out in bulk
        "office@open-education.example",
        "Delegate Personname",
        "Unpublished Secret Society",
        "DG/SECRET/1",
        "Draft action never shown",
        "Forum not yet announced",
        "Submitted request kept private",
        "Internal note never published",
        "Draft guide kept internal",
        "@example.org",
    ):
        assert secret not in text, secret


def test_build_replaces_the_dump_atomically_and_leaves_no_temporary_file(world, dump_root):
    first = build.build_dump()
    world["partner"].name_en = "Renamed Network"
    world["partner"].save()
    second = build.build_dump()
    assert first == second
    assert "Renamed Network" in _files(second)["partners.csv"]
    assert [p.name for p in dump_root.iterdir()] == [build.FILE_NAME]


def test_dump_memory_and_queries_do_not_grow_with_rows(
    world, dump_root, django_assert_max_num_queries
):
    PartnerFactory.create_batch(30)
    # A fixed number of queries (one cursor per file, plus the figures),
    # whatever the number of partners.
    with django_assert_max_num_queries(40):
        build.build_dump()


# ---------------------------------------------------------------- rebuilds


@pytest.fixture
def auto_rebuild(settings, dump_root):
    settings.OPEN_DATA_AUTO_REBUILD = True
    from django.core.cache import cache

    cache.delete_many([rebuild.LAST_BUILD_KEY, rebuild.PENDING_KEY])
    yield
    cache.delete_many([rebuild.LAST_BUILD_KEY, rebuild.PENDING_KEY])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_changes_within_an_hour_build_once_and_schedule_the_second(world, auto_rebuild):
    from django.core.cache import cache

    partner = world["partner"]
    with transaction.atomic():  # as a request's change commits
        partner.name_en = "First change"
        partner.save()
    built = build.dump_path().stat().st_mtime_ns
    last = rebuild.last_build()
    assert last is not None
    assert "First change" in _files(build.dump_path())["partners.csv"]

    with transaction.atomic():
        partner.name_en = "Second change"
        partner.save()
    # Not rebuilt: due an hour after the first build, and pending until then.
    assert build.dump_path().stat().st_mtime_ns == built
    assert "Second change" not in _files(build.dump_path())["partners.csv"]
    assert cache.get(rebuild.PENDING_KEY) == pytest.approx(last + rebuild.INTERVAL, abs=5)
    # Never more than one pending.
    assert rebuild.request_rebuild() is None

    # The scheduled task runs.
    rebuild_open_data.delay()
    assert "Second change" in _files(build.dump_path())["partners.csv"]
    assert cache.get(rebuild.PENDING_KEY) is None


def test_a_transaction_of_many_changes_asks_for_one_rebuild(
    world, auto_rebuild, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for partner in PartnerFactory.create_batch(3):
            partner.save()
    assert [c for c in callbacks if c is rebuild.request_rebuild] == [rebuild.request_rebuild]


def test_changes_ask_for_nothing_when_automatic_rebuilds_are_off(
    world, dump_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        world["partner"].save()
    assert rebuild.request_rebuild not in callbacks


def test_build_open_data_command_reports_what_it_wrote(world, dump_root):
    out = io.StringIO()
    call_command("build_open_data", stdout=out)
    assert "Open data built:" in out.getvalue()
    assert build.dump_path().exists()


# ---------------------------------------------------------------- the page and the file


@pytest.mark.parametrize(
    ("language", "heading", "licence"),
    [
        ("en", "Open data", "Creative Commons Attribution 4.0 International licence"),
        ("fr", "Données ouvertes", "licence Creative Commons Attribution 4.0 International"),
        ("es", "Datos abiertos", "licencia Creative Commons Atribución 4.0 Internacional"),
    ],
)
def test_page_shows_licence_freshness_and_fields_in_each_language(
    client, world, dump_root, language, heading, licence, django_assert_max_num_queries
):
    build.build_dump()
    with django_assert_max_num_queries(0):
        response = client.get(f"/{language}/open-data/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in page
    assert licence in page
    assert "/open-data/ngo-unesco-open-data.zip" in page
    assert "<code>partners.csv</code>" in page
    assert "The partner&#x27;s slug (partners.slug)." in page
    created = build.manifest().descriptor["created"]  # 2026-11-30T05:55:46Z
    assert f'<time datetime="{created}">' in page
    assert f"{created[11:16]} UTC</time>" in page  # in UTC, whatever TIME_ZONE


def test_page_before_the_first_build_says_it_is_being_prepared(client, db, dump_root):
    response = client.get("/en/open-data/")
    assert "The file is being prepared" in response.content.decode()


def test_file_is_served_with_validators_and_answers_304(client, world, dump_root):
    build.build_dump()
    response = client.get("/open-data/ngo-unesco-open-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "ngo-unesco-open-data.zip" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert zipfile.ZipFile(io.BytesIO(body)).read("datapackage.json")
    etag, modified = response["ETag"], response["Last-Modified"]
    again = client.get("/open-data/ngo-unesco-open-data.zip", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(
        "/open-data/ngo-unesco-open-data.zip", headers={"If-Modified-Since": modified}
    )
    assert since.status_code == 304


def test_file_is_404_before_the_first_build(client, db, dump_root):
    assert client.get("/open-data/ngo-unesco-open-data.zip").status_code == 404


def test_page_is_in_the_sitemap_and_the_footer(client, db, dump_root):
    assert "/en/open-data/" in client.get("/sitemap.xml").content.decode()
    assert 'href="/fr/open-data/"' in client.get("/fr/").content.decode()


def test_unpublished_event_in_the_dump_keeps_its_foreign_keys_valid(world, dump_root, tmp_path):
    """A hearing at an event that is later unpublished names no event."""
    Event.objects.filter(pk=world["event"].pk).update(published=False)
    files = _files(build.build_dump())
    assert _rows(files, "hearings")[0]["event"] == ""
    assert _rows(files, "event_organisers") == []


def test_validation_fails_on_a_broken_dump(world, dump_root, tmp_path):
    """The validator can fail: a history row naming no partner breaks a foreign key."""
    target = tmp_path / "unzipped"
    with zipfile.ZipFile(build.build_dump()) as archive:
        archive.extractall(target)
    history = target / "status_history.csv"
    history.write_text(history.read_text().replace("open-education", "nobody"))
    report = validate(str(target / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}
