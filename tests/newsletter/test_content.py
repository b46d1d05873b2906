import datetime

import pytest
from django.utils import timezone, translation

from newsletter.selectors import issue_content
from partners.services import partner_set_status
from tests.factories import ActionFactory, PartnerFactory
from tests.forums.factories import DocumentFactory, EventFactory
from tests.newsletter.factories import IssueFactory

pytestmark = pytest.mark.django_db


def _sections(issue, language="en"):
    with translation.override(language):
        return {section.key: section for section in issue_content(issue=issue)}


def test_month_content_gathers_every_app_and_leaves_empty_sections_out():
    partner = PartnerFactory(name_en="Newcomer NGO", since=datetime.date(2025, 1, 5))
    older = PartnerFactory(name_en="Veteran NGO", since=datetime.date(2010, 1, 1))
    # Its admission, recorded, so that the decision of January is a change.
    partner_set_status(
        partner=older,
        status="consultative",
        decided_on=datetime.date(2010, 1, 1),
        reference="DG/7/10/0001",
        admission=True,
    )
    partner_set_status(
        partner=older,
        status="associate",
        decided_on=datetime.date(2025, 1, 12),
        reference="DG/7/25/0001",
    )
    action = ActionFactory(partner=partner, title_en="Reading caravan")
    type(action).objects.filter(pk=action.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2025, 1, 15, 10))
    )
    ActionFactory(partner=partner, title_en="Old action")  # created today, not in January
    EventFactory(title_en="Forum in March", start_date=datetime.date(2025, 3, 10))
    EventFactory(title_en="Forum in June", start_date=datetime.date(2025, 6, 10))
    document = DocumentFactory(title_en="Guide on dialogue", published=True)
    type(document).objects.filter(pk=document.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2025, 1, 20, 9))
    )
    sections = _sections(IssueFactory())
    (admission,) = sections["admissions"].entries
    assert admission.title.startswith("Newcomer NGO")
    changes = sections["status_changes"].entries
    assert len(changes) == 1 and changes[0].title.startswith("Veteran NGO")
    assert "DG/7/25/0001" in changes[0].meta and "Associate" in changes[0].meta
    assert [entry.title for entry in sections["actions"].entries] == ["Reading caravan"]
    assert [entry.title for entry in sections["events"].entries] == ["Forum in March"]
    assert sections["events"].entries[0].url.startswith("https://portal.example.org/en/forums/")
    assert [entry.title for entry in sections["documents"].entries] == ["Guide on dialogue"]
    assert "hearings" not in sections
    assert "ends" not in sections


def test_admissions_changes_and_ends_of_the_month_are_listed_apart():
    from partners.services import partner_set_standing

    newcomer = PartnerFactory(name_en="Newcomer NGO", since=datetime.date(2025, 1, 5))
    partner_set_status(
        partner=newcomer,
        status="consultative",
        decided_on=datetime.date(2025, 1, 5),
        reference="DG/7/25/0002",
        admission=True,
    )
    leaving = PartnerFactory(name_en="Leaving NGO", since=datetime.date(2005, 1, 1))
    partner_set_status(
        partner=leaving,
        status="consultative",
        decided_on=datetime.date(2005, 1, 1),
        reference="DG/7/05/0001",
        admission=True,
    )
    partner_set_standing(
        partner=leaving,
        standing="ended",
        decided_on=datetime.date(2025, 1, 20),
        reference="DG/7/25/0003",
        note="Inactive for eight years.",
    )
    sections = _sections(IssueFactory())
    (admission,) = sections["admissions"].entries
    assert admission.title.startswith("Newcomer NGO")
    assert "status_changes" not in sections
    (end,) = sections["ends"].entries
    assert end.title.startswith("Leaving NGO")
    assert "End of partnership" in end.meta and "DG/7/25/0003" in end.meta


def test_empty_month_has_no_sections():
    assert _sections(IssueFactory(month=datetime.date(2001, 1, 1))) == {}


def test_hidden_actions_and_unpublished_partners_are_left_out():
    hidden_partner = PartnerFactory(published=False, since=datetime.date(2025, 1, 3))
    action = ActionFactory(hidden_by_secretariat=True)
    other = ActionFactory(partner=hidden_partner)
    when = timezone.make_aware(datetime.datetime(2025, 1, 15, 10))
    type(action).objects.filter(pk__in=[action.pk, other.pk]).update(created_at=when)
    assert _sections(IssueFactory()) == {}
