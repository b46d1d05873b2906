from django.contrib.auth import get_user_model
from django.utils import translation

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
