"""The shared cache of anonymous public pages (foundation/public_cache.py):
each kind of public change shows on the next anonymous request, a signed-in
user or a session is never served a cached page, languages never mix, and
hostile query strings are keys like any other."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from dialogue.models import State
from forums.models import Event
from foundation import public_cache
from newsletter.models import Issue
from partners.models import StatusChange
from tests.conftest import sign_in
from tests.dialogue.factories import DialogueRequestFactory
from tests.forums.factories import EventFactory, WorkingGroupFactory
from tests.newsletter.factories import IssueFactory
from tests.partners.factories import ActionFactory, DelegateFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, **headers)


def test_it_serves_the_second_anonymous_request_from_the_cache(client):
    PartnerFactory(name_en="Cached Alliance")
    first = get(client, "/en/partners/")
    second = get(client, "/en/partners/")
    assert first["X-Public-Cache"] == "miss"
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert "Cached Alliance" in second.content.decode()
    assert "public" in second["Cache-Control"] and "s-maxage=30" in second["Cache-Control"]
    assert "max-age=0" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]
    assert second["ETag"] and second["Last-Modified"]


def test_it_answers_a_conditional_request_with_304(client):
    PartnerFactory()
    first = get(client, "/en/partners/")
    by_etag = get(client, "/en/partners/", HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = get(client, "/en/partners/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304


def test_it_answers_200_to_a_stale_conditional_request(client):
    partner = PartnerFactory()
    first = get(client, "/en/partners/")
    partner.name_en = "Renamed Alliance"
    partner.save()
    again = get(client, "/en/partners/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Renamed Alliance" in again.content.decode()


def _warm(client, *urls):
    for url in urls:
        assert get(client, url).status_code == 200
    for url in urls:
        assert get(client, url)["X-Public-Cache"] == "hit", url


def test_a_partner_saved_shows_on_the_directory_profile_and_home(client):
    partner = PartnerFactory(name_en="Before Alliance", slug="before")
    urls = ["/en/partners/", "/en/partners/before/", "/en/", "/en/statistics/"]
    _warm(client, *urls)
    partner.name_en = "After Alliance"
    partner.save()
    for url in urls[:2]:
        response = get(client, url)
        assert response["X-Public-Cache"] == "miss"
        assert "After Alliance" in response.content.decode()
    assert get(client, "/en/")["X-Public-Cache"] == "miss"


def test_a_status_change_shows_on_the_statistics(client):
    partner = PartnerFactory(slug="p1")
    _warm(client, "/en/statistics/")
    StatusChange.objects.create(
        partner=partner,
        kind=StatusChange.Kind.ADMISSION,
        status="consultative",
        decided_on=datetime.date(2019, 5, 1),
        reference="DG/1",
    )
    response = get(client, "/en/statistics/")
    assert response["X-Public-Cache"] == "miss"
    assert "2019" in response.content.decode()


def test_a_delegate_added_shows_on_the_profile_and_map(client):
    partner = PartnerFactory(slug="p2")
    _warm(client, "/en/partners/p2/", "/en/statistics/?map=delegates")
    DelegateFactory(partner=partner, country="KE")
    assert "Kenya" in get(client, "/en/partners/p2/").content.decode()
    assert "Kenya" in get(client, "/en/statistics/?map=delegates").content.decode()


def test_an_action_shows_on_the_home_page_but_leaves_the_directory_cached(client):
    partner = PartnerFactory()
    _warm(client, "/en/", "/en/partners/")
    ActionFactory(partner=partner, title_en="Literacy caravan")
    assert "Literacy caravan" in get(client, "/en/").content.decode()
    assert get(client, "/en/partners/")["X-Public-Cache"] == "hit"


def test_an_event_shows_on_the_forums_list_and_statistics(client):
    PartnerFactory()
    _warm(client, "/en/forums/", "/en/partners/")
    EventFactory(title_en="Forum of the cache", published=True)
    assert "Forum of the cache" in get(client, "/en/forums/").content.decode()
    assert get(client, "/en/partners/")["X-Public-Cache"] == "hit"


def test_a_working_group_shows_on_its_list(client):
    _warm(client, "/en/working-groups/")
    WorkingGroupFactory(name_en="Group of the cache")
    assert "Group of the cache" in get(client, "/en/working-groups/").content.decode()


def test_a_hearing_scheduled_shows_on_the_dialogue_page(client):
    _warm(client, "/en/dialogue/")
    DialogueRequestFactory(
        theme_en="Hearing of the cache",
        state=State.SCHEDULED,
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
    )
    assert "Hearing of the cache" in get(client, "/en/dialogue/").content.decode()


def test_a_newsletter_published_shows_in_the_archive(client):
    issue = IssueFactory(month=datetime.date(2025, 2, 1), status=Issue.Status.DRAFT)
    _warm(client, "/en/newsletters/", "/en/partners/")
    issue.status = Issue.Status.SENT
    issue.save()
    assert get(client, "/en/newsletters/")["X-Public-Cache"] == "miss"
    assert "2025" in get(client, "/en/newsletters/").content.decode()
    assert get(client, "/en/partners/")["X-Public-Cache"] == "hit"


def test_a_change_made_with_update_invalidates_through_the_service_hook(client):
    issue = IssueFactory(month=datetime.date(2025, 3, 1), status=Issue.Status.SENT)
    _warm(client, "/en/newsletters/")
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    from newsletter.public_cache import issues_changed

    issues_changed()
    assert get(client, "/en/newsletters/")["X-Public-Cache"] == "miss"


def test_invalidation_happens_again_after_the_commit(client, django_capture_on_commit_callbacks):
    PartnerFactory()
    _warm(client, "/en/partners/")
    with django_capture_on_commit_callbacks() as callbacks:
        public_cache.invalidate("partners")
    # A visitor's request between the change and the commit caches the page…
    get(client, "/en/partners/")
    assert get(client, "/en/partners/")["X-Public-Cache"] == "hit"
    # …which the bump after the commit makes stale again.
    for callback in callbacks:
        callback()
    assert get(client, "/en/partners/")["X-Public-Cache"] == "miss"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_change_leaves_the_page_as_it_was(client):
    PartnerFactory(name_en="Committed Alliance")
    _warm(client, "/en/partners/")
    with pytest.raises(RuntimeError), transaction.atomic():
        PartnerFactory(name_en="Rolled back Alliance")
        raise RuntimeError
    body = get(client, "/en/partners/").content.decode()
    assert "Committed Alliance" in body and "Rolled back Alliance" not in body


def test_a_signed_in_user_is_never_served_a_cached_page(client, editor_a):
    PartnerFactory()
    _warm(client, "/en/partners/", "/en/")
    sign_in(client, editor_a)
    for url in ("/en/partners/", "/en/"):
        response = get(client, url)
        assert "X-Public-Cache" not in response
        assert "no-store" in response["Cache-Control"]
        assert "Sign out" in response.content.decode()


def test_a_request_with_a_session_cookie_is_not_cached(client, settings):
    PartnerFactory()
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever"
    get(client, "/en/partners/")
    response = get(client, "/en/partners/")
    assert "X-Public-Cache" not in response
    client.cookies.pop(settings.SESSION_COOKIE_NAME)
    assert get(client, "/en/partners/")["X-Public-Cache"] == "miss"


def test_post_is_never_answered_from_the_cache(client):
    _warm(client, "/en/partners/")
    assert client.post("/en/partners/").status_code == 405


def test_languages_never_mix(client):
    PartnerFactory()
    english = get(client, "/en/partners/")
    french = get(client, "/fr/partners/")
    spanish = get(client, "/es/partners/")
    assert french["X-Public-Cache"] == "miss" and spanish["X-Public-Cache"] == "miss"
    assert '<html lang="fr"' in get(client, "/fr/partners/").content.decode()
    assert '<html lang="es"' in get(client, "/es/partners/").content.decode()
    assert '<html lang="en"' in get(client, "/en/partners/").content.decode()
    assert len({english.content, french.content, spanish.content}) == 3


def test_the_api_keys_its_language_apart(client):
    PartnerFactory()
    english = client.get("/api/v1/statistics/", HTTP_ACCEPT_LANGUAGE="en")
    french = client.get("/api/v1/statistics/", HTTP_ACCEPT_LANGUAGE="fr")
    assert english.json()["status"]["title"] == "Partners by status"
    assert french.json()["status"]["title"] != english.json()["status"]["title"]


def test_the_htmx_fragment_and_the_page_are_kept_apart(client):
    PartnerFactory()
    page = get(client, "/en/partners/")
    fragment = get(client, "/en/partners/", HTTP_HX_REQUEST="true")
    assert fragment["X-Public-Cache"] == "miss"
    assert b"<html" in page.content and b"<html" not in fragment.content


@pytest.mark.parametrize(
    "query",
    [
        "?q=%00%01",
        "?q=" + "x" * 5000,
        "?country=%3Cscript%3E",
        "?page=-1&page=99999999999999999999",
        "?q=%F0%9F%92%A5&sector=education&sector=nonsense",
        "?map=%27%22%3E%3Csvg%20onload%3Dalert(1)%3E",
    ],
)
def test_hostile_query_strings_are_cached_apart_and_never_echoed_raw(client, query):
    PartnerFactory()
    for path in ("/en/partners/", "/en/statistics/"):
        first = get(client, path + query)
        assert first.status_code == 200
        body = first.content.decode()
        assert "<script>" not in body and "onload=alert" not in body
        assert get(client, path + query)["X-Public-Cache"] == "hit"
    assert get(client, "/en/partners/")["X-Public-Cache"] == "miss"


def test_an_error_page_is_not_cached(client):
    assert get(client, "/en/partners/no-such-partner/").status_code == 404
    assert "X-Public-Cache" not in get(client, "/en/partners/no-such-partner/")


def test_a_cache_hit_costs_no_query(client, django_assert_num_queries):
    PartnerFactory()
    get(client, "/en/partners/")
    with django_assert_num_queries(0):
        assert get(client, "/en/partners/")["X-Public-Cache"] == "hit"


def test_unpublished_events_stay_out_of_the_cache_key_space(client):
    event = EventFactory(published=False)
    assert get(client, f"/en/forums/{event.slug}/").status_code == 404
    event.published = True
    event.state = Event.State.ANNOUNCED
    event.save()
    assert get(client, f"/en/forums/{event.slug}/").status_code == 200


def test_it_serves_gzip_to_who_accepts_it_with_its_own_validator(client):
    import gzip

    PartnerFactory(name_en="Compressed Alliance")
    plain = get(client, "/en/partners/")
    packed = get(client, "/en/partners/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"]
    assert packed["ETag"] != plain["ETag"]
    again = get(
        client, "/en/partners/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=packed["ETag"]
    )
    assert again.status_code == 304


def test_api_answers_from_the_cache_are_still_throttled(client, settings):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "api": (3, 60)}
    answers = [client.get("/api/v1/statistics/", REMOTE_ADDR="203.0.113.30") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[1]["X-Public-Cache"] == "hit"
    assert "detail" in answers[3].json() and int(answers[3]["Retry-After"]) >= 1


def test_listeners_hear_every_invalidation_with_its_namespaces(monkeypatch):
    """What is derived from public data besides pages (the open-data dump)
    follows the same invalidations through ``on_invalidate``."""
    heard = []
    monkeypatch.setattr(public_cache, "_LISTENERS", list(public_cache._LISTENERS))
    public_cache.on_invalidate(lambda namespaces, using=None: heard.append(namespaces))
    PartnerFactory()
    public_cache.invalidate("events", "hearings")
    assert ("partners",) in heard
    assert heard[-1] == ("events", "hearings")
