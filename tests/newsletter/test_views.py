import datetime
import re
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Delivery, Issue, Subscriber
from tests.conftest import sign_in
from tests.factories import PartnerFactory
from tests.newsletter.factories import DeliveryFactory, IssueFactory, subscribed_contact

pytestmark = pytest.mark.django_db

HOSTILE = ["<script>alert(1)</script>", "x" * 10_000, "a\x00b", "' OR 1=1 --", "2025-13", ""]


def _sent_issue(month=datetime.date(2025, 1, 1), **kwargs):
    return IssueFactory(month=month, status=Issue.Status.SENT, **kwargs)


def test_archive_lists_only_published_issues(client, django_assert_max_num_queries):
    _sent_issue()
    IssueFactory(month=datetime.date(2025, 2, 1))
    # The issues' page, count and the public one-off mailings.
    with django_assert_max_num_queries(4):
        response = client.get("/en/newsletters/")
    assert "January 2025" in response.text
    assert "February 2025" not in response.text
    assert 'href="/en/newsletters/2025-01.pdf"' in response.text


def test_archive_queries_do_not_grow_with_issues(client, django_assert_max_num_queries):
    for month in range(1, 10):
        _sent_issue(month=datetime.date(2024, month, 1))
    with django_assert_max_num_queries(4):
        response = client.get("/fr/newsletters/")
    assert "janvier 2024" in response.text


def test_issue_page_shows_sections_in_language_and_leaves_empty_ones_out(client):
    PartnerFactory(
        name_en="Ocean Literacy Network",
        name_fr="Réseau pour l'océan",
        since=datetime.date(2025, 1, 20),
    )
    _sent_issue()
    french = client.get("/fr/newsletters/2025-01/").text
    assert "Réseau pour l&#x27;océan" in french
    assert "Bienvenue dans la lettre de janvier." in french
    english = client.get("/en/newsletters/2025-01/").text
    assert "New partners" in english
    assert "Actions reported by partners" not in english
    assert "Hearings with Member States" not in english


def test_issue_pdf_is_served_in_the_url_language(client):
    _sent_issue()
    response = client.get("/es/newsletters/2025-01.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "unesco-ngo-newsletter-2025-01-es.pdf" in response["Content-Disposition"]


def test_issue_pdf_whose_file_is_gone_is_not_found_not_a_server_error(client):
    issue = _sent_issue()
    assert client.get("/es/newsletters/2025-01.pdf").status_code == 200
    rendition = issue.renditions.get(language="es")
    rendition.pdf.storage.delete(rendition.pdf.name)
    response = client.get("/es/newsletters/2025-01.pdf")
    assert response.status_code == 404


def test_subscription_needs_confirmation_from_the_email(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/newsletters/subscribe/", {"email": "New.Reader@Example.net", "language": "es"}
        )
    assert "Check your inbox" in response.text
    assert Subscriber.objects.count() == 0
    (message,) = mail.outbox
    assert message.to == ["new.reader@example.net"]
    link = re.search(
        r"https://portal\.example\.org(/es/newsletters/subscribe/confirm/\S+)", message.body
    )
    page = client.get(link[1])
    assert "new.reader@example.net" in page.text
    client.post(link[1])
    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.language) == ("new.reader@example.net", "es")
    assert subscriber.confirmed_at is not None and subscriber.unsubscribed_at is None


@pytest.mark.parametrize(("days", "works"), [(6.9, True), (7.1, False), (400, False)])
def test_confirmation_link_expires_after_seven_days(client, monkeypatch, days, works):
    now = time.time()
    with monkeypatch.context() as past:
        past.setattr(signing.time, "time", lambda: now - days * 24 * 3600)
        token = tokens.make_token("late@example.net", salt=tokens.CONFIRM_SALT)
    url = f"/en/newsletters/subscribe/confirm/{token}/"
    assert client.get(url).status_code == (200 if works else 404)
    assert client.post(url).status_code == (302 if works else 404)
    assert Subscriber.objects.filter(email="late@example.net").exists() is works


def test_subscribe_does_not_reveal_known_addresses(client, django_capture_on_commit_callbacks):
    Subscriber.objects.create(
        email="known@example.net", subscribed_on_site=True, confirmed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(
            "/en/newsletters/subscribe/", {"email": "known@example.net", "language": "en"}
        )
        unknown = client.post(
            "/en/newsletters/subscribe/", {"email": "other@example.net", "language": "en"}
        )
    assert known.text.replace("known", "") == unknown.text.replace("other", "")
    assert [message.to for message in mail.outbox] == [["other@example.net"]]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("field", ["email", "language"])
def test_subscribe_form_survives_hostile_input(client, field, value):
    data = {"email": "ok@example.net", "language": "en", field: value}
    response = client.post("/en/newsletters/subscribe/", data)
    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert 'role="alert"' in response.text
    assert mail.outbox == []


def test_one_click_unsubscribe_works_without_session_or_csrf_token():
    subscribed_contact(email="Leaver@example.org")
    client = Client(enforce_csrf_checks=True)
    token = tokens.make_token("leaver@example.org", salt=tokens.UNSUBSCRIBE_SALT)
    url = f"/fr/newsletters/unsubscribe/{token}/"
    assert client.get(url).status_code == 200
    assert not Subscriber.objects.exists()  # a GET (link scanner) changes nothing
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(email="leaver@example.org").unsubscribed_at is not None


def test_unsubscribe_token_cannot_be_forged_or_reused_for_another_purpose(client):
    other = tokens.make_token("victim@example.org", salt=tokens.PREFERENCES_SALT)
    tampered = tokens.make_token("me@example.org", salt=tokens.UNSUBSCRIBE_SALT)[:-2] + "xx"
    for token in (other, tampered, "victim@example.org", "x" * 600, "%00"):
        response = client.post(f"/en/newsletters/unsubscribe/{token}/")
        assert response.status_code == 404
    assert not Subscriber.objects.exists()


def test_preferences_change_language_and_unsubscribe(client):
    subscribed_contact(email="pref@example.org", preferred_language="en")
    token = tokens.make_token("pref@example.org", salt=tokens.PREFERENCES_SALT)
    url = f"/en/newsletters/preferences/{token}/"
    page = client.get(url)
    assert "pref@example.org" in page.text and "checked" in page.text
    client.post(url, {"language": "fr", "subscribed": "on"})
    from newsletter.selectors import recipient_iter

    assert list(recipient_iter()) == [("pref@example.org", "fr")]
    client.post(url, {"language": "fr"})
    assert list(recipient_iter()) == []
    bad = client.post(url, {"language": "de", "subscribed": "on"})
    assert bad.status_code == 400 and 'role="alert"' in bad.text


def test_secretariat_edits_note_previews_and_approves(
    client, secretariat, django_capture_on_commit_callbacks
):
    subscribed_contact(email="one@example.org", preferred_language="fr")
    issue = IssueFactory()
    sign_in(client, secretariat)
    client.post(
        "/en/newsletters/manage/2025-01/note/",
        {
            "editorial_note_fr": "Note <b>FR</b>",
            "editorial_note_en": "Note EN",
            "editorial_note_es": "Nota ES",
        },
    )
    issue.refresh_from_db()
    assert issue.editorial_note_fr == "Note <b>FR</b>"
    preview = client.get("/fr/newsletters/manage/2025-01/preview/")
    assert "Note &lt;b&gt;FR&lt;/b&gt;" in preview.text
    assert client.get("/es/newsletters/manage/2025-01/preview.pdf").content.startswith(b"%PDF-")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/newsletters/manage/2025-01/approve/", {"recipients": "1"})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert [message.to for message in mail.outbox] == [["one@example.org"]]
    page = client.get("/en/newsletters/manage/2025-01/")
    assert "Sent" in page.text and "Save and continue to sending" not in page.text


def test_note_form_rejects_hostile_input(client, secretariat):
    IssueFactory()
    sign_in(client, secretariat)
    response = client.post(
        "/en/newsletters/manage/2025-01/note/",
        {"editorial_note_fr": "x" * 10_000, "editorial_note_en": "a\x00b", "editorial_note_es": ""},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert Issue.objects.get().editorial_note_en == "Welcome to the January letter."


@pytest.mark.parametrize("month", HOSTILE + ["2025-1", "1999-99"])
def test_build_form_rejects_bad_months(client, secretariat, month):
    sign_in(client, secretariat)
    response = client.post("/en/newsletters/manage/build/", {"month": month})
    assert response.status_code == 400
    assert not Issue.objects.exists()


def test_progress_and_delivery_log(client, secretariat, django_assert_max_num_queries):
    issue = IssueFactory(status=Issue.Status.SENDING)
    DeliveryFactory(issue=issue, email="a@example.org", status="sent", accepted_at=timezone.now())
    DeliveryFactory(
        issue=issue, email="b@example.org", status="failed", last_error="550 no such user"
    )
    DeliveryFactory(issue=issue, email="c@example.org")
    sign_in(client, secretariat)
    page = client.get("/en/newsletters/manage/2025-01/")
    assert re.search(r"Sent</dt><dd class=\"figure\">1<", page.text)
    assert re.search(r"Pending</dt><dd class=\"figure\">1<", page.text)
    # The counts refresh in place every 15 s (htmx), not by reloading the page:
    # a timed page reload is an accessibility failure (WCAG 2.2.1).
    assert 'data-hx-trigger="every 15s"' in page.text
    assert 'http-equiv="refresh"' not in page.text
    with django_assert_max_num_queries(12):
        log = client.get("/en/newsletters/manage/2025-01/deliveries/", {"status": "failed"})
    assert "550 no such user" in log.text and "a@example.org" not in log.text
    for value in HOSTILE:
        assert (
            client.get(
                "/en/newsletters/manage/2025-01/deliveries/", {"status": value, "page": value}
            ).status_code
            == 200
        )
    assert Delivery.objects.count() == 3


def test_dashboard_panel_for_secretariat(client, secretariat):
    IssueFactory()
    sign_in(client, secretariat)
    assert "No issue waits for approval" not in client.get("/en/my/").text
    assert "January 2025" in client.get("/en/my/").text


def test_subscribe_is_rate_limited_per_address_of_origin(client):
    for index in range(10):
        client.post(
            "/en/newsletters/subscribe/", {"email": f"r{index}@example.net", "language": "en"}
        )
    response = client.post(
        "/en/newsletters/subscribe/", {"email": "r@example.net", "language": "en"}
    )
    assert "Too many requests" in response.text


# One form that saves, then asks "Send to N subscribers (fr n / en n / es n)?"


def _three_subscribers():
    subscribed_contact(email="fr1@example.org", preferred_language="fr")
    subscribed_contact(email="fr2@example.org", preferred_language="fr")
    subscribed_contact(email="es1@example.org", preferred_language="es")


def test_saving_the_note_then_asks_to_confirm_the_count(client, secretariat):
    _three_subscribers()
    IssueFactory()
    sign_in(client, secretariat)
    response = client.post(
        "/en/newsletters/manage/2025-01/note/",
        {
            "editorial_note_fr": "Note FR",
            "editorial_note_en": "Unsaved before, saved now",
            "editorial_note_es": "",
            "then": "send",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/newsletters/manage/2025-01/send/"
    assert Issue.objects.get().editorial_note_en == "Unsaved before, saved now"
    assert Issue.objects.get().status == Issue.Status.DRAFT
    page = client.get(response["Location"]).text
    assert "Send to 3 subscribers (fr 2 / en 0 / es 1)?" in page
    assert 'name="recipients" value="3"' in page
    assert "Send me a test copy" in page
    assert mail.outbox == []


def test_approve_without_the_confirmed_count_sends_nothing(client, secretariat):
    _three_subscribers()
    IssueFactory()
    sign_in(client, secretariat)
    response = client.post("/en/newsletters/manage/2025-01/approve/")
    assert response["Location"] == "/en/newsletters/manage/2025-01/send/"
    assert Issue.objects.get().status == Issue.Status.DRAFT


def test_approve_with_a_count_that_changed_sends_nothing(client, secretariat):
    _three_subscribers()
    IssueFactory()
    sign_in(client, secretariat)
    response = client.post("/en/newsletters/manage/2025-01/approve/", {"recipients": "2"})
    assert response["Location"] == "/en/newsletters/manage/2025-01/send/"
    assert Issue.objects.get().status == Issue.Status.DRAFT
    page = client.get(response["Location"]).text
    assert "The number of subscribers changed" in page


@pytest.mark.parametrize("value", ["-1", "abc", "3.5", "9" * 30, "<b>3</b>", "3\x00"])
def test_approve_refuses_hostile_counts(client, secretariat, value):
    _three_subscribers()
    IssueFactory()
    sign_in(client, secretariat)
    response = client.post("/en/newsletters/manage/2025-01/approve/", {"recipients": value})
    assert response.status_code == 302
    assert Issue.objects.get().status == Issue.Status.DRAFT


def test_confirmed_count_sends_to_everyone(client, secretariat, django_capture_on_commit_callbacks):
    _three_subscribers()
    IssueFactory()
    sign_in(client, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/newsletters/manage/2025-01/approve/", {"recipients": "3"})
    assert response["Location"] == "/en/newsletters/manage/2025-01/"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "es1@example.org",
        "fr1@example.org",
        "fr2@example.org",
    ]


def test_test_copy_goes_to_the_member_only_and_changes_nothing(client, secretariat):
    _three_subscribers()
    issue = IssueFactory()
    secretariat.preferred_language = "es"
    secretariat.save()
    sign_in(client, secretariat)
    response = client.post("/en/newsletters/manage/2025-01/test/")
    assert response["Location"] == "/en/newsletters/manage/2025-01/send/"
    assert [message.to for message in mail.outbox] == [[secretariat.email]]
    message = mail.outbox[0]
    assert message.subject.startswith("[Copia de prueba]")
    assert message.extra_headers["Content-Language"] == "es"
    assert "/es/newsletters/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.attachments[0][2] == "application/pdf"
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not Delivery.objects.exists()


def test_send_page_of_an_approved_issue_goes_back_to_the_issue(client, secretariat):
    _sent_issue()
    sign_in(client, secretariat)
    response = client.get("/en/newsletters/manage/2025-01/send/")
    assert response["Location"] == "/en/newsletters/manage/2025-01/"
    response = client.post("/en/newsletters/manage/2025-01/test/")
    assert response["Location"] == "/en/newsletters/manage/2025-01/"
    assert mail.outbox == []
