from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation


def _path_in(request, code: str) -> str:
    """The current page's path in language `code`, rebuilt from the URL the
    resolver matched, never from the raw request path: a path such as
    `//evil.example/en/` would otherwise be read as a host and come back as
    the protocol-relative link `//evil.example/fr/`. A page that matched no
    URL (a 404) links to the home page of each language."""
    match = request.resolver_match
    with translation.override(code):
        if match is not None:
            try:
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
        return reverse("portal:home")


def language_alternates(request):
    """The current page in every language, query string kept, for the
    language switcher and the hreflang links."""
    # Re-encoded from the parsed parameters, so nothing raw is echoed.
    query = request.GET.urlencode()
    alternates = []
    for code, name in settings.LANGUAGES:
        path = _path_in(request, code)
        url = f"{path}?{query}" if query else path
        alternates.append({"code": code, "name": name, "url": url})
    return {"language_alternates": alternates, "site_url": settings.SITE_URL}
