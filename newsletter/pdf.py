"""The newsletter as PDF: its HTML, rendered by foundation.pdf.

Rendering happens once per issue and language (services.issue_rendition
stores the result); recipients share the stored file. foundation.pdf (and
WeasyPrint, seconds to import) is imported only when a PDF is rendered: the
check that a rendition made ahead is still current needs the HTML only.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from foundation.links import site_url

__all__ = ["render_html", "render_pdf"]  # and ProjectFilesFetcher, loaded on first use


def render_html(*, issue, language: str, sections) -> str:
    with translation.override(language):
        return render_to_string(
            "newsletter/pdf.html",
            {
                "issue": issue,
                "sections": sections,
                "language": language,
                "site_url": settings.SITE_URL,
                "static_base": f"{settings.SITE_URL}{settings.STATIC_URL}",
                "web_url": site_url(issue.get_absolute_url()),
            },
        )


def render_pdf(html: str, **kwargs) -> bytes:
    from foundation import pdf  # noqa: PLC0415 -- WeasyPrint takes seconds to import

    return pdf.render_pdf(html, **kwargs)


def __getattr__(name):
    if name == "ProjectFilesFetcher":
        from foundation import pdf  # noqa: PLC0415 -- WeasyPrint takes seconds to import

        return pdf.ProjectFilesFetcher
    raise AttributeError(name)
