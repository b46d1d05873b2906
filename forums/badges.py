"""Badges and certificates of attendance as PDF (issue 19).

The badge's QR code holds a signed token (services_attendance.badge_token):
the event and registration ids, nothing personal. The certificate is
written in the participant's language. foundation.pdf (WeasyPrint) is
imported lazily: it takes seconds to import.
"""

import base64
import io

from django.template.loader import render_to_string
from django.utils import translation

from forums.services_attendance import badge_code, badge_token


def qr_data_url(text: str) -> str:
    import qrcode  # noqa: PLC0415 -- only the badge needs it

    image = qrcode.make(text, box_size=8, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def _render(template: str, context: dict, language: str) -> bytes:
    from foundation.pdf import render_pdf  # noqa: PLC0415 -- WeasyPrint is slow to import

    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return render_pdf(html)


def badge_pdf(registration) -> bytes:
    return _render(
        "forums/pdf/badge.html",
        {
            "registration": registration,
            "qr": qr_data_url(badge_token(registration)),
            "code": badge_code(registration),
        },
        registration.language,
    )


def certificate_pdf(registration) -> bytes:
    return _render(
        "forums/pdf/certificate.html",
        {"registration": registration, "check_in": registration.check_in},
        registration.language,
    )
