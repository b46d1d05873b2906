"""A same-site crawler over Django's test client.

It runs in-process (no server, no browser), so the whole site in three
languages and eight roles is crawled in seconds; the browser gates then visit
a sample of what it found. Redirects are followed as links, so a redirect to
a missing page is a broken link too.
"""

from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import Resolver404, resolve

from tests.gates.checks import page_links

SITE = "https://testserver"

# Not ours to crawl: Django's admin (a Secretariat link to it is followed once,
# to its index) and the language switch endpoint (POST only).
SKIP_PREFIXES = ("/i18n/",)


@dataclass
class Visit:
    path: str
    status: int
    content_type: str = ""
    html: str = ""
    headers: dict = field(default_factory=dict)
    location: str = ""
    referrers: set = field(default_factory=set)

    @property
    def language(self) -> str | None:
        segment = self.path.split("/")[1] if self.path.count("/") > 1 else ""
        return segment if segment in {"fr", "en", "es"} else None

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")


def route_of(path: str) -> str:
    """The URL pattern a path resolves to: the crawl samples each route, not each object."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "unresolved:" + path
    return match.view_name or match.route


def _static_exists(path: str) -> bool:
    return finders.find(path.removeprefix(settings.STATIC_URL)) is not None


def crawl(client, starts, *, max_pages: int = 3000, max_variants: int = 6) -> dict[str, Visit]:
    """Visit every same-site URL reachable from `starts` with `client`.

    A path with a query string counts as a variant of its path; at most
    `max_variants` variants of one path are visited (the directory's filter
    and page links would otherwise multiply). Admin pages other than the
    index are not followed.
    """
    client.raise_request_exception = False  # a 500 is a finding, not a crash
    visits: dict[str, Visit] = {}
    variants: Counter = Counter()
    queue = deque((start, "(start)") for start in starts)
    while queue and len(visits) < max_pages:
        path, referrer = queue.popleft()
        if path in visits:
            visits[path].referrers.add(referrer)
            continue
        bare = urlsplit(path).path
        if bare.startswith(SKIP_PREFIXES):
            continue
        if bare.startswith("/admin/") and bare != "/admin/":
            continue
        if "?" in path:
            if variants[bare] >= max_variants:
                continue
            variants[bare] += 1
        if bare.startswith(settings.STATIC_URL):
            visits[path] = Visit(path, 200 if _static_exists(bare) else 404, referrers={referrer})
            continue
        response = client.get(path, secure=True)
        visit = Visit(
            path=path,
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            headers=dict(response.headers),
            referrers={referrer},
        )
        visits[path] = visit
        if 300 <= response.status_code < 400:
            visit.location = response["Location"]
            for link in page_links(f'<a href="{visit.location}"></a>', SITE + path):
                queue.append((link, path))
            continue
        if visit.is_html and response.status_code == 200:
            visit.html = response.content.decode(response.charset or "utf-8")
            for link in page_links(visit.html, SITE + path):
                queue.append((link, path))
    return visits


def crawl_problems(visits: dict[str, Visit]) -> list[str]:
    """5xx anywhere, and links (or redirects) that lead to a 4xx."""
    problems = []
    for visit in visits.values():
        if visit.status >= 500:
            problems.append(f"{visit.status} at {visit.path}")
        elif visit.status >= 400 and visit.referrers != {"(start)"}:
            sources = ", ".join(sorted(visit.referrers)[:3])
            problems.append(f"broken link: {visit.path} ({visit.status}) linked from {sources}")
    return problems
