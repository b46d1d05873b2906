"""The API keeps its OpenAPI schema (/api/v1/schema/), checked from outside.

Schemathesis generates requests from the schema, valid and invalid (about 700
cases), and checks
every answer against it (`--checks all`: status codes, bodies, headers,
content types, invalid input refused, valid input accepted, unsupported
methods); the generated Python client reads every list. Both run against a
live server holding the demo data plus generated partners, and fail on any
finding. A self-test feeds Schemathesis a copy of the schema with a deliberate
lie in it, so that a Schemathesis that could not fail would be noticed.
"""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

BIN = Path(sys.executable).parent
SEED = 20261130
# Per operation; with the coverage and stateful phases, about a minute in all.
MAX_EXAMPLES = 15

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def unthrottled(settings):
    # Schemathesis asks faster than any client may: the throttle would answer 429.
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "api": (10**9, 60)}


def _demo_data():
    call_command("seed_demo", verbosity=0)
    call_command("generate_partners", count=50, seed=SEED, verbosity=0)


def _schemathesis(location: str, *extra: str, cwd: Path) -> subprocess.CompletedProcess:
    command = [
        str(BIN / "schemathesis"),
        "run",
        location,
        "--checks",
        "all",
        # Derandomized (Hypothesis' fixed seed, no example database): the same
        # requests on every run, so a finding is a change in the code.
        "--generation-deterministic",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        *extra,
    ]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def test_schemathesis_finds_nothing_on_demo_and_generated_data(live_server, unthrottled, tmp_path):
    _demo_data()
    result = _schemathesis(f"{live_server.url}/api/v1/schema/", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
    assert "12 selected / 12 total" in result.stdout


def test_schemathesis_catches_a_schema_that_lies(live_server, unthrottled, tmp_path):
    """The working group's coordinating NGO made non-nullable in a copy of the
    schema (the bug this contract came from): Schemathesis must fail."""
    from tests.forums.factories import WorkingGroupFactory

    WorkingGroupFactory(slug="no-coordinator", coordinating_partner=None)
    with urllib.request.urlopen(f"{live_server.url}/api/v1/schema/?format=json") as answer:  # noqa: S310
        schema = json.load(answer)
    field = schema["components"]["schemas"]["WorkingGroup"]["properties"]["coordinating_partner"]
    assert field.pop("nullable") is True
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(schema))
    result = _schemathesis(
        str(broken),
        "--url",
        live_server.url,
        "--include-path-regex",
        "working-groups",
        "--phases",
        "examples,coverage,fuzzing",
        cwd=tmp_path,
    )
    assert result.returncode != 0
    assert "coordinating_partner" in result.stdout
    assert "Response violates schema" in result.stdout


def _generate_client(live_server, tmp_path: Path) -> Path:
    schema = tmp_path / "schema.json"
    with urllib.request.urlopen(f"{live_server.url}/api/v1/schema/?format=json") as answer:  # noqa: S310
        schema.write_bytes(answer.read())
    config = tmp_path / "config.yaml"
    config.write_text("project_name_override: portal-api-client\n")
    config.write_text(config.read_text() + "package_name_override: portal_api_client\n")
    # The generator formats its output with ruff, which it looks for on PATH.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(schema),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / "portal_api_client"),
        ],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return tmp_path


def _query(url: str | None, name: str) -> str | None:
    if not url:
        return None
    return parse_qs(urlsplit(url).query).get(name, [None])[0]


def test_generated_python_client_reads_every_list(live_server, unthrottled, tmp_path):
    import importlib

    _demo_data()
    sys.path.insert(0, str(_generate_client(live_server, tmp_path)))
    try:
        client_module = importlib.import_module("portal_api_client")
        PartnersListPaging = importlib.import_module(  # noqa: N806
            "portal_api_client.models"
        ).PartnersListPaging
        api = {
            name: importlib.import_module(f"portal_api_client.api.{package}.{name}")
            for package, name in [
                ("partners", "partners_list"),
                ("partners", "partners_retrieve"),
                ("forums", "forums_list"),
                ("forums", "forums_retrieve"),
                ("working_groups", "working_groups_list"),
                ("working_groups", "working_groups_retrieve"),
                ("working_groups", "working_groups_documents_list"),
                ("hearings", "hearings_list"),
                ("hearings", "hearings_retrieve"),
                ("newsletters", "newsletters_list"),
                ("newsletters", "newsletters_retrieve"),
                ("statistics", "statistics_retrieve"),
            ]
        }
        client = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)
        read = {}
        for name, paging in [
            ("partners_list", "page"),
            ("forums_list", "page"),
            ("working_groups_list", "page"),
            ("hearings_list", "cursor"),
            ("newsletters_list", "cursor"),
        ]:
            items, position = [], None
            while True:
                kwargs = {}
                if position is not None:
                    kwargs[paging] = int(position) if paging == "page" else position
                page = api[name].sync(client=client, **kwargs)
                assert type(page).__name__.startswith("Paginated"), (name, page)
                items += page.results
                position = _query(page.next_, paging)
                if position is None:
                    break
            read[name] = items
        # The partners again, with a cursor in slug order: the same partners.
        by_cursor, cursor = [], None
        while True:
            kwargs = {"cursor": cursor} if cursor else {"paging": PartnersListPaging.CURSOR}
            page = api["partners_list"].sync(client=client, **kwargs)
            assert page.count == len(read["partners_list"])
            by_cursor += page.results
            cursor = _query(page.next_, "cursor")
            if cursor is None:
                break
        slugs = [partner.slug for partner in by_cursor]
        assert len(slugs) == len(set(slugs))
        assert set(slugs) == {partner.slug for partner in read["partners_list"]}
        # Every item of the demo data came through the client's models...
        assert len(read["partners_list"]) > 50
        assert all(len(items) > 0 for items in read.values()), {k: len(v) for k, v in read.items()}
        # ...and so does one detail of each.
        assert api["partners_retrieve"].sync(read["partners_list"][0].slug, client=client).slug
        assert (
            api["forums_retrieve"].sync(read["forums_list"][0].slug, client=client).programme
            is not None
        )
        group = api["working_groups_retrieve"].sync(
            read["working_groups_list"][0].slug, client=client
        )
        assert group.documents
        documents = api["working_groups_documents_list"].sync(group.slug, client=client)
        assert [d.id for d in documents.results] == [d.id for d in group.documents]
        assert all(d.files for d in documents.results)
        for hearing in read["hearings_list"]:
            assert api["hearings_retrieve"].sync(hearing.id, client=client).theme == hearing.theme
        issue = api["newsletters_retrieve"].sync(read["newsletters_list"][0].month, client=client)
        assert [pdf.language for pdf in issue.pdfs] == ["fr", "en", "es"]
        statistics = api["statistics_retrieve"].sync(client=client)
        assert statistics.status.rows
        # A documented error comes back as the client's error model, not a crash.
        missing = api["partners_list"].sync(client=client, page=9999)
        assert missing.detail == "Invalid page."
        client.get_httpx_client().close()
    finally:
        sys.path.remove(str(tmp_path))
        for module in [m for m in sys.modules if m.startswith("portal_api_client")]:
            del sys.modules[module]
