"""Bounce-mailbox messages left for a person: the Secretariat's list and page,
marking one handled, classifying one by hand (the normal suppression rule
follows), query counts and hostile input. Who may see them: the permission
matrix (tests/newsletter/permission_rows.py)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from foundation.mail import bounces, outbox
from foundation.mail.models import Bounce
from newsletter import services
from newsletter.models import Delivery
from tests.conftest import sign_in
from tests.newsletter.factories import DeliveryFactory
from tests.newsletter.test_bounces import _message

pytestmark = pytest.mark.django_db

LIST = "/en/newsletters/manage/bounces/"


def _recorded(name: str, *, rcpt: str, key: str) -> Bounce:
    row = Delivery.objects.filter(email=rcpt).first() or DeliveryFactory(email=rcpt)
    raw = _message(name, rcpt=rcpt, reference=f"n{row.pk}", key=key)
    return bounces.record(bounces.classify(raw))


@pytest.fixture
def away():
    return _recorded("out-of-office.eml", rcpt="away@example.net", key="away")


def test_auto_reply_is_recorded_with_sender_and_text_for_the_person(away):
    assert away.kind == "auto_reply" and away.handled_at is None
    assert away.sender == "away@example.net"
    assert "fuera de la oficina" in away.excerpt
    assert away.email == ""  # it never counts


def test_secretariat_lists_and_reads_messages_left_for_a_person(
    client, secretariat, away, django_assert_max_num_queries
):
    unknown = _recorded("malformed.eml", rcpt="odd@example.net", key="odd")
    counted = _recorded("postfix.eml", rcpt="gone@example.net", key="gone")
    sign_in(client, secretariat)
    cache.clear()
    with django_assert_max_num_queries(12):
        page = client.get(LIST)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Respuesta automática" in text and "away@example.net" in text
    assert "automatic reply" in text and "not recognised" in text
    assert f"/manage/bounces/{unknown.pk}/" in text
    assert f"/manage/bounces/{counted.pk}/" not in text  # a recognised bounce is not for review
    # The delivery it concerns, from the signed return path.
    assert "2025-01" in text

    for _ in range(30):
        _recorded("out-of-office.eml", rcpt=f"a{_}@example.net", key=f"many{_}")
    with django_assert_max_num_queries(12):  # not one query per row
        assert client.get(LIST).status_code == 200

    detail = client.get(f"{LIST}{away.pk}/")
    assert detail.status_code == 200
    assert "Estoy fuera de la oficina" in detail.content.decode()
    assert client.get(f"{LIST}{counted.pk}/").status_code == 404


def test_marking_handled_takes_it_off_the_list(client, secretariat, away):
    sign_in(client, secretariat)
    response = client.post(f"{LIST}{away.pk}/handled/")
    assert response.status_code == 302 and response["Location"] == LIST
    away.refresh_from_db()
    assert away.handled_at is not None and away.handled_by == "secretariat@example.org"
    assert away.kind == "auto_reply"
    assert f"/manage/bounces/{away.pk}/" not in client.get(LIST).content.decode()
    assert f"/manage/bounces/{away.pk}/" in client.get(f"{LIST}?state=handled").content.decode()
    # Twice: said, not an error, nothing changes.
    assert client.post(f"{LIST}{away.pk}/handled/").status_code == 302
    assert not outbox.is_suppressed("away@example.net")


def test_classified_as_hard_bounce_the_address_is_suppressed(client, secretariat, away):
    sign_in(client, secretariat)
    response = client.post(
        f"{LIST}{away.pk}/classify/", {"kind": "hard", "email": "Away@Example.net"}
    )
    assert response.status_code == 302
    away.refresh_from_db()
    assert (away.kind, away.email, away.classified_by) == (
        "hard",
        "away@example.net",
        "secretariat@example.org",
    )
    assert outbox.is_suppressed("away@example.net")
    # Done once: a second classification is refused, the page says so.
    again = client.post(f"{LIST}{away.pk}/classify/", {"kind": "soft", "email": "x@example.net"})
    assert again.status_code == 400
    assert "already been handled" in again.content.decode()
    away.refresh_from_db()
    assert away.kind == "hard"


def test_classified_as_soft_bounce_it_counts_towards_the_limit(client, secretariat):
    sign_in(client, secretariat)
    for index in range(bounces.SOFT_LIMIT):
        message = _recorded("out-of-office.eml", rcpt="full@example.net", key=f"full{index}")
        assert not outbox.is_suppressed("full@example.net")
        client.post(f"{LIST}{message.pk}/classify/", {"kind": "soft", "email": "full@example.net"})
    assert outbox.is_suppressed("full@example.net")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "auto_reply", "email": "away@example.net"},
        {"kind": "hard", "email": "not an address"},
        {"kind": "hard", "email": "a\x00b@example.net"},
        {"kind": "hard", "email": "x" * 300 + "@example.net"},
        {"kind": ["hard", "soft"], "email": ""},
    ],
)
def test_hostile_classification_is_refused_with_the_field_named(client, secretariat, away, data):
    sign_in(client, secretariat)
    response = client.post(f"{LIST}{away.pk}/classify/", data)
    assert response.status_code == 400
    assert response.context["form"].errors
    away.refresh_from_db()
    assert away.kind == "auto_reply" and away.handled_at is None
    assert not outbox.is_suppressed("away@example.net")


@pytest.mark.parametrize(
    "query", ["state=nope", "state=%00", "page=-1", "page=abc", "page=99999", "state=" + "x" * 500]
)
def test_hostile_list_queries_do_not_crash(client, secretariat, away, query):
    sign_in(client, secretariat)
    assert client.get(f"{LIST}?{query}").status_code == 200


def test_unknown_or_counted_bounces_are_404(client, secretariat):
    sign_in(client, secretariat)
    for path in (f"{LIST}999999/", f"{LIST}999999/handled/", f"{LIST}999999/classify/"):
        method = client.get if path.endswith("999999/") else client.post
        assert method(path).status_code == 404


def test_the_service_refuses_a_second_classification_in_words(away, secretariat):
    services.bounce_classify(bounce=away, kind="hard", email="away@example.net", by=secretariat)
    with pytest.raises(ValidationError) as refused:
        services.bounce_classify(bounce=away, kind="soft", email="x@example.net", by=secretariat)
    assert refused.value.messages == ["This message has already been handled."]
    assert services.bounce_mark_handled(bounce=away, by=secretariat) is False
