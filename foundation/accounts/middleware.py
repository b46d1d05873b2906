from auditlog.middleware import AuditlogMiddleware
from django.contrib.auth import get_user_model
from django.utils import translation

from foundation.accounts.permissions import mark_second_factor, session_passed_second_factor
from foundation.client_ip import client_ip
from foundation.languages import is_language


class UserLanguageMiddleware:
    """Remember the language a signed-in user reads in, so that every email
    sent to them later (notifications, newsletter) uses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        language = translation.get_language()
        if (
            user is not None
            and user.is_authenticated
            and is_language(language)
            and user.preferred_language != language
            and request.path.startswith(f"/{language}/")
        ):
            get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
        return response


class SecondFactorMiddleware:
    """Mark the signed-in user with whether this session passed the second
    factor, once per request, so that every permission rule can ask
    `can_act_as_secretariat(user)` without the request at hand."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            mark_second_factor(user, passed=session_passed_second_factor(request, user))
        return self.get_response(request)


class ClientAddressAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog records the first `X-Forwarded-For` entry, which the
    client writes; record the address the trusted proxies report instead."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request) or None
