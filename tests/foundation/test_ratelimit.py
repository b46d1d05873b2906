"""The fixed-window limiter (foundation.ratelimit): how many, how long, and what the client reads.

test_client_limits.py checks the limits through the pages that use them;
these tests hold the counting itself on a clock the test sets.
"""

import pytest
from django.core.cache import cache

from foundation import ratelimit
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


class _Clock:
    """Stands for the time module in foundation.ratelimit (the cache keeps the real one)."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    cache.clear()
    clock = _Clock(1_000_000.0)
    monkeypatch.setattr(ratelimit, "time", clock)
    yield clock
    cache.clear()


def _hit(key="203.0.113.7", *, scope="export", limit=3, period=60):
    return ratelimit.hit(scope=scope, key=key, limit=limit, period=period)


def test_the_limit_is_answered_and_the_next_request_told_when_to_come_back(clock):
    assert [_hit() for _ in range(3)] == [None, None, None]
    # The window opened with the first request: 60 s, of which 10 have passed.
    clock.now += 10
    assert _hit() == 51
    clock.now += 30
    assert _hit() == 21


def test_a_request_at_the_very_end_of_the_window_waits_at_least_a_second(clock):
    _hit(limit=1)
    clock.now += 59.5
    assert _hit(limit=1) == 1
    clock.now += 10  # past the window on this clock, the cache's keys not yet expired
    assert _hit(limit=1) == 1


def test_clients_and_scopes_are_counted_apart(clock):
    assert _hit("203.0.113.7", limit=1) is None
    assert _hit("203.0.113.7", limit=1) == 61
    assert _hit("203.0.113.8", limit=1) is None
    assert _hit("203.0.113.7", scope="calendar", limit=1) is None


def test_a_window_that_closes_between_counting_steps_counts_as_the_next_ones_first(
    clock, monkeypatch
):
    real_incr = cache.incr
    expired = []

    def incr_of_a_key_expired_once(key, delta=1):
        if not expired:
            expired.append(key)
            raise ValueError(key)
        return real_incr(key, delta)

    assert _hit(limit=1) is None
    assert _hit(limit=1) == 61
    # The count's key expires between cache.add and cache.incr: incr raises,
    # and this request is the first of a new window.
    monkeypatch.setattr(cache, "incr", incr_of_a_key_expired_once)
    assert _hit(limit=1) is None
    assert expired == ["ratelimit:export:203.0.113.7:count"]
    # The count restarted at 1: one more is within a limit of 2, the next is not.
    assert _hit(limit=2) is None
    assert _hit(limit=2) == 61


def test_the_window_lasts_the_period_in_the_cache(clock, monkeypatch):
    writes = []

    def record(key, value, timeout):
        writes.append((key, timeout))
        return True

    def incr_of_an_expired_key(key, delta=1):
        raise ValueError(key)

    monkeypatch.setattr(cache, "add", record)
    monkeypatch.setattr(cache, "incr", incr_of_an_expired_key)
    monkeypatch.setattr(cache, "set", record)
    assert _hit(period=600) is None
    assert writes == [
        ("ratelimit:export:203.0.113.7:start", 600),
        ("ratelimit:export:203.0.113.7:count", 600),
        ("ratelimit:export:203.0.113.7:count", 600),
    ]


def test_the_refusal_page_says_so_in_the_users_language_with_retry_after(client, settings):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "export": (1, 60)}
    cache.clear()
    assert client.get("/fr/partners/export.csv", REMOTE_ADDR="203.0.113.40").status_code == 200
    refused = client.get("/fr/partners/export.csv", REMOTE_ADDR="203.0.113.40")
    assert refused.status_code == 429
    assert "Trop de requêtes" in refused.content.decode()
    assert refused["Retry-After"] in {"60", "61"}
    cache.clear()


def test_a_refusal_without_a_delay_sends_no_retry_after(rf):
    # allauth's refusals (handler429) give no delay.
    request = rf.get("/en/accounts/login/")
    request.LANGUAGE_CODE = "en"
    response = ratelimit.too_many_requests(request)
    assert response.status_code == 429
    assert "Retry-After" not in response
    assert "Too many requests" in response.content.decode()


def test_a_window_whose_start_was_evicted_still_tells_when_to_come_back(clock):
    # A cache under memory pressure may drop the window's start before its
    # count: the next hit starts the window again, so the refusal waits a
    # whole period rather than failing.
    for _ in range(3):
        assert _hit() is None
    cache.delete("ratelimit:export:203.0.113.7:start")
    assert _hit() == 61


def test_a_signed_in_user_refused_keeps_their_menu_and_the_page_in_other_languages(
    client, settings, editor_a
):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "export": (1, 60)}
    cache.clear()
    sign_in(client, editor_a)
    assert client.get("/fr/partners/export.csv", REMOTE_ADDR="203.0.113.41").status_code == 200
    refused = client.get("/fr/partners/export.csv", REMOTE_ADDR="203.0.113.41")
    page = refused.content.decode()
    assert refused.status_code == 429
    assert "Se déconnecter" in page and "Mon espace" in page
    assert 'href="/en/partners/export.csv" hreflang="en"' in page
    cache.clear()
