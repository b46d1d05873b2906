"""newsletter.selectors' audience rules at their edges: accounts that are
closed, audiences that cannot be reached yet (the form's live count before an
event or a committee exists), an unsaved mailing's sectors, the readers'
chosen topics, each address once (and a reader left out not stopping the
others), the registrants' language, and the public archive of mailings."""

import pytest
from django.utils import timezone

from newsletter import selectors
from newsletter.models import Mailing
from tests.factories import (
    ContactFactory,
    DelegateProfileFactory,
    PartnerEditorFactory,
    PartnerFactory,
)
from tests.forums.factories import EventFactory, RegistrationFactory
from tests.newsletter.factories import MAILING_TEXTS, SubscriberFactory, subscribed_contact
from tests.partners.factories import sector_for

pytestmark = pytest.mark.django_db


def _addresses(mailing) -> set[str]:
    return {address for address, _language in selectors.audience_iter(mailing=mailing)}


def test_a_closed_account_receives_no_mailing_to_editors_or_delegates():
    PartnerEditorFactory(user__email="open@example.org")
    PartnerEditorFactory(user__email="closed@example.org", user__is_active=False)
    DelegateProfileFactory(user__email="delegate@example.org", verified_at=timezone.now())
    DelegateProfileFactory(
        user__email="left@example.org", user__is_active=False, verified_at=timezone.now()
    )
    for address in ("open", "closed", "delegate", "left"):
        SubscriberFactory(email=f"{address}@example.org")
    editors = Mailing.objects.create(audience=Mailing.Audience.EDITORS, **MAILING_TEXTS)
    delegates = Mailing.objects.create(audience=Mailing.Audience.DELEGATES, **MAILING_TEXTS)
    assert _addresses(editors) == {"open@example.org"}
    assert _addresses(delegates) == {"delegate@example.org"}


@pytest.mark.parametrize("audience", [Mailing.Audience.EVENT, Mailing.Audience.LIAISON])
def test_the_live_count_of_an_audience_not_reachable_yet_is_zero(audience):
    SubscriberFactory(email="reader@example.org")
    subscribed_contact(email="contact@example.org")
    unsaved = Mailing(audience=audience)  # no event chosen yet; no committee elected
    summary = selectors.audience_summary(mailing=unsaved)
    assert (summary["count"], summary["preview"], summary["by_language"]) == (0, [], {})


def test_an_unsaved_mailing_counts_with_the_sectors_of_its_form_or_none():
    education, culture = sector_for("education"), sector_for("culture")
    teaching = PartnerFactory()
    teaching.sectors.set([education])
    heritage = PartnerFactory()
    heritage.sectors.set([culture])
    subscribed_contact(partner=teaching, email="teaching@example.org")
    subscribed_contact(partner=heritage, email="heritage@example.org")
    form_mailing = Mailing(audience=Mailing.Audience.PARTNER_CONTACTS)
    assert _addresses(form_mailing) == {"teaching@example.org", "heritage@example.org"}
    form_mailing._sector_ids = [culture.pk]
    assert _addresses(form_mailing) == {"heritage@example.org"}
    saved = Mailing.objects.create(audience=Mailing.Audience.PARTNER_CONTACTS, **MAILING_TEXTS)
    saved.sectors.set([education])
    assert _addresses(saved) == {"teaching@example.org"}


def test_a_saved_mailings_sectors_meet_each_readers_chosen_topics():
    education, culture = sector_for("education"), sector_for("culture")
    teaching = PartnerFactory()
    teaching.sectors.set([education])
    subscribed_contact(partner=teaching, email="teacher@example.org")
    subscribed_contact(partner=teaching, email="curator@example.org")
    SubscriberFactory(email="teacher@example.org").topics.set([education])
    SubscriberFactory(email="curator@example.org").topics.set([culture])
    saved = Mailing.objects.create(audience=Mailing.Audience.PARTNER_CONTACTS, **MAILING_TEXTS)
    saved.sectors.set([education])
    assert _addresses(saved) == {"teacher@example.org"}


def test_each_address_once_and_a_reader_left_out_does_not_stop_the_others():
    education, culture = sector_for("education"), sector_for("culture")
    first, second = PartnerFactory(), PartnerFactory()
    first.sectors.set([education])
    second.sectors.set([education])
    # In creation order: an address without the opt-in, a duplicate, an
    # unsubscribed reader and a reader of other topics come before readers who
    # must still receive the mailing.
    ContactFactory(partner=first, email="no-opt-in@example.org", newsletter_opt_in=False)
    subscribed_contact(partner=first, email="Shared@example.org")
    subscribed_contact(partner=second, email="shared@example.org")
    subscribed_contact(partner=first, email="gone@example.org")
    SubscriberFactory(email="gone@example.org", unsubscribed_at=timezone.now())
    subscribed_contact(partner=first, email="curator@example.org")
    SubscriberFactory(email="curator@example.org").topics.set([culture])
    subscribed_contact(partner=second, email="after@example.org")
    mailing = Mailing.objects.create(audience=Mailing.Audience.PARTNER_CONTACTS, **MAILING_TEXTS)
    mailing.sectors.set([education])
    rows = [address for address, _language in selectors.audience_iter(mailing=mailing)]
    assert sorted(rows) == ["after@example.org", "shared@example.org"]


def test_a_registrant_without_a_language_reads_the_default_one():
    event = EventFactory()
    RegistrationFactory(event=event, email="Rep@example.org")
    SubscriberFactory(email="rep@example.org", language="")
    mailing = Mailing.objects.create(audience=Mailing.Audience.EVENT, event=event, **MAILING_TEXTS)
    assert list(selectors.audience_iter(mailing=mailing)) == [("rep@example.org", "en")]


def test_the_public_archive_of_mailings_has_neither_drafts_nor_private_ones():
    shown = Mailing.objects.create(public=True, status=Mailing.Status.SENT, **MAILING_TEXTS)
    Mailing.objects.create(public=True, status=Mailing.Status.DRAFT, **MAILING_TEXTS)
    Mailing.objects.create(public=False, status=Mailing.Status.SENT, **MAILING_TEXTS)
    assert list(selectors.mailing_list_public()) == [shown]
