import io

import pytest
from pypdf import PdfReader

from forums import demo
from forums.models import Document, DocumentFile, Event, Meeting, ProgrammeItem, WorkingGroup
from foundation.uploads import private_storage
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_uses_existing_partners(client):
    PartnerFactory(slug="wcll", name_en="World Committee for Lifelong Learning")
    for _index in range(29):
        PartnerFactory()
    demo.seed(with_accounts=False)
    counts = (Event.objects.count(), ProgrammeItem.objects.count(), DocumentFile.objects.count())
    demo.seed(with_accounts=False)
    assert (Event.objects.count(), ProgrammeItem.objects.count(), DocumentFile.objects.count()) == (
        counts
    )
    group = WorkingGroup.objects.get(slug="strengthening-partnership")
    assert group.member_partners.count() == 25
    assert group.member_partners.filter(slug="wcll").exists()
    assert group.guests.count() == 1
    assert Meeting.objects.filter(working_group=group).count() == 10
    assert Meeting.objects.filter(date="2020-02-26").exists()
    paper = Document.objects.get(document_date="2020-06-01")
    assert paper.is_public
    assert Document.objects.get(title_en__startswith="Guide for the International").state == (
        Document.State.REVIEW
    )
    programme = ProgrammeItem.objects.filter(event__slug="global-education-coalition-2024")
    assert {item.room for item in programme if item.kind == "parallel"} == {
        "Salle VII",
        "Salle VIII",
        "Salle IX",
    }
    assert all(
        item.interpretation == ["fr", "en", "es"] for item in programme if item.room == "Salle I"
    )
    assert Event.objects.filter(kind="ciong", start_date__year__in=[2018, 2020]).count() == 2
    assert Event.objects.filter(organisers__slug="wcll").count() == 5
    with private_storage().open(paper.published_version.files.get().stored_name) as handle:
        text = PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()
    assert "dialogue" in text
    page = client.get("/es/forums/global-education-coalition-2024/")
    assert "Campus Mundial de Docentes" in page.text


def test_demo_has_an_upcoming_forum_and_conference_session_open_for_registration(client):
    import datetime

    from django.utils import timezone

    demo.seed_upcoming_events()
    demo.seed_upcoming_events()  # idempotent
    today = timezone.localdate()
    upcoming = Event.objects.filter(start_date__gt=today, state=Event.State.REGISTRATION_OPEN)
    assert sorted(upcoming.values_list("kind", flat=True)) == ["ciong", "forum"]
    assert all(e.start_date <= today + datetime.timedelta(days=200) for e in upcoming)
    forum = upcoming.get(kind="forum")
    assert "Registration is open" in client.get(f"/en/forums/{forum.slug}/").text


def test_demo_participation_data_of_issue_19():
    from forums.models import CheckIn, Proposal, Registration, RegistrationType

    for _index in range(6):
        PartnerFactory()
    demo.seed(with_accounts=False)
    counts = (Proposal.objects.count(), Registration.objects.count(), CheckIn.objects.count())
    demo.seed(with_accounts=False)
    assert (Proposal.objects.count(), Registration.objects.count(), CheckIn.objects.count()) == (
        counts
    )
    gec = Event.objects.get(slug="global-education-coalition-2024")
    accepted = Proposal.objects.filter(call__event=gec, state="accepted")
    assert {p.programme_item.room for p in accepted} == {"Salle VII", "Salle VIII", "Salle IX"}
    assert CheckIn.objects.filter(registration__event=gec).count() == 5
    upcoming = Event.objects.get(kind="forum", slug__startswith="international-ngo-forum-")
    assert upcoming.call.is_open()
    assert set(upcoming.registration_types.values_list("kind", flat=True)) == {
        "ngo",
        "delegation",
        "observer",
        "public",
    }
    observers = RegistrationType.objects.get(event=upcoming, kind="observer")
    assert observers.registrations.filter(status="confirmed").count() == observers.capacity == 2
    assert observers.registrations.filter(status="waiting").count() == 2
    assert Proposal.objects.filter(call__event=upcoming, state="submitted").count() == 2
