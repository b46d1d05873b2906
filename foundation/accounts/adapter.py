from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from foundation.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """allauth's per-IP limits key on the address the trusted proxies report."""
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix, email, context):
        """Send allauth's emails in the recipient's own language."""
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
        return user
