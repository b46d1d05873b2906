"""The Docker build context: what `COPY . .` may take into the image."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Secrets, history, local data and tools that an image must never carry.
MUST_STAY_OUT = [
    ".env",
    ".env.production",
    ".git/config",
    ".git/HEAD",
    "db.sqlite3",
    "db.sqlite3-journal",
    "media/logos/logo.png",
    "private_media/dialogue/2025/01/file.pdf",
    "node_modules/htmx.org/package.json",
    ".venv/bin/python",
    "staticfiles/css/portal.css",
    "test-results/gates/axe.json",
    "partners/__pycache__/models.cpython-313.pyc",
]

# What the image needs to run and build.
MUST_GO_IN = [
    "manage.py",
    "pyproject.toml",
    "uv.lock",
    ".python-version",
    "portal/settings.py",
    "foundation/validators.py",
    "partners/models.py",
    "templates/base.html",
    "static/css/portal.css",
    "locale/fr/LC_MESSAGES/django.po",
]


def dockerignore_rules() -> list[tuple[bool, str]]:
    """(exclude?, pattern) pairs in file order, as Docker reads them."""
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line.removeprefix("!").strip().strip("/")
        rules.append((not negate, pattern))
    return rules


def _regex(pattern: str) -> re.Pattern:
    # Docker's rules (Go's filepath.Match plus "**"): "*" and "?" stay within
    # one path segment, "**" spans any number of them.
    out = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out += "(?:.*/)?"
            index += 3
        elif pattern.startswith("**", index):
            out += ".*"
            index += 2
        elif pattern[index] == "*":
            out += "[^/]*"
            index += 1
        elif pattern[index] == "?":
            out += "[^/]"
            index += 1
        else:
            out += re.escape(pattern[index])
            index += 1
    return re.compile(out + r"\Z")


def _matches(pattern: str, path: str) -> bool:
    # A rule that matches a directory excludes everything under it.
    parts = path.split("/")
    regex = _regex(pattern)
    return any(regex.match("/".join(parts[: index + 1])) for index in range(len(parts)))


def is_excluded(path: str, rules) -> bool:
    excluded = False
    for exclude, pattern in rules:
        if _matches(pattern, path):
            excluded = exclude
    return excluded


@pytest.mark.parametrize("path", MUST_STAY_OUT)
def test_docker_image_never_receives_secrets_data_or_local_tools(path):
    assert is_excluded(path, dockerignore_rules()), f"{path} would be copied into the image"


@pytest.mark.parametrize("path", MUST_GO_IN)
def test_docker_image_receives_what_it_runs(path):
    assert not is_excluded(path, dockerignore_rules()), f"{path} would be left out of the image"


def test_the_rule_reader_catches_a_missing_rule():
    rules = [(True, ".git"), (True, "**/__pycache__"), (False, ".env.example"), (True, ".env*")]
    assert not is_excluded(".env", rules[:3])
    assert is_excluded(".env", rules)
    assert is_excluded("partners/__pycache__/x.pyc", rules)
