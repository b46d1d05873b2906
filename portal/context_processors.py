from django.conf import settings
from django.urls import translate_url


def language_alternates(request):
    """The current page in every language, query string kept, for the
    language switcher and the hreflang links."""
    path = request.get_full_path()
    alternates = []
    for code, name in settings.LANGUAGES:
        alternates.append({"code": code, "name": name, "url": translate_url(path, code)})
    return {"language_alternates": alternates, "site_url": settings.SITE_URL}
