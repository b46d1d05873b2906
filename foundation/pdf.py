"""PDF with WeasyPrint, through a fetcher that reaches nothing outside the project.

Used by the newsletter (one PDF per issue and language) and the partnership
letters. Import it lazily: WeasyPrint takes seconds to import.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders

# WeasyPrint reports each step of each rendering at INFO; keep its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

MAX_RESOURCE_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    """A resource the PDF may not load: WeasyPrint leaves it out and goes on."""


class ProjectFilesFetcher(URLFetcher):
    """Serve only the project's static and media files and data: URLs.

    No network at all (http, https, ftp are refused before any socket is
    opened), no file: path outside the static and media roots (checked after
    resolving "..", percent-escapes and symbolic links), and so no redirect
    can happen. Anything else raises RefusedURL, which WeasyPrint logs.
    """

    def __init__(self, **kwargs):
        kwargs.update(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
        super().__init__(**kwargs)
        self.fetched: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            response = super().fetch(url, headers)
        else:
            path = self.local_path(url)
            if path is None:
                raise RefusedURL(f"Refused resource: {url[:200]}")
            if path.stat().st_size > MAX_RESOURCE_BYTES:
                raise RefusedURL(f"Resource too large: {url[:200]}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            response = URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": mime_type}
            )
        self.fetched.append(url)
        return response

    @staticmethod
    def local_path(url: str) -> Path | None:
        """The file a URL stands for, if it is one of the project's static or media files."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            if parts.netloc not in ("", "localhost"):
                return None
            return _inside_roots(Path(unquote(parts.path)), _static_roots() + [_media_root()])
        site = urlsplit(settings.SITE_URL)
        if parts.scheme not in ("http", "https") or parts.netloc != site.netloc:
            return None
        path = unquote(parts.path)
        if "\x00" in path:
            return None
        if path.startswith(settings.STATIC_URL):
            relative = path.removeprefix(settings.STATIC_URL)
            return _static_file(relative)
        if path.startswith(settings.MEDIA_URL):
            relative = path.removeprefix(settings.MEDIA_URL)
            root = _media_root()
            return _inside_roots(root / relative, [root])
        return None


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT).resolve()


def _static_roots() -> list[Path]:
    roots = [Path(root).resolve() for root in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT).resolve())
    roots.extend(
        (Path(app.path) / "static").resolve()
        for app in apps.get_app_configs()
        if (Path(app.path) / "static").is_dir()
    )
    return roots


def _static_file(relative: str) -> Path | None:
    if not relative or relative.startswith("/") or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    candidates = [Path(found)] if found else []
    candidates.append(Path(settings.STATIC_ROOT) / relative)
    for candidate in candidates:
        path = _inside_roots(candidate, _static_roots())
        if path is not None:
            return path
    return None


def _inside_roots(path: Path, roots: list[Path]) -> Path | None:
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if not resolved.is_file():
        return None
    if any(resolved.is_relative_to(root) for root in roots):
        return resolved
    return None


def render_pdf(html: str, *, fetcher: ProjectFilesFetcher | None = None) -> bytes:
    fetcher = fetcher or ProjectFilesFetcher()
    return HTML(string=html, base_url=f"{settings.SITE_URL}/", url_fetcher=fetcher).write_pdf()
