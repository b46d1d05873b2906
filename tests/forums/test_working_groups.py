import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from forums.models import Document, Meeting
from forums.selectors import document_list_published_between
from tests.conftest import add_totp, sign_in, verified
from tests.factories import PartnerEditorFactory, PartnerFactory, UserFactory
from tests.forums.factories import (
    CommitteeTermFactory,
    DocumentFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(db):
    group = WorkingGroupFactory(
        slug="strengthening",
        name_en="Strengthening the partnership between NGOs and UNESCO",
        name_fr="Renforcer le partenariat entre les ONG et l'UNESCO",
    )
    return group


@pytest.fixture
def member(group):
    partner = PartnerFactory(slug="wcll")
    group.member_partners.add(partner)
    user = verified(
        PartnerEditorFactory(
            partner=partner, user__email="member@example.org", user__preferred_language="fr"
        ).user
    )
    WorkingGroupMembershipFactory(working_group=group, user=user, partner=partner)
    return user


@pytest.fixture
def secretary(db):
    user = verified(UserFactory(email="sec@example.org", is_secretariat=True))
    add_totp(user)
    return user


@pytest.fixture
def stranger(db):
    return verified(PartnerEditorFactory(user__email="stranger@example.org").user)


def test_draft_hidden_from_non_member_by_page_file_and_api(client, group, stranger):
    draft = DocumentFactory(working_group=group, title_en="Secret draft guide")
    draft_file = draft.versions.get().files.first()
    for user in (None, stranger):
        if user:
            sign_in(client, user)
        assert "Secret draft guide" not in client.get("/en/working-groups/strengthening/").text
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(draft_file.get_absolute_url()).status_code == 404
        api = client.get("/api/v1/working-groups/strengthening/").json()
        assert api["documents"] == []
        assert "Secret draft guide" not in client.get("/api/v1/working-groups/").text


def test_draft_visible_to_editor_of_member_ngo_read_only(client, group):
    partner = PartnerFactory()
    group.member_partners.add(partner)
    editor = verified(PartnerEditorFactory(partner=partner).user)
    draft = DocumentFactory(working_group=group, title_en="Draft for members")
    sign_in(client, editor)
    page = client.get("/en/working-groups/strengthening/")
    assert "Draft for members" in page.text
    detail = client.get(draft.get_absolute_url())
    assert detail.status_code == 200
    assert "Upload a new version" not in detail.text
    assert client.get("/en/working-groups/strengthening/documents/new/").status_code == 403


def test_published_version_public_while_new_draft_stays_internal(client, group, member):
    document = DocumentFactory(working_group=group, title_en="Guide", published=True)
    sign_in(client, member)
    response = client.post(
        document.get_absolute_url() + "versions/",
        {"file_en": SimpleUploadedFile("v2.pdf", pdf_bytes("v2")), "note": "Section 2 rewritten"},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == Document.State.DRAFT
    assert document.published_version.number == 1
    v2_file = document.versions.get(number=2).files.get()
    client.logout()
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert "Section 2 rewritten" not in page.text
    assert client.get(v2_file.get_absolute_url()).status_code == 404
    v1_file = document.versions.get(number=1).files.first()
    assert client.get(v1_file.get_absolute_url()).status_code == 200


def test_workflow_submit_return_publish_with_emails(
    client, group, member, secretary, django_capture_on_commit_callbacks
):
    sign_in(client, member)
    client.post(
        "/en/working-groups/strengthening/documents/new/",
        {
            "kind": "proposal",
            "title_fr": "Renforcement du dialogue entre ONG et États membres",
            "title_en": "Strengthening dialogue between NGOs and Member States",
            "document_date": "2020-06-01",
            "file_fr": SimpleUploadedFile("theme1.pdf", pdf_bytes()),
        },
    )
    document = Document.objects.get()
    assert document.state == Document.State.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        client.post(document.get_absolute_url() + "submit/")
    document.refresh_from_db()
    assert document.state == Document.State.REVIEW
    assert [m.to for m in mail.outbox] == [["sec@example.org"]]
    # Under review, the group can no longer upload; it cannot publish either.
    response = client.post(document.get_absolute_url() + "publish/")
    assert response.status_code == 403

    # The member last read the portal in French: emails follow.
    client.get("/fr/working-groups/strengthening/")
    sign_in(client, secretary)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            document.get_absolute_url() + "comment/",
            {"text": "Please cite 207 EX/Dec.33.", "return": "1"},
        )
    document.refresh_from_db()
    assert document.state == Document.State.DRAFT
    assert document.comments.get().text == "Please cite 207 EX/Dec.33."
    returned = mail.outbox[-1]
    assert returned.to == ["member@example.org"]
    assert "Renforcement du dialogue" in returned.subject

    sign_in(client, member)
    page = client.get(document.get_absolute_url())
    assert "Please cite 207 EX/Dec.33." in page.text
    client.post(document.get_absolute_url() + "submit/")
    sign_in(client, secretary)
    client.post(document.get_absolute_url() + "publish/")
    document.refresh_from_db()
    assert document.state == Document.State.PUBLISHED
    assert document.published_version.number == 1
    client.logout()
    page = client.get(document.get_absolute_url())
    assert page.status_code == 200
    assert "Please cite" not in page.text
    today = datetime.date.today()
    assert document in document_list_published_between(start=today, end=today)


def test_secretariat_without_mfa_cannot_publish_or_see_drafts(client, group):
    user = verified(UserFactory(is_secretariat=True))
    document = DocumentFactory(working_group=group)
    Document.objects.filter(pk=document.pk).update(state=Document.State.REVIEW)
    sign_in(client, user)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.post(document.get_absolute_url() + "publish/").status_code == 404
    document.refresh_from_db()
    assert document.published_version is None


def test_member_of_another_group_cannot_reach_this_group(client, group):
    other = WorkingGroupFactory(slug="other")
    outsider = verified(UserFactory())
    WorkingGroupMembershipFactory(working_group=other, user=outsider)
    draft = DocumentFactory(working_group=group)
    sign_in(client, outsider)
    assert client.get(draft.get_absolute_url()).status_code == 404
    # Forged: the group's draft through the other group's URL.
    assert client.get(f"/en/working-groups/other/documents/{draft.pk}/").status_code == 404
    file = draft.versions.get().files.first()
    assert client.get(f"/en/working-groups/other/files/{file.public_id}/").status_code == 404
    assert (
        client.post(
            "/en/working-groups/strengthening/meetings/new/", {"date": "2020-02-26", "place": "X"}
        ).status_code
        == 403
    )
    assert Meeting.objects.count() == 0


def test_member_manages_meetings_minutes_stay_internal(client, group, member):
    sign_in(client, member)
    response = client.post(
        "/en/working-groups/strengthening/meetings/new/",
        {"date": "2020-02-26", "place": "UNESCO, Paris", "agenda": "Topics", "minutes": "Internal"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert client.get("/en/working-groups/strengthening/").text.count("Internal") == 1
    client.post(
        f"/en/working-groups/strengthening/meetings/{meeting.pk}/edit/",
        {"date": "2020-02-26", "online": "on", "agenda": "Updated agenda"},
    )
    meeting.refresh_from_db()
    assert meeting.online and meeting.agenda == "Updated agenda"
    client.logout()
    page = client.get("/en/working-groups/strengthening/")
    assert "Updated agenda" in page.text
    assert "Minutes (members only)" not in page.text


def test_meeting_form_hostile_input(client, group, member):
    sign_in(client, member)
    for data in (
        {"date": "not-a-date", "place": "Paris"},
        {"date": "2020-02-26", "place": ""},
        {"date": "2020-02-26", "place": "P\x00aris"},
        {"date": "2020-02-26", "place": "x" * 10_000},
    ):
        response = client.post("/en/working-groups/strengthening/meetings/new/", data)
        assert response.status_code == 400
        assert 'role="alert"' in response.text
    assert Meeting.objects.count() == 0
    assert client.get("/en/working-groups/strengthening/meetings/999999/edit/").status_code == 404


def test_committee_shown_publicly_with_chair_and_members(client):
    chair = PartnerFactory(name_en="World Committee for Lifelong Learning", slug="wcll")
    term = CommitteeTermFactory(chair=chair, chair_person="Jane Chair")
    term.members.add(chair, PartnerFactory(name_en="Ocean Trust"))
    page = client.get("/en/working-groups/")
    assert "World Committee for Lifelong Learning" in page.text
    assert "Ocean Trust" in page.text
    assert "Jane Chair" in page.text


def test_group_page_in_french_shows_french_mandate(client, group):
    page = client.get("/fr/working-groups/strengthening/")
    assert "Renforcer le partenariat entre les ONG et l&#x27;UNESCO" in page.text


@pytest.mark.parametrize("count", [1, 6])
def test_group_list_constant_queries(client, django_assert_max_num_queries, count):
    for _index in range(count):
        group = WorkingGroupFactory(coordinating_partner=PartnerFactory())
        group.member_partners.add(PartnerFactory())
        DocumentFactory(working_group=group, published=True)
    CommitteeTermFactory().members.add(PartnerFactory())
    with django_assert_max_num_queries(6):
        response = client.get("/en/working-groups/")
    assert response.text.count('class="card"') == count


@pytest.mark.parametrize("count", [1, 6])
def test_group_detail_constant_queries(client, group, django_assert_max_num_queries, count):
    for index in range(count):
        meeting = Meeting.objects.create(
            working_group=group, date=datetime.date(2020, 1, index + 1), place="Paris"
        )
        DocumentFactory(working_group=group, published=True, meeting=meeting)
        group.member_partners.add(PartnerFactory())
        group.topics.create(title_en=f"Topic {index}", title=f"Topic {index}")
    with django_assert_max_num_queries(10):
        response = client.get("/en/working-groups/strengthening/")
    assert response.text.count("Topic ") == count


def test_api_lists_published_documents_with_file_urls(client, group):
    DocumentFactory(working_group=group, title_en="Public guide", published=True)
    DocumentFactory(working_group=group, title_en="Hidden draft")
    data = client.get("/api/v1/working-groups/").json()
    titles = [doc["title"] for wg in data["results"] for doc in wg["documents"]]
    assert titles == ["Public guide"]
    url = data["results"][0]["documents"][0]["files"][0]["url"]
    assert client.get(url.replace("http://testserver", "")).status_code == 200


def test_coordinating_ngo_editors_manage_the_group_without_being_named(client, group):
    from tests.factories import PartnerEditorFactory

    coordinator = PartnerFactory(slug="ocean-trust")
    group.coordinating_partner = coordinator
    group.save()
    editor = PartnerEditorFactory(partner=coordinator).user
    sign_in(client, editor)
    page = client.get(f"/en/working-groups/{group.slug}/meetings/new/")
    assert page.status_code == 200
    other = PartnerEditorFactory(partner=PartnerFactory()).user
    sign_in(client, other)
    assert client.get(f"/en/working-groups/{group.slug}/meetings/new/").status_code == 403


def test_document_created_from_a_french_page_keeps_each_languages_title(client, group, member):
    sign_in(client, member)
    client.post(
        "/fr/working-groups/strengthening/documents/new/",
        {
            "kind": "proposal",
            "title_fr": "Renforcement du dialogue entre ONG et États membres",
            "title_en": "Strengthening dialogue between NGOs and Member States",
            "document_date": "2020-06-01",
            "file_fr": SimpleUploadedFile("theme1.pdf", pdf_bytes()),
        },
    )
    document = Document.objects.get()
    assert document.title_fr == "Renforcement du dialogue entre ONG et États membres"
    assert document.title_en == "Strengthening dialogue between NGOs and Member States"
    assert document.title_es == ""


def test_unpublished_partner_appears_on_no_working_group_page_or_api(client, group):
    hidden = PartnerFactory(slug="hidden-ngo", name_en="Hidden NGO", published=False)
    shown = PartnerFactory(slug="shown-ngo", name_en="Shown NGO")
    group.member_partners.add(hidden, shown)
    group.coordinating_partner = hidden
    group.save()
    term = CommitteeTermFactory(chair=hidden)
    term.members.add(hidden, shown)
    for url in ("/en/working-groups/", "/en/working-groups/strengthening/"):
        page = client.get(url).text
        assert "Hidden NGO" not in page and "hidden-ngo" not in page
    assert "Shown NGO" in client.get("/en/working-groups/strengthening/").text
    assert "1 member NGO" in client.get("/en/working-groups/").text
    for url in ("/api/v1/working-groups/", "/api/v1/working-groups/strengthening/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "hidden-ngo" not in response.text
    detail = client.get("/api/v1/working-groups/strengthening/").json()
    assert detail["coordinating_partner"] is None


def test_group_management_ends_when_the_person_stops_being_an_editor(client, group, member):
    from partners.models import PartnerEditor

    sign_in(client, member)
    url = "/en/working-groups/strengthening/meetings/new/"
    assert client.get(url).status_code == 200
    PartnerEditor.objects.filter(user=member).delete()
    assert client.get(url).status_code == 403
    response = client.post(url, {"date": "2020-02-26", "place": "Paris"})
    assert response.status_code == 403
    assert not Meeting.objects.filter(working_group=group).exists()


def test_group_management_ends_when_the_partner_leaves_the_group(client, group, member):
    sign_in(client, member)
    url = "/en/working-groups/strengthening/meetings/new/"
    assert client.get(url).status_code == 200
    group.member_partners.clear()
    assert client.get(url).status_code == 403
    draft = DocumentFactory(working_group=group, title_en="Internal draft")
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_group_management_continues_for_the_coordinating_partners_editor(client, group, member):
    group.member_partners.clear()
    group.coordinating_partner = member.partner_editor.partner
    group.save()
    sign_in(client, member)
    assert client.get("/en/working-groups/strengthening/meetings/new/").status_code == 200


def test_decision_emails_reach_only_current_group_managers(
    client, group, member, secretary, django_capture_on_commit_callbacks
):
    from forums import emails

    former = verified(UserFactory(email="former@example.org"))
    WorkingGroupMembershipFactory(
        working_group=group, user=former, partner=member.partner_editor.partner
    )
    document = DocumentFactory(working_group=group, title_en="Guide")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        emails.document_decision(document, "published")
    assert [message.to for message in mail.outbox] == [["member@example.org"]]
