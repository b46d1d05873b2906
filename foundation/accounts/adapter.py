from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from foundation.client_ip import client_ip
from foundation.mail.outbox import sender, subject_prefix


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

    def get_reauthentication_methods(self, user):
        """The authenticator code first for an account that has one: the
        Secretariat confirms with the code it just used to sign in; the
        password stays offered as the alternative."""
        methods = super().get_reauthentication_methods(user)
        return sorted(methods, key=lambda method: method["id"] != "mfa_reauthenticate")

    def get_from_email(self):
        """allauth's emails under the portal's name in the recipient's
        language (send_mail below activates it), like the outbox's."""
        return sender(translation.get_language() or settings.LANGUAGE_CODE)

    def format_email_subject(self, subject):
        return subject_prefix(translation.get_language() or settings.LANGUAGE_CODE) + str(subject)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.preferred_language = translation.get_language() or settings.LANGUAGE_CODE
        if commit:
            user.save()
        return user
