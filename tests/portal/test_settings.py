import os
import subprocess
import sys
from pathlib import Path

import pytest

from foundation.email_config import mailer_from_url
from foundation.env import env_bool

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = "sqlite:///:memory:"
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_serving_commands_refuse_to_start_without_a_secret_key():
    result = run_manage("migrate", "--noinput")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off." in result.stderr


def test_offline_commands_run_without_a_secret_key():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("value", ["yes please", "2", "Tru"])
def test_booleans_from_the_environment_are_strict(monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG")


def test_email_url_becomes_an_smtp_mailer():
    mailer = mailer_from_url("smtp+tls://user:p%40ss@mail.example.org:587")
    assert mailer["OPTIONS"]["host"] == "mail.example.org"
    assert mailer["OPTIONS"]["port"] == 587
    assert mailer["OPTIONS"]["password"] == "p@ss"
    assert mailer["OPTIONS"]["use_tls"] is True


PRINT_SITE_URL = "from django.conf import settings; print(settings.SITE_URL)"


@pytest.mark.parametrize("site_url", ["", "http://portal.example.org", "portal.example.org"])
def test_production_refuses_to_start_without_an_https_site_url(site_url):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", PRINT_SITE_URL],
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SITE_URL"}},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": "sqlite:///:memory:",
            "SECRET_KEY": "a-long-enough-secret-for-this-start-up-test-0123456789",
            "SITE_URL": site_url,
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SITE_URL must be an https:// URL when DEBUG is off" in result.stderr


def test_production_starts_with_an_https_site_url():
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", PRINT_SITE_URL],
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG"}},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": "sqlite:///:memory:",
            "SECRET_KEY": "a-long-enough-secret-for-this-start-up-test-0123456789",
            "SITE_URL": "https://portal.example.org",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "https://portal.example.org"
