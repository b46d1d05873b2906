"""Every page of ours answers only the methods it uses.

The test walks the URLconf itself, so a view added later is checked without a
new row: each pattern gets a URL built from sample values for its converters,
and PUT, PATCH and DELETE must get 405. The method check comes before the
sign-in and role checks (the method decorator is the outermost), so even a
visitor gets 405 rather than a redirect to the login page: no write path is
ever reached by a method the view does not handle.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from tests.conftest import sign_in

# Sample values by converter name; an unknown converter fails the test, so
# that a new one gets a sample here rather than going unchecked.
SAMPLES = {
    "int": "1",
    "slug": "sample",
    "str": "sample",
    "path": "sample",
    "uuid": str(uuid.UUID(int=1)),
    "month": "2025-01",
}

# Not our views: the read-only API (DRF answers 405 itself, and its own tests
# cover it), Django's admin, Django's set_language, and allauth's account
# pages (class-based views of a library; their templates are ours, their
# dispatch is not).
EXEMPT_PREFIXES = ("/api/", "/admin/", "/i18n/", "/en/accounts/")

CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")


def _route(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return "en/"
    route = str(pattern)
    if route.startswith("^"):
        raise AssertionError(f"regex route {route!r}: give it a sample URL in this test")
    return route


def _sample(match: re.Match) -> str:
    kind = match.group("kind") or "str"
    if kind not in SAMPLES:
        raise AssertionError(f"no sample value for the converter {kind!r}")
    return SAMPLES[kind]


def _urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if ("/" + prefix + str(entry.pattern)).startswith(EXEMPT_PREFIXES):
            continue
        route = prefix + CONVERTER.sub(_sample, _route(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _urls(entry, route)
        elif isinstance(entry, URLPattern):
            yield "/" + route, entry


def _our_urls():
    return sorted({url: entry.lookup_str for url, entry in _urls()}.items())


def test_the_walk_reaches_every_app():
    views = {view for _url, view in _our_urls()}
    for module in (
        "portal.views",
        "partners.views",
        "partners.views_editor",
        "partners.views_invitations",
        "forums.views_events",
        "forums.views_groups",
        "dialogue.views",
        "newsletter.views",
        "foundation.accounts.views",
    ):
        assert any(view.startswith(module + ".") for view in views), module
    assert len(views) > 80


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_view_of_ours_answers_put_patch_or_delete(client, method):
    answered = [
        f"{url} ({view}): {status}"
        for url, view in _our_urls()
        if (status := getattr(client, method)(url).status_code) != 405
    ]
    assert answered == []


@pytest.mark.django_db
def test_a_signed_in_user_gets_405_too(client, django_user_model):
    """The method check does not depend on who asks."""
    sign_in(client, django_user_model.objects.create_user(email="someone@example.org"))
    answered = [
        f"{url}: {status}"
        for url, _view in _our_urls()
        if (status := client.put(url).status_code) != 405
    ]
    assert answered == []


@pytest.mark.django_db
def test_a_405_names_the_methods_the_view_does_use(client):
    response = client.put("/en/newsletters/subscribe/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    response = client.delete("/en/partners/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
