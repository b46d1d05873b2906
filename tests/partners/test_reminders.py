import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from partners.models import ReviewReminder
from partners.tasks import send_review_reminders
from tests.factories import ContactFactory, PartnerEditorFactory, PartnerFactory

pytestmark = pytest.mark.django_db

TODAY = "2026-01-15"


def test_partner_due_within_six_months_is_reminded_once(
    partner_a, django_capture_on_commit_callbacks
):
    partner_a.next_review_date = datetime.date(2026, 5, 1)
    partner_a.save()
    ContactFactory(partner=partner_a, email="boss@example.org", preferred_language="es")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_review_reminders(TODAY) == 1
        assert send_review_reminders(TODAY) == 0
        assert send_review_reminders("2026-02-15") == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["boss@example.org"]
    assert partner_a.name_es in mail.outbox[0].subject
    assert ReviewReminder.objects.get().review_date == datetime.date(2026, 5, 1)


def test_new_review_date_is_a_new_milestone(partner_a):
    ContactFactory(partner=partner_a)
    partner_a.next_review_date = datetime.date(2026, 5, 1)
    partner_a.save()
    send_review_reminders(TODAY)
    partner_a.next_review_date = datetime.date(2026, 6, 1)
    partner_a.save()
    assert send_review_reminders(TODAY) == 1
    assert ReviewReminder.objects.count() == 2


def test_editors_are_preferred_to_contacts_each_in_their_language(
    partner_a, django_capture_on_commit_callbacks
):
    partner_a.next_review_date = datetime.date(2026, 3, 1)
    partner_a.save()
    ContactFactory(partner=partner_a, email="contact@example.org")
    editor = PartnerEditorFactory(partner=partner_a, user__preferred_language="fr").user
    with django_capture_on_commit_callbacks(execute=True):
        send_review_reminders(TODAY)
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert partner_a.name_fr in mail.outbox[0].subject


def test_far_or_past_reviews_are_not_reminded(db):
    far = PartnerFactory(next_review_date=datetime.date(2027, 1, 1))
    past = PartnerFactory(next_review_date=datetime.date(2025, 1, 1))
    ContactFactory(partner=far)
    ContactFactory(partner=past)
    assert send_review_reminders(TODAY) == 0
    assert mail.outbox == []


def test_the_database_refuses_a_second_reminder_for_one_milestone(partner_a):
    ReviewReminder.objects.create(partner=partner_a, review_date=datetime.date(2026, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewReminder.objects.create(partner=partner_a, review_date=datetime.date(2026, 5, 1))


def test_beat_schedule_names_the_task():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "partners.tasks.send_review_reminders" in tasks
    assert send_review_reminders.name == "partners.tasks.send_review_reminders"
