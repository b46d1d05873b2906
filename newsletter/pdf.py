"""The newsletter as PDF: its HTML, rendered by foundation.pdf.

Rendering happens once per issue and language (services.issue_pdf_bytes
stores the result); recipients share the stored file.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from foundation.pdf import ProjectFilesFetcher, render_pdf

__all__ = ["ProjectFilesFetcher", "render_html", "render_pdf"]


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
                "web_url": f"{settings.SITE_URL}{issue.get_absolute_url()}",
            },
        )
