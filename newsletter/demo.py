"""Demo data for this app, built by `manage.py seed_demo`. Idempotent.

A published issue for two months ago (so the archive has something) and a
draft for last month waiting for the Secretariat's approval. PDFs are
rendered on first request, not here.
"""

from django.utils import timezone

from newsletter.models import Issue
from newsletter.services import previous_month

NOTES = {
    "fr": (
        "Chères organisations partenaires,\n\nLa lettre mensuelle reprend, comme le Comité de "
        "liaison ONG-UNESCO l'avait demandé. Vous y trouverez les nouvelles du partenariat."
    ),
    "en": (
        "Dear partner organisations,\n\nThe monthly letter is back, as the NGO-UNESCO Liaison "
        "Committee asked. Here is the news of the partnership."
    ),
    "es": (
        "Estimadas organizaciones asociadas:\n\nLa carta mensual vuelve, como lo pidió el "
        "Comité de Enlace ONG-UNESCO. Aquí están las noticias de la colaboración."
    ),
}


def seed(*, with_accounts: bool, stdout=None) -> None:
    draft_month = previous_month()
    published_month = previous_month(draft_month)
    notes = {f"editorial_note_{code}": text for code, text in NOTES.items()}
    now = timezone.now()
    Issue.objects.get_or_create(
        month=published_month,
        defaults={
            "status": Issue.Status.SENT,
            "built_at": now,
            "approved_at": now,
            "sent_at": now,
            **notes,
        },
    )
    Issue.objects.get_or_create(month=draft_month, defaults={"built_at": now, **notes})
    if stdout is not None:
        stdout.write("Newsletter: one published issue, one draft.")
