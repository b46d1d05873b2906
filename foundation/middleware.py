"""Response headers that depend on who is signed in."""

from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Pages and files served to a signed-in user may show their organisation's
    drafts, registrations or personal data; neither a shared proxy nor the
    browser's disk cache (a shared computer) may keep them. Visitors' pages
    keep whatever caching their views set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
