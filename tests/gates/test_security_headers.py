"""Production security headers on every URL, and `check --deploy` clean.

"Every URL" is every case of the permission matrix (which must name every
URL of the project, see tests/test_permission_matrix.py), requested over
HTTPS by a visitor and by the Secretariat, whatever the status: a 302, 403
or 404 must be as well protected as a 200. The crawl (test_crawl.py) checks
the same headers on every page it reaches, query variants included.
"""

import pytest

from tests.conftest import sign_in
from tests.gates.checks import deploy_check_problems, production_env, security_header_problems
from tests.gates.world import build_gate_world
from tests.test_permission_matrix import _row_modules

EXTRA_PATHS = ["/", "/healthz", "/robots.txt", "/sitemap.xml", "/en/no-such-page/", "/admin/"]


@pytest.mark.django_db
def test_every_url_carries_the_production_security_headers(client, settings):
    assert settings.DEBUG is False
    world = build_gate_world()
    cases = [case for module in _row_modules() for case in module.CASES]
    assert len(cases) >= 10
    problems = {}
    checked = 0
    client.raise_request_exception = False
    for role in ("visitor", "secretariat"):
        user = world["users"][role]
        if user is not None:
            sign_in(client, user)
        for case in cases:
            path = case.path(world) if callable(case.path) else case.path
            data = case.data(world) if callable(case.data) else case.data
            response = getattr(client, case.method)(path, data or {}, secure=True)
            checked += 1
            found = security_header_problems(response.headers)
            if response.status_code >= 500:
                found.append(f"status {response.status_code}")
            if found:
                problems[f"{role} {case.method.upper()} {path} ({response.status_code})"] = found
        for path in EXTRA_PATHS:
            response = client.get(path, secure=True)
            checked += 1
            if found := security_header_problems(response.headers):
                problems[f"{role} GET {path} ({response.status_code})"] = found
    assert checked >= 2 * len(cases)
    assert problems == {}


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/en/partners/", secure=False)
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/partners/"


def test_manage_py_check_deploy_prints_no_warning_with_production_settings():
    assert deploy_check_problems(production_env()) == []
