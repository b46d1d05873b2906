"""The gates, as plain functions of a response or of some HTML.

Each function returns a list of problems (empty means the gate passes), so the
same code judges the real site (tests/gates/test_*.py, tests/e2e/) and the
deliberately broken fixtures of tests/gates/test_gate_self.py. The judges
themselves are tools nobody in this project wrote: the Nu Html Checker
(vnu-jar), axe-core and the MDN HTTP Observatory; this module only runs them
and reads their verdicts, plus a few checks that need no tool (headers,
inline code, lang/dir, untranslated phrases).
"""

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

LANGUAGES = ("fr", "en", "es")
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}

# English interface phrases that must never show under /fr/ or /es/. They are
# strings of our templates (not model content, which may fall back to English
# on purpose), chosen to be common to many pages. Add one when you add a
# prominent string; the crawl checks every page in every language against it.
UNTRANSLATED_PHRASES = (
    "Skip to main content",
    "Partner NGOs",
    "Sign in",
    "Sign out",
    "My space",
    "Key figures",
    "Directory of partner NGOs",
    "Browse the partner directory",
    "Open data API",
    "No partner matches these criteria",
    "Delegates by country",
    "At a glance",
    "Download CSV",
    "Editor invitations",
    "Invite an editor",
    "Forum or conference session",
    "Manage the outcome documents",
    # Issue 19
    "Call for proposals",
    "Take part",
    "Programme and proposers",
)

# Axe: the rule sets that make up WCAG 2.1 A and AA, and the impacts that fail.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
AXE_FAILING_IMPACTS = ("serious", "critical")


# --- Security headers ---------------------------------------------------------


def parse_csp(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0].lower()] = tokens[1:]
    return directives


def csp_problems(value: str | None) -> list[str]:
    """A strict policy: everything from 'self' (or nothing), no inline code, no eval,
    no external origin, no framing, no <base> hijack, no plugins."""
    if not value:
        return ["no Content-Security-Policy"]
    problems = []
    directives = parse_csp(value)
    for required in ("default-src", "frame-ancestors", "base-uri", "object-src", "form-action"):
        if required not in directives:
            problems.append(f"CSP lacks {required}")
    allowed = {"'self'", "'none'", "data:"}
    for name, sources in directives.items():
        for source in sources:
            lowered = source.lower()
            if lowered in {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"}:
                problems.append(f"CSP {name} allows {source}")
            elif lowered.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")):
                continue
            elif lowered == "data:" and name not in {"img-src", "font-src"}:
                problems.append(f"CSP {name} allows data:")
            elif lowered not in allowed:
                problems.append(f"CSP {name} allows external or wildcard source {source}")
    if directives.get("frame-ancestors") not in (["'none'"], ["'self'"]):
        problems.append("CSP frame-ancestors is not 'none' or 'self'")
    if directives.get("object-src") != ["'none'"]:
        problems.append("CSP object-src is not 'none'")
    return problems


def security_header_problems(headers: Mapping[str, str], *, secure: bool = True) -> list[str]:
    """What a response served over HTTPS in production must carry."""
    lowered = {key.lower(): value for key, value in headers.items()}
    problems = csp_problems(lowered.get("content-security-policy"))
    if secure:
        hsts = lowered.get("strict-transport-security", "")
        match = re.search(r"max-age=(\d+)", hsts)
        if not match or int(match.group(1)) < 31_536_000:
            problems.append(f"HSTS missing or shorter than a year: {hsts!r}")
        elif "includesubdomains" not in hsts.lower():
            problems.append("HSTS without includeSubDomains")
    if lowered.get("x-content-type-options", "").lower() != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    referrer = lowered.get("referrer-policy", "").lower()
    if referrer not in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }:
        problems.append(f"Referrer-Policy is weak or missing: {referrer!r}")
    if lowered.get("cross-origin-opener-policy", "").lower() != "same-origin":
        problems.append("Cross-Origin-Opener-Policy is not same-origin")
    # Frame protection: CSP frame-ancestors (required above) is the standard;
    # X-Frame-Options is its legacy twin, so when present it must agree.
    # (Django's LocaleMiddleware builds the `/` → `/en/` redirect after
    # XFrameOptionsMiddleware has run, so that one redirect carries only the CSP.)
    frame_options = lowered.get("x-frame-options")
    if frame_options is not None and frame_options.upper() not in {"DENY", "SAMEORIGIN"}:
        problems.append(f"X-Frame-Options is {frame_options!r}")
    return problems


# --- HTML parsing ------------------------------------------------------------


VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


class _PageParser(HTMLParser):
    """Collects what the gates look at in one pass."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_attrs: dict[str, str | None] | None = None
        self.links: list[str] = []
        self.inline_code: list[str] = []
        self.text_parts: list[str] = []
        self.images_without_alt: list[str] = []
        # Text outside any element with its own lang attribute (the language
        # switcher's "FR" is a language code, not a country code shown raw).
        self.own_language_text: list[str] = []
        self._script_depth = 0
        self._style_depth = 0
        self._lang_stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in VOID_ELEMENTS:
            self._lang_stack.append(tag != "html" and "lang" in attributes)
        if tag == "html" and self.html_attrs is None:
            self.html_attrs = attributes
        if tag in {"a", "area"} and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "link" and attributes.get("href") and attributes.get("rel") in {"stylesheet"}:
            self.links.append(attributes["href"])
        if tag in {"img", "script"} and attributes.get("src"):
            self.links.append(attributes["src"])
        if tag == "img" and "alt" not in attributes:
            self.images_without_alt.append(attributes.get("src") or "?")
        if tag == "script":
            self._script_depth += 1
            kind = (attributes.get("type") or "").lower()
            if not attributes.get("src") and kind not in {
                "application/json",
                "application/ld+json",
            }:
                self.inline_code.append("inline <script>")
        if tag == "style":
            self._style_depth += 1
            self.inline_code.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.inline_code.append(f"style attribute on <{tag}>")
            elif name.startswith("on"):
                self.inline_code.append(f"{name} handler on <{tag}>")
            elif name in {"href", "src", "action"} and (value or "").lower().startswith(
                "javascript:"
            ):
                self.inline_code.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag):
        if tag not in VOID_ELEMENTS and self._lang_stack:
            self._lang_stack.pop()
        if tag == "script":
            self._script_depth = max(0, self._script_depth - 1)
        if tag == "style":
            self._style_depth = max(0, self._style_depth - 1)

    def handle_data(self, data):
        if not self._script_depth and not self._style_depth:
            self.text_parts.append(data)
            if not any(self._lang_stack):
                self.own_language_text.append(data)


def parse_page(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser


def visible_text(html: str) -> str:
    return " ".join(" ".join(parse_page(html).text_parts).split())


def lang_dir_problems(html: str, expected_lang: str) -> list[str]:
    attrs = parse_page(html).html_attrs
    if attrs is None:
        return ["no <html> element"]
    problems = []
    if attrs.get("lang") != expected_lang:
        problems.append(f"<html lang={attrs.get('lang')!r}>, expected {expected_lang!r}")
    expected_dir = "rtl" if expected_lang in RTL_LANGUAGES else "ltr"
    if attrs.get("dir") != expected_dir:
        problems.append(f"<html dir={attrs.get('dir')!r}>, expected {expected_dir!r}")
    return problems


def inline_code_problems(html: str) -> list[str]:
    """Inline scripts, styles and handlers: the CSP blocks them, so they are bugs."""
    return sorted(set(parse_page(html).inline_code))


def untranslated_phrase_problems(
    html: str, lang: str, phrases: tuple[str, ...] = UNTRANSLATED_PHRASES
) -> list[str]:
    """English interface phrases in the visible text of a French or Spanish page."""
    if lang == "en":
        return []
    text = visible_text(html)
    return [f"English phrase {phrase!r} in a /{lang}/ page" for phrase in phrases if phrase in text]


_URL_OR_EMAIL = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|(?<!\S)/\S*")
_SNAKE_CASE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+\b")
# A country code where a name belongs: after a colon, "by", "in", "from"… or
# in a comma-separated list of codes.
_CODE_AFTER = re.compile(
    # \b after each pair: "of UNESCO" is a word, not the codes UN, ES and CO.
    r"(?:[:]|\b(?:by|in|from|of|par|en|de|del|por|à)\b)\s+((?:[A-Z]{2}\b(?:,\s*)?)+)(?![\w-])"
)
_CODE_ALONE = re.compile(r"^\s*([A-Z]{2}(?:\s*,\s*[A-Z]{2})*)\s*[.;]?\s*$")


def raw_code_problems(
    html: str, *, country_codes: frozenset[str], raw_values: frozenset[str]
) -> list[str]:
    """Codes shown to people where a name belongs.

    - an ISO country code alone ("SN", "SN, BR") or after a colon or a
      preposition ("Dialogue requested by SN", "delegates in SN");
    - a raw choice value (`raw_values`: the hyphenated or underscored values
      of the models' choices, such as sector slugs) as a visible word;
    - a word with an underscore ("time_zone", "Buenos_Aires").
    URLs and email addresses are skipped, and text inside an element with its
    own lang attribute (the language switcher's "FR").
    """
    problems = set()
    for part in parse_page(html).own_language_text:
        text = _URL_OR_EMAIL.sub(" ", part)
        codes = []
        for match in (*_CODE_AFTER.finditer(text), *_CODE_ALONE.finditer(text)):
            codes += re.findall(r"[A-Z]{2}", match.group(1))
        for code in codes:
            if code in country_codes:
                problems.add(f"country code {code!r} shown as text: {part.strip()[:80]!r}")
        for word in re.findall(r"[a-z0-9]+(?:[-_][a-z0-9]+)+", text):
            if word in raw_values:
                problems.add(f"raw value {word!r} shown as text: {part.strip()[:80]!r}")
        for word in _SNAKE_CASE.findall(text):
            problems.add(f"word with '_' shown as text: {word!r}")
    return sorted(problems)


def page_links(html: str, base_url: str) -> list[str]:
    """Same-site links of a page, absolute paths with query, without fragment."""
    links = []
    for href in parse_page(html).links:
        href = href.strip()
        if href.startswith(("mailto:", "tel:", "#")):
            continue
        absolute = urldefrag(urljoin(base_url, href)).url
        parts = urlsplit(absolute)
        if parts.scheme not in {"http", "https"} or parts.netloc != urlsplit(base_url).netloc:
            continue
        links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links


# --- Nu Html Checker ---------------------------------------------------------


def java_command() -> str:
    java = shutil.which("java")
    if not java:
        raise RuntimeError(
            "Java is needed for the Nu Html Checker: apt-get install default-jre-headless"
        )
    if not VNU_JAR.exists():
        raise RuntimeError(f"{VNU_JAR} is missing: run `npm ci` at the repository root")
    return java


def vnu_errors(documents: Mapping[str, str]) -> dict[str, list[str]]:
    """Validate many HTML documents in ONE java run; map each name to its errors.

    `documents` maps a name (the URL, say) to its HTML. Warnings and info
    messages are not errors; only `type: error` (and fatal ones) count.
    """
    if not documents:
        return {}
    java = java_command()
    with tempfile.TemporaryDirectory() as directory:
        names = {}
        for index, (name, html) in enumerate(documents.items()):
            path = Path(directory) / f"page{index:05d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.as_uri()] = name
            names[str(path)] = name
        result = subprocess.run(
            [
                java,
                "-Xss8m",
                "-jar",
                str(VNU_JAR),
                "--format",
                "json",
                "--exit-zero-always",
                *sorted(str(Path(directory) / f"page{i:05d}.html") for i in range(len(documents))),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    report = json.loads(result.stderr or result.stdout)
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in report.get("messages", []):
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        url = message.get("url", "")
        name = names.get(url) or names.get(url.removeprefix("file:")) or url
        location = f"line {message.get('lastLine', '?')}"
        errors.setdefault(name, []).append(f"{location}: {message.get('message')}")
    return {name: found for name, found in errors.items() if found}


# --- axe-core ----------------------------------------------------------------


def axe_failures(results: Mapping) -> list[str]:
    """Violations of impact serious or critical in an axe `run()` result."""
    failures = []
    for violation in results.get("violations", []):
        if violation.get("impact") in AXE_FAILING_IMPACTS:
            targets = [", ".join(node.get("target", [])) for node in violation.get("nodes", [])]
            failures.append(
                f"{violation['impact']}: {violation['id']} ({violation.get('help')}) at "
                + "; ".join(targets[:5])
            )
    return failures


def axe_counts(results: Mapping) -> dict[str, int]:
    counts: dict[str, int] = {}
    for violation in results.get("violations", []):
        impact = violation.get("impact") or "unknown"
        counts[impact] = counts.get(impact, 0) + len(violation.get("nodes", []))
    return counts


# --- Deploy check ------------------------------------------------------------


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production deployment, for subprocesses."""
    import os
    import secrets

    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests lift Django's async guard in the test process;
        # production never does (check --deploy reports it as async.E001).
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="ngo-partnership.unesco.example,127.0.0.1,localhost",
        SITE_URL="https://ngo-partnership.unesco.example",
        DJANGO_SETTINGS_MODULE="portal.settings",
        # Production sends real email; without it the console mailer fails mail.E001.
        EMAIL_HOST="smtp.unesco.example",
    )
    env.update(overrides)
    return env


def deploy_check_problems(env: Mapping[str, str]) -> list[str]:
    """Every line of `manage.py check --deploy` that is not the all-clear."""
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO_ROOT,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = (result.stdout + result.stderr).strip()
    clean = result.returncode == 0 and output.endswith(
        "System check identified no issues (0 silenced)."
    )
    if clean:
        return []
    ignored = ("UserWarning: No directory at", "warnings.warn(", "mw_instance = middleware")
    return [
        line for line in output.splitlines() if line.strip() and not any(i in line for i in ignored)
    ] or [f"exit status {result.returncode}"]
