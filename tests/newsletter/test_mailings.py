"""One-off mailings: audiences (who, and nobody else), the live count and
preview (the Secretariat's only), topics and language preferences, approval,
exactly-once sending through the deliveries, and hostile input."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from foundation.mail import outbox
from newsletter import delivery, selectors, services, tokens
from newsletter.models import Delivery, Mailing, Subscriber
from tests.conftest import sign_in
from tests.factories import (
    ContactFactory,
    DelegateProfileFactory,
    PartnerEditorFactory,
    PartnerFactory,
    sector_for,
)
from tests.forums.factories import CommitteeTermFactory, EventFactory, RegistrationFactory
from tests.newsletter.factories import MAILING_TEXTS, SubscriberFactory, subscribed_contact

pytestmark = pytest.mark.django_db


def _mailing(**kwargs) -> Mailing:
    sectors = kwargs.pop("sectors", [])
    mailing = Mailing.objects.create(**(MAILING_TEXTS | kwargs))
    mailing.sectors.set(sectors)
    return mailing


def _addresses(mailing) -> dict[str, str]:
    return dict(selectors.audience_iter(mailing=mailing))


# Audiences ------------------------------------------------------------------------------


def test_partner_contacts_by_status_sector_region_and_country():
    education, culture = sector_for("education"), sector_for("culture")
    official = PartnerFactory(status="consultative", country="FR")
    official.sectors.set([education])
    associate = PartnerFactory(status="associate", country="SN")
    associate.sectors.set([culture])
    hidden = PartnerFactory(status="consultative", country="FR", published=False)
    subscribed_contact(partner=official, email="fr@example.org", preferred_language="fr")
    subscribed_contact(partner=associate, email="sn@example.org", preferred_language="es")
    subscribed_contact(partner=hidden, email="hidden@example.org")

    everyone = _mailing(audience="partner_contacts")
    assert _addresses(everyone) == {"fr@example.org": "fr", "sn@example.org": "es"}
    assert set(_addresses(_mailing(audience="partner_contacts", partner_status="associate"))) == {
        "sn@example.org"
    }
    assert set(_addresses(_mailing(audience="partner_contacts", sectors=[education]))) == {
        "fr@example.org"
    }
    assert set(_addresses(_mailing(audience="partner_contacts", region="africa"))) == {
        "sn@example.org"
    }
    assert set(_addresses(_mailing(audience="partner_contacts", country="FR"))) == {
        "fr@example.org"
    }


def test_editors_delegates_liaison_and_event_registrants():
    member, other = PartnerFactory(), PartnerFactory()
    PartnerEditorFactory(partner=member, user__email="ed-member@example.org")
    PartnerEditorFactory(partner=other, user__email="ed-other@example.org")
    subscribed_contact(partner=member, email="contact-member@example.org")
    DelegateProfileFactory(user__email="verified@example.org", verified_at=timezone.now())
    DelegateProfileFactory(user__email="unverified@example.org")
    term = CommitteeTermFactory(
        start_date=datetime.date(2000, 1, 1), end_date=datetime.date(2100, 1, 1)
    )
    term.members.add(member)
    event = EventFactory()
    RegistrationFactory(event=event, email="Rep@Example.org")
    RegistrationFactory(email="elsewhere@example.org")
    # Every audience respects the newsletter opt-in: these people subscribed.
    for address in (
        "ed-member@example.org",
        "ed-other@example.org",
        "verified@example.org",
        "unverified@example.org",
        "rep@example.org",
        "elsewhere@example.org",
    ):
        SubscriberFactory(email=address, language="en")

    assert set(_addresses(_mailing(audience="editors"))) == {
        "ed-member@example.org",
        "ed-other@example.org",
    }
    assert set(_addresses(_mailing(audience="delegates"))) == {"verified@example.org"}
    assert set(_addresses(_mailing(audience="liaison"))) == {
        "ed-member@example.org",
        "contact-member@example.org",
    }
    assert set(_addresses(_mailing(audience="event", event=event))) == {"rep@example.org"}


def test_unsubscribed_suppressed_and_other_topics_are_left_out_and_language_chosen_wins():
    education, culture = sector_for("education"), sector_for("culture")
    partner = PartnerFactory()
    partner.sectors.set([education])
    for address in (
        "a@example.org",
        "gone@example.org",
        "bounced@example.org",
        "culture@example.org",
    ):
        subscribed_contact(partner=partner, email=address, preferred_language="en")
    SubscriberFactory(email="gone@example.org", unsubscribed_at=timezone.now())
    outbox.suppress("bounced@example.org", reason="550")
    culture_only = SubscriberFactory(email="culture@example.org", language="es")
    culture_only.topics.set([culture])
    SubscriberFactory(email="a@example.org", language="fr", subscribed_on_site=False)

    about_education = _mailing(audience="partner_contacts", sectors=[education])
    assert _addresses(about_education) == {"a@example.org": "fr"}
    about_nothing = _mailing(audience="partner_contacts")
    assert _addresses(about_nothing) == {"a@example.org": "fr", "culture@example.org": "es"}


def test_every_audience_respects_the_newsletter_opt_in_by_default():
    member = PartnerFactory()
    subscribed_contact(partner=member, email="opted@example.org")
    ContactFactory(partner=member, email="not-opted@example.org", newsletter_opt_in=False)
    PartnerEditorFactory(partner=member, user__email="editor@example.org")
    DelegateProfileFactory(user__email="delegate@example.org", verified_at=timezone.now())
    event = EventFactory()
    RegistrationFactory(event=event, email="registrant@example.org")
    SubscriberFactory(email="unconfirmed@example.org", confirmed_at=None)
    RegistrationFactory(event=event, email="unconfirmed@example.org")
    term = CommitteeTermFactory(
        start_date=datetime.date(2000, 1, 1), end_date=datetime.date(2100, 1, 1)
    )
    term.members.add(member)

    assert set(_addresses(_mailing(audience="partner_contacts"))) == {"opted@example.org"}
    assert set(_addresses(_mailing(audience="liaison"))) == {"opted@example.org"}
    assert _addresses(_mailing(audience="editors")) == {}
    assert _addresses(_mailing(audience="delegates")) == {}
    assert _addresses(_mailing(audience="event", event=event)) == {}
    # An official notice flag on an audience that is not the partners' does nothing.
    assert _addresses(_mailing(audience="editors", official_notice=True)) == {}


def test_official_notice_reaches_partner_contacts_without_opt_in_never_unsubscribed_or_suppressed():
    education, culture = sector_for("education"), sector_for("culture")
    member = PartnerFactory()
    member.sectors.set([education])
    subscribed_contact(partner=member, email="opted@example.org", preferred_language="fr")
    for address in ("quiet@example.org", "left@example.org", "bounced@example.org"):
        ContactFactory(
            partner=member, email=address, newsletter_opt_in=False, preferred_language="es"
        )
    SubscriberFactory(email="left@example.org", unsubscribed_at=timezone.now())
    outbox.suppress("bounced@example.org", reason="550")
    # Chose other topics: a notice is not a topic.
    SubscriberFactory(email="opted@example.org", language="en").topics.set([culture])

    notice = _mailing(audience="partner_contacts", official_notice=True, sectors=[education])
    assert _addresses(notice) == {"opted@example.org": "en", "quiet@example.org": "es"}
    summary = selectors.audience_summary(mailing=notice)
    assert summary["official_notice"] and summary["count"] == 2
    assert summary["without_opt_in"] == 1
    ordinary = _mailing(audience="partner_contacts", sectors=[education])
    assert _addresses(ordinary) == {}
    assert selectors.audience_summary(mailing=ordinary)["official_notice"] is False


def test_official_notice_is_shown_in_the_count_and_at_approval(client, secretariat):
    member = PartnerFactory()
    subscribed_contact(partner=member, email="opted@example.org")
    ContactFactory(partner=member, email="quiet@example.org", newsletter_opt_in=False)
    sign_in(client, secretariat)
    live = client.get(
        "/en/newsletters/manage/mailings/audience/"
        "?audience=partner_contacts&official_notice=on&fragment=1"
    )
    text = live.content.decode()
    assert "quiet@example.org" in text and "Official notice to partners." in text
    assert "1 of these recipients has not opted in" in text
    plain = client.get(
        "/en/newsletters/manage/mailings/audience/?audience=partner_contacts&fragment=1"
    ).content.decode()
    assert "quiet@example.org" not in plain and "opted in or subscribed" in plain

    response = client.post(
        "/en/newsletters/manage/mailings/new/",
        MAILING_TEXTS | {"audience": "partner_contacts", "official_notice": "on"},
    )
    mailing = Mailing.objects.get()
    assert response.status_code == 302 and mailing.official_notice
    page = client.get(f"/en/newsletters/manage/mailings/{mailing.pk}/").content.decode()
    assert "You approve an official notice to partners" in page
    assert "1 contact who did not opt in" in page
    assert "Approve and send the official notice" in page


def test_official_notice_is_refused_for_audiences_other_than_partners(client, secretariat):
    sign_in(client, secretariat)
    response = client.post(
        "/en/newsletters/manage/mailings/new/",
        MAILING_TEXTS | {"audience": "delegates", "official_notice": "on"},
    )
    assert response.status_code == 400
    assert "can be an official notice" in response.content.decode()
    assert not Mailing.objects.exists()


# Sending ---------------------------------------------------------------------------------


def test_approved_mailing_reaches_each_address_once_in_its_language_with_its_pdf(
    secretariat, private_storage_dir
):
    partner = PartnerFactory()
    for index, language in enumerate(["fr", "en", "es"]):
        subscribed_contact(
            partner=partner, email=f"c{index}@example.org", preferred_language=language
        )
    subscribed_contact(email="C0@example.org")  # the same person, on another partner
    mailing = services.mailing_save(
        mailing=None,
        data=MAILING_TEXTS | {"audience": "partner_contacts", "public": True},
        pdf=SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%mailing\n", content_type="application/pdf"),
    )
    services.mailing_approve(mailing=mailing, approved_by=secretariat)
    # Eager Celery: approval queued send_mailing after commit; run the drain as a worker would.
    services.mailing_prepare_sending(mailing=Mailing.objects.get(pk=mailing.pk))
    delivery.deliveries_drain(mailing_id=mailing.pk)
    delivery.deliveries_drain(mailing_id=mailing.pk)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == ["c0@example.org", "c1@example.org", "c2@example.org"]
    assert len(mail.outbox) == 3
    assert by_address["c0@example.org"].subject == "subject fr"
    assert "body es" in by_address["c2@example.org"].body
    assert by_address["c1@example.org"].attachments[0][1].startswith(b"%PDF")
    row = Delivery.objects.get(mailing=mailing, email="c1@example.org")
    assert by_address["c1@example.org"].from_email == outbox.return_path(f"n{row.pk}")
    assert Mailing.objects.get(pk=mailing.pk).status == "sent"


def test_a_mailing_cannot_be_approved_without_its_three_languages(secretariat):
    from django.core.exceptions import ValidationError

    mailing = _mailing(audience="subscribers", subject_es="", body_es="")
    with pytest.raises(ValidationError):
        services.mailing_approve(mailing=mailing, approved_by=secretariat)


# Pages -------------------------------------------------------------------------------------


def test_secretariat_writes_a_mailing_and_sees_the_audience_count_and_preview(client, secretariat):
    subscribed_contact(email="first@example.org")
    sign_in(client, secretariat)
    response = client.post(
        "/en/newsletters/manage/mailings/new/", MAILING_TEXTS | {"audience": "partner_contacts"}
    )
    mailing = Mailing.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/mailings/{mailing.pk}/")
    page = client.get(f"/en/newsletters/manage/mailings/{mailing.pk}/")
    assert b"first@example.org" in page.content and b"1 recipient" in page.content
    live = client.get(
        "/en/newsletters/manage/mailings/audience/?audience=partner_contacts&fragment=1"
    )
    assert b"first@example.org" in live.content
    assert live["Cache-Control"] == "private, no-store"


def test_an_editor_never_sees_an_audience(client, editor_a):
    subscribed_contact(email="private@example.org")
    sign_in(client, editor_a)
    response = client.get("/en/newsletters/manage/mailings/audience/?audience=partner_contacts")
    assert response.status_code == 403
    assert b"private@example.org" not in response.content


def test_public_mailing_is_archived_private_one_is_not(client):
    public = _mailing(audience="delegates", public=True, status="sent")
    private = _mailing(audience="delegates", status="sent")
    assert client.get(f"/en/newsletters/mailings/{public.pk}/").status_code == 200
    assert client.get(f"/en/newsletters/mailings/{private.pk}/").status_code == 404
    archive = client.get("/en/newsletters/").text
    assert f"/en/newsletters/mailings/{public.pk}/" in archive
    assert f"/en/newsletters/mailings/{private.pk}/" not in archive


HOSTILE = [
    ({"subject_en": "Line one\r\nBcc: victim@example.org"}, "subject_en"),
    ({"subject_fr": "x" * 201}, "subject_fr"),
    ({"body_es": "nul\x00byte"}, "body_es"),
    ({"audience": "everyone-in-the-database"}, "audience"),
    ({"audience": "event"}, "event"),
    ({"event": "not-a-number", "audience": "event"}, "event"),
    ({"country": "XX"}, "country"),
    ({"region": "atlantis"}, "region"),
    ({"partner_status": "'; DROP TABLE partners_partner; --"}, "partner_status"),
    ({"sectors": ["999999"]}, "sectors"),
]


@pytest.mark.parametrize(("change", "field"), HOSTILE)
def test_hostile_mailing_input_is_refused_with_the_field_named(client, secretariat, change, field):
    sign_in(client, secretariat)
    data = MAILING_TEXTS | {"audience": "subscribers"} | change
    response = client.post("/en/newsletters/manage/mailings/new/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Mailing.objects.exists()


def test_a_pdf_that_is_not_one_is_refused(client, secretariat, private_storage_dir):
    sign_in(client, secretariat)
    fake = SimpleUploadedFile(
        "convocation.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(
        "/en/newsletters/manage/mailings/new/",
        MAILING_TEXTS | {"audience": "subscribers", "pdf": fake},
    )
    assert response.status_code == 400 and "pdf" in response.context["form"].errors
    assert not Mailing.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "audience=nope",
        "audience=event&event=abc",
        "country=%00",
        "sectors=1e9",
        "region=" + "x" * 5000,
    ],
)
def test_hostile_audience_queries_do_not_crash(client, secretariat, query):
    sign_in(client, secretariat)
    response = client.get(f"/en/newsletters/manage/mailings/audience/?{query}")
    assert response.status_code == 200


def test_approved_mailing_cannot_be_edited(client, secretariat):
    mailing = _mailing(audience="subscribers", status="sending")
    sign_in(client, secretariat)
    response = client.post(
        f"/en/newsletters/manage/mailings/{mailing.pk}/edit/",
        MAILING_TEXTS | {"audience": "subscribers", "subject_en": "Changed"},
    )
    assert response.status_code == 302
    assert Mailing.objects.get(pk=mailing.pk).subject_en == "subject en"


# Preferences and suppression pages ------------------------------------------------------------


def test_preferences_page_saves_topics(client):
    education = sector_for("education")
    subscribed_contact(email="reader@example.org")
    token = tokens.make_token("reader@example.org", salt=tokens.PREFERENCES_SALT)
    response = client.post(
        f"/en/newsletters/preferences/{token}/",
        {"language": "es", "subscribed": "on", "topics": [education.pk]},
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.language == "es"
    assert list(subscriber.topics.all()) == [education]
    hostile = client.post(
        f"/en/newsletters/preferences/{token}/", {"language": "es", "topics": ["x", "-1"]}
    )
    assert hostile.status_code == 400 and "topics" in hostile.context["form"].errors


def test_secretariat_lists_suppressed_addresses_with_reason_and_reinstates(client, secretariat):
    suppression = outbox.suppress("bounced@example.net", reason="550 5.1.1 User unknown")
    sign_in(client, secretariat)
    page = client.get("/en/newsletters/manage/suppressed/?q=bounced")
    assert b"bounced@example.net" in page.content and b"550 5.1.1 User unknown" in page.content
    assert (
        b"bounced@example.net"
        not in client.get("/en/newsletters/manage/suppressed/?q=other").content
    )
    for query in ("q=%00", "q=" + "x" * 300, "page=-1", "page=abc"):
        assert client.get(f"/en/newsletters/manage/suppressed/?{query}").status_code == 200
    response = client.post(f"/en/newsletters/manage/suppressed/{suppression.pk}/reinstate/")
    assert response.status_code == 302
    assert not outbox.is_suppressed("bounced@example.net")
    assert (
        client.post(f"/en/newsletters/manage/suppressed/{suppression.pk}/reinstate/").status_code
        == 404
    )
