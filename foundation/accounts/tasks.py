from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from foundation.accounts.models import DelegateProfile


@shared_task
def send_delegate_verified(profile_id: int) -> None:
    profile = DelegateProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or not profile.is_verified:
        return
    user = profile.user
    with translation.override(user.preferred_language):
        context = {
            "profile": profile,
            "user": user,
            "url": settings.SITE_URL + reverse("portal:dashboard"),
        }
        subject = render_to_string("accounts/email/delegate_verified_subject.txt", context)
        body = render_to_string("accounts/email/delegate_verified.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body, None, [user.email]
    )
