"""Rehearsal: adding a language is a settings change and generated migrations.

With Arabic added to LANGUAGES (tests/rehearsal/arabic_settings.py), and
nothing else changed, `makemigrations` writes the Arabic columns of every
translated model into a copy of the apps' migrations, the copy migrates a
scratch database, and the site serves Arabic: the directory and a partner's
profile in Arabic, the admin's Arabic fields, a form page with `dir="rtl"`,
and the directory search finding an Arabic name.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from django.conf import settings

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent.parent
APP_MIGRATIONS = {
    "accounts": ROOT / "foundation" / "accounts" / "migrations",
    "partners": ROOT / "partners" / "migrations",
    "forums": ROOT / "forums" / "migrations",
    "dialogue": ROOT / "dialogue" / "migrations",
    "newsletter": ROOT / "newsletter" / "migrations",
}


@pytest.fixture
def scratch_database(tmp_path):
    """A PostgreSQL database of its own when the suite runs on PostgreSQL, else SQLite."""
    configured = settings.DATABASES["default"]
    if configured["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'rehearsal.sqlite3'}"
        return
    url = os.environ["DATABASE_URL"]
    name = f"{configured['NAME']}_ar_{uuid.uuid4().hex[:8]}"
    admin = dj_database_url.parse(url)
    conninfo = {
        "host": admin["HOST"],
        "port": admin["PORT"] or 5432,
        "user": admin["USER"],
        "password": admin["PASSWORD"],
        "dbname": "postgres",
    }
    with psycopg.connect(**conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(**conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _new_migrations(directory: Path):
    return directory.glob("*_arabic.py")


def _run(args, env):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_adding_arabic_takes_settings_and_generated_migrations_only(tmp_path, scratch_database):
    package = f"rehearsal_migrations_{uuid.uuid4().hex[:8]}"
    (tmp_path / package).mkdir()
    (tmp_path / package / "__init__.py").write_text("")
    for label, source in APP_MIGRATIONS.items():
        shutil.copytree(source, tmp_path / package / label, ignore=shutil.ignore_patterns("*.pyc"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.rehearsal.arabic_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(tmp_path)]),
        "REHEARSAL_MIGRATIONS": package,
        "REHEARSAL_DATABASE_URL": scratch_database,
    }

    _run(["manage.py", "makemigrations", *APP_MIGRATIONS, "--name", "arabic", "-v0"], env)
    written = {
        label: "".join(
            path.read_text() for path in (tmp_path / package / label).glob("*_arabic.py")
        )
        for label in APP_MIGRATIONS
    }
    assert "'name_ar'" in written["partners"]
    assert "'mission_ar'" in written["partners"]
    assert "'search_ar'" in written["partners"]
    assert "'title_ar'" in written["forums"]
    assert "'theme_ar'" in written["dialogue"]
    assert "'editorial_note_ar'" in written["newsletter"]

    _run(["manage.py", "migrate", "--noinput", "-v0"], env)
    pages = json.loads(_run(["tests/rehearsal/show_arabic.py"], env))

    name_ar = "الرابطة العالمية للتعليم مدى الحياة"
    mission_ar = "تعمل الرابطة على تعزيز التعلم مدى الحياة للجميع في كل البلدان."
    for key in ("directory", "profile", "search", "search_other", "form", "admin"):
        assert pages[key]["status"] == 200, key
    assert 'lang="ar"' in pages["directory"]["html_tag"]
    assert 'dir="rtl"' in pages["directory"]["html_tag"]
    assert name_ar in pages["directory"]["text"]
    assert name_ar in pages["profile"]["text"]
    assert mission_ar in pages["profile"]["text"]
    # The editor's profile form: in Arabic, right to left, with the Arabic mission field.
    assert 'dir="rtl"' in pages["form"]["html_tag"]
    assert 'name="mission_ar"' in pages["form"]["text"]
    # The admin's change form has the Arabic columns, filled.
    assert 'name="name_ar"' in pages["admin"]["text"]
    assert 'name="mission_ar"' in pages["admin"]["text"]
    assert mission_ar in pages["admin"]["text"]
    # Search finds the partner by a word of its Arabic name, and not by another word.
    assert "/ar/partners/world-association-lifelong-learning/" in pages["search"]["text"]
    assert "world-association-lifelong-learning" not in pages["search_other"]["text"]
