"""Each gate fails on a deliberately broken page or response.

A gate that never fails proves nothing: these tests feed every gate a small
broken fixture (missing `alt`, inline script, an English string in a French
page, weak headers, a 500 and a broken link, a deploy-check warning) and a
good twin, and check that only the broken one fails. The axe gate's self-test
needs a browser and lives in tests/e2e/test_gate_self_axe.py; the Observatory
gate's lives in tests/gates/test_observatory.py.
"""

from pathlib import Path

import pytest

from tests.gates.checks import (
    axe_counts,
    axe_failures,
    deploy_check_problems,
    inline_code_problems,
    lang_dir_problems,
    page_links,
    production_env,
    raw_code_problems,
    security_header_problems,
    untranslated_phrase_problems,
    vnu_errors,
)
from tests.gates.crawler import Visit, crawl, crawl_problems

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = (FIXTURES / "broken_fr.html").read_text()
GOOD = (FIXTURES / "good_fr.html").read_text()

GOOD_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    ),
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def test_vnu_gate_fails_on_missing_alt_and_passes_the_good_twin():
    errors = vnu_errors({"broken": BROKEN, "good": GOOD})
    assert list(errors) == ["broken"]
    assert any("alt" in error for error in errors["broken"])


def test_inline_code_gate_fails_on_inline_script_style_and_handlers():
    assert inline_code_problems(BROKEN) == ["inline <script>"]
    assert inline_code_problems(GOOD) == []
    assert inline_code_problems('<p style="color:red" onclick="x()">x</p>') == [
        "onclick handler on <p>",
        "style attribute on <p>",
    ]
    assert inline_code_problems('<a href="javascript:alert(1)">x</a>') == ["javascript: URL on <a>"]
    assert inline_code_problems('<script type="application/ld+json">{}</script>') == []


def test_translation_gate_fails_on_an_english_phrase_in_a_french_page():
    assert untranslated_phrase_problems(BROKEN, "fr") == [
        "English phrase 'Skip to main content' in a /fr/ page"
    ]
    assert untranslated_phrase_problems(GOOD, "fr") == []
    assert untranslated_phrase_problems(BROKEN, "en") == []


def test_translation_gate_ignores_scripts_and_attributes():
    html = '<html lang="es"><script src="x.js">Partner NGOs</script><a title="Sign in">Entrar</a>'
    assert untranslated_phrase_problems(html, "es") == []


def test_lang_dir_gate_fails_on_wrong_or_missing_lang():
    assert lang_dir_problems(GOOD, "fr") == []
    assert lang_dir_problems(GOOD, "es") == ["<html lang='fr'>, expected 'es'"]
    assert lang_dir_problems("<!DOCTYPE html><html><title>x</title>", "en") == [
        "<html lang=None>, expected 'en'",
        "<html dir=None>, expected 'ltr'",
    ]


def test_security_header_gate_passes_strict_headers():
    assert security_header_problems(GOOD_HEADERS) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"Content-Security-Policy": None}, "no Content-Security-Policy"),
        (
            {
                "Content-Security-Policy": GOOD_HEADERS["Content-Security-Policy"].replace(
                    "script-src 'self'", "script-src 'self' 'unsafe-inline'"
                )
            },
            "CSP script-src allows 'unsafe-inline'",
        ),
        (
            {
                "Content-Security-Policy": GOOD_HEADERS["Content-Security-Policy"].replace(
                    "script-src 'self'", "script-src 'self' https://cdn.example.com"
                )
            },
            "CSP script-src allows external or wildcard source https://cdn.example.com",
        ),
        (
            {"Content-Security-Policy": "default-src *"},
            "CSP default-src allows external or wildcard source *",
        ),
        ({"Strict-Transport-Security": None}, "HSTS missing or shorter than a year: ''"),
        ({"Strict-Transport-Security": "max-age=3600"}, "HSTS missing or shorter than a year"),
        ({"X-Content-Type-Options": None}, "X-Content-Type-Options is not nosniff"),
        ({"Referrer-Policy": "unsafe-url"}, "Referrer-Policy is weak or missing: 'unsafe-url'"),
        ({"Cross-Origin-Opener-Policy": None}, "Cross-Origin-Opener-Policy is not same-origin"),
        ({"X-Frame-Options": "ALLOW-FROM https://evil.example"}, "X-Frame-Options is"),
    ],
)
def test_security_header_gate_fails_on_each_weakness(change, expected):
    headers = {**GOOD_HEADERS, **change}
    headers = {key: value for key, value in headers.items() if value is not None}
    problems = security_header_problems(headers)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_links_are_same_site_paths_without_fragments():
    html = (
        '<a href="/en/partners/?q=x#top">a</a> <a href="../b/">b</a> <a href="#main">skip</a>'
        ' <a href="https://example.org/">out</a> <a href="mailto:x@example.org">m</a>'
        ' <link rel="stylesheet" href="/static/css/portal.css"> <img src="/static/x.png" alt="">'
    )
    assert page_links(html, "https://testserver/en/partners/a/") == [
        "/en/partners/?q=x",
        "/en/partners/b/",
        "/static/css/portal.css",
        "/static/x.png",
    ]


@pytest.mark.urls("tests.gates.broken_urls")
def test_crawl_gate_fails_on_a_500_and_a_broken_link(client):
    visits = crawl(client, ["/"])
    assert sorted(visits) == ["/", "/boom/", "/missing/", "/ok/"]
    assert sorted(crawl_problems(visits)) == [
        "500 at /boom/",
        "broken link: /missing/ (404) linked from /",
    ]


def test_crawl_gate_reports_links_to_4xx_but_not_4xx_start_pages():
    visits = {
        "/en/": Visit("/en/", 200, referrers={"(start)"}),
        "/en/gone/": Visit("/en/gone/", 404, referrers={"/en/"}),
        "/en/my/": Visit("/en/my/", 403, referrers={"(start)"}),
    }
    assert crawl_problems(visits) == ["broken link: /en/gone/ (404) linked from /en/"]


def test_axe_gate_counts_only_serious_and_critical_violations():
    results = {
        "violations": [
            {
                "id": "image-alt",
                "impact": "critical",
                "help": "Images must have alt text",
                "nodes": [{"target": ["img"]}],
            },
            {
                "id": "color-contrast",
                "impact": "serious",
                "help": "Contrast",
                "nodes": [{"target": [".a"]}, {"target": [".b"]}],
            },
            {
                "id": "region",
                "impact": "moderate",
                "help": "Landmarks",
                "nodes": [{"target": ["p"]}],
            },
        ]
    }
    failures = axe_failures(results)
    assert [failure.split(" ")[1] for failure in failures] == ["image-alt", "color-contrast"]
    assert axe_counts(results) == {"critical": 1, "serious": 2, "moderate": 1}
    assert axe_failures({"violations": [results["violations"][2]]}) == []


def test_deploy_check_gate_fails_on_a_weak_production_setting():
    problems = deploy_check_problems(production_env(SECURE_HSTS_SECONDS="0"))
    assert any("security.W004" in problem for problem in problems), problems


RAW = {
    "country_codes": frozenset({"SN", "BR", "FR"}),
    "raw_values": frozenset({"natural-sciences"}),
}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Dialogue requested by: SN</p>", "country code 'SN'"),
        ("<p>delegates in SN, BR</p>", "country code 'BR'"),
        ("<td>SN</td>", "country code 'SN'"),
        ("<p>Sectors in common: natural-sciences</p>", "raw value 'natural-sciences'"),
        ("<select><option>America/Argentina/Buenos_Aires</option></select>",
         "word with '_' shown as text: 'Buenos_Aires'"),
        ("<p>Missing time_zone</p>", "word with '_' shown as text: 'time_zone'"),
    ],
)  # fmt: skip
def test_raw_code_gate_fails_on_codes_shown_as_text(html, expected):
    problems = raw_code_problems(html, **RAW)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize(
    "html",
    [
        '<nav><a lang="fr" hreflang="fr">FR<span> – Français</span></a></nav>',
        "<p>Senegal, Brazil</p><p>World Association (WA1)</p>",
        "<p>Write to first_last@example.org or see https://example.org/a_b/c-d/</p>",
        "<p>Natural Sciences</p><p>UNESCO, NGO</p>",
    ],
)
def test_raw_code_gate_passes_names_links_and_the_language_switcher(html):
    assert raw_code_problems(html, **RAW) == []
