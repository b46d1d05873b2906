"""Emails about accounts, queued through foundation.mail.outbox."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from foundation.mail import outbox


def delegate_verified(profile) -> bool:
    """Tell a Member State delegate that the Secretariat verified their account."""
    user = profile.user
    with translation.override(user.preferred_language):
        url = settings.SITE_URL + reverse("portal:dashboard")
    return outbox.send(
        "accounts-delegate-verified",
        to=user.email,
        language=user.preferred_language,
        key=f"accounts.delegate-verified:{profile.pk}",
        about_account=True,
        context={"profile": profile, "user": user, "url": url},
    )
