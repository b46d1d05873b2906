import re
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction

from partners import services
from partners.models import Contact, Delegate, PartnerRevision
from partners.revisions import snapshot
from tests.conftest import sign_in
from tests.factories import ContactFactory, DelegateFactory, PartnerEditorFactory, sector_for
from tests.foundation.accounts.helpers import mark_reauthenticated
from tests.partners.factories import PartnerRevisionFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/en/my/organisation/"
CONTACTS_URL = "/en/my/organisation/contacts/"
DELEGATES_URL = "/en/my/organisation/delegates/"


def url_for_field(field: str) -> str:
    """The profile part's page that holds `field`."""
    if field.startswith("contacts-"):
        return CONTACTS_URL
    if field.startswith("delegates-"):
        return DELEGATES_URL
    return PROFILE_URL


def profile_data(partner, **changes):
    """The edit form as the editor's browser would submit it, with changes."""
    data = snapshot(partner)
    form = {
        "lock_version": "0",
        "mission_fr": data["mission_fr"],
        "mission_en": data["mission_en"],
        "mission_es": data["mission_es"],
        "website": data["website"],
        "address": data["address"],
        "city": data["city"],
        "country": data["country"],
        "contacts-TOTAL_FORMS": str(len(data["contacts"])),
        "contacts-INITIAL_FORMS": str(len(data["contacts"])),
        "delegates-TOTAL_FORMS": str(len(data["delegates"])),
        "delegates-INITIAL_FORMS": str(len(data["delegates"])),
    }
    form["sectors"] = data["sectors"]
    for i, contact in enumerate(data["contacts"]):
        for key, value in contact.items():
            form[f"contacts-{i}-{key}"] = value
    for i, delegate in enumerate(data["delegates"]):
        for key, value in delegate.items():
            form[f"delegates-{i}-{key}"] = value
    form.update(changes)
    return form


def approve(client, revision, *, lock=None, profile_version=None, comment=""):
    revision.refresh_from_db()
    revision.partner.refresh_from_db()
    return client.post(
        f"/en/my/secretariat/revisions/{revision.pk}/approve/",
        {
            "lock_version": lock if lock is not None else revision.lock_version,
            "profile_version": profile_version
            if profile_version is not None
            else revision.partner.profile_version,
            "comment": comment,
        },
    )


def test_edit_is_pending_and_public_profile_unchanged(client, editor_a, partner_a):
    sign_in(client, editor_a)
    response = client.post(PROFILE_URL, profile_data(partner_a, mission_fr="Nouvelle mission."))
    assert response.status_code == 302
    revision = PartnerRevision.objects.get(partner=partner_a)
    assert revision.is_pending
    assert revision.proposed["mission_fr"] == "Nouvelle mission."
    assert revision.base_version == partner_a.profile_version
    page = client.get(PROFILE_URL)
    assert "Pending review" in page.text
    assert "Nouvelle mission." in page.text
    public = client.get("/fr/partners/partner-a/")
    assert "Nouvelle mission." not in public.text
    assert "Promeut les apprentissages" in public.text


def test_editing_again_updates_the_one_pending_revision(client, editor_a, partner_a):
    sign_in(client, editor_a)
    client.post(PROFILE_URL, profile_data(partner_a, mission_fr="Première version."))
    client.post(
        PROFILE_URL, profile_data(partner_a, mission_fr="Deuxième version.", lock_version="1")
    )
    revision = PartnerRevision.objects.get(partner=partner_a)
    assert revision.proposed["mission_fr"] == "Deuxième version."
    assert revision.lock_version == 2


def test_unchanged_profile_is_not_submitted(client, editor_a, partner_a):
    sign_in(client, editor_a)
    response = client.post(PROFILE_URL, profile_data(partner_a))
    assert response.status_code == 400
    assert "You have not changed anything." in response.text
    assert not PartnerRevision.objects.exists()


def test_second_editor_with_stale_form_is_refused_and_nothing_overwritten(
    client, editor_a, partner_a
):
    colleague = PartnerEditorFactory(partner=partner_a).user
    sign_in(client, editor_a)
    client.post(PROFILE_URL, profile_data(partner_a, mission_fr="Texte de la première."))
    # The colleague opened the form before that save: their lock_version is 0.
    sign_in(client, colleague)
    response = client.post(PROFILE_URL, profile_data(partner_a, mission_fr="Texte du second."))
    assert response.status_code == 400
    assert "Someone else changed this proposal" in response.text
    assert 'role="alert"' in response.text
    revision = PartnerRevision.objects.get(partner=partner_a)
    assert revision.proposed["mission_fr"] == "Texte de la première."


def test_two_pending_revisions_for_one_partner_are_impossible(partner_a):
    PartnerRevisionFactory(partner=partner_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerRevision.objects.create(
            partner=partner_a, base_version=1, proposed=snapshot(partner_a)
        )


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_simultaneous_saves_by_two_editors_keep_exactly_one(partner_a):
    first = PartnerEditorFactory(partner=partner_a).user
    second = PartnerEditorFactory(partner=partner_a).user
    barrier = threading.Barrier(2)
    outcomes = []

    def save(editor, text):
        try:
            barrier.wait()
            services.revision_save(
                partner=partner_a,
                editor=editor,
                proposed={**snapshot(partner_a), "mission_fr": text},
                lock_version=0,
            )
            outcomes.append("saved")
        except Exception as error:  # noqa: BLE001
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(first, "Par le premier.")),
        threading.Thread(target=save, args=(second, "Par le second.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ValidationError", "saved"]
    revision = PartnerRevision.objects.get(partner=partner_a)
    assert revision.lock_version == 1
    assert revision.proposed["mission_fr"] in {"Par le premier.", "Par le second."}


def test_secretariat_sees_side_by_side_diff(client, secretariat, partner_a):
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat)
    response = client.get(f"/en/my/secretariat/revisions/{revision.pk}/")
    assert response.status_code == 200
    # Word-level marks split the texts: compare them without the markup.
    text = re.sub(r"</?(del|ins)>", "", response.text)
    assert "Promeut les apprentissages tout au long de la vie." in text
    assert "Nouvelle mission proposée." in text
    assert 'class="diff-new"' in response.text
    assert '<th scope="col">Proposed</th>' in response.text


def test_approval_needs_recent_reauthentication(client, secretariat, partner_a):
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat, fresh=False)
    response = approve(client, revision)
    assert response.status_code == 302
    assert "/reauthenticate/" in response["Location"]
    revision.refresh_from_db()
    assert revision.is_pending


def test_approval_publishes_and_emails_editor_in_their_language(
    client, secretariat, editor_a, partner_a, django_capture_on_commit_callbacks
):
    editor_a.preferred_language = "fr"
    editor_a.save()
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(client, revision, comment="Merci.")
    assert response.status_code == 302
    revision.refresh_from_db()
    partner_a.refresh_from_db()
    assert revision.state == PartnerRevision.State.APPROVED
    assert revision.decided_by == secretariat
    assert partner_a.mission_fr == "Nouvelle mission proposée."
    assert partner_a.profile_version == 2
    assert "Nouvelle mission proposée." in client.get("/fr/partners/partner-a/").text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor-a@example.org"]
    assert "/fr/my/organisation/" in mail.outbox[0].body
    assert "Merci." in mail.outbox[0].body


def test_rejection_needs_a_comment_and_keeps_profile(
    client, secretariat, editor_a, partner_a, django_capture_on_commit_callbacks
):
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    url = f"/en/my/secretariat/revisions/{revision.pk}/reject/"
    data = {"lock_version": 1, "profile_version": 1, "comment": "   "}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Say why the proposal is rejected." in response.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "comment": "Le texte dépasse le mandat."})
    assert response.status_code == 302
    revision.refresh_from_db()
    partner_a.refresh_from_db()
    assert revision.state == PartnerRevision.State.REJECTED
    assert partner_a.mission_fr == "Promeut les apprentissages tout au long de la vie."
    assert "Le texte dépasse le mandat." in mail.outbox[0].body


def test_approval_of_a_proposal_edited_meanwhile_is_refused(client, secretariat, partner_a):
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, secretariat)
    mark_reauthenticated(client, secretariat)
    # The reviewer saw edit 1; the editor saved edit 2 before the click.
    PartnerRevision.objects.filter(pk=revision.pk).update(
        lock_version=2, proposed={**snapshot(partner_a), "mission_fr": "Modifié entre-temps."}
    )
    response = approve(client, revision, lock=1)
    assert response.status_code == 400
    assert "changed while you were reviewing it" in response.text
    partner_a.refresh_from_db()
    assert partner_a.mission_fr == "Promeut les apprentissages tout au long de la vie."


def test_admin_edit_after_proposal_is_flagged_and_blocks_stale_approval(
    client, secretariat, partner_a
):
    revision = PartnerRevisionFactory(partner=partner_a)
    services.partner_bump_profile_version(partner=partner_a)
    sign_in(client, secretariat)
    page = client.get(f"/en/my/secretariat/revisions/{revision.pk}/")
    assert "The public profile changed after this proposal was drafted" in page.text
    mark_reauthenticated(client, secretariat)
    response = approve(client, revision, profile_version=1)
    assert response.status_code == 400
    revision.refresh_from_db()
    assert revision.is_pending


def test_approval_replaces_public_contacts_and_delegates_only(client, secretariat, partner_a):
    private = ContactFactory(partner=partner_a, email="private@example.org", is_public=False)
    ContactFactory(partner=partner_a, email="old@example.org", is_public=True)
    DelegateFactory(partner=partner_a, country="SN", name="Old Delegate")
    proposed = {
        **snapshot(partner_a),
        "contacts": [
            {
                "name": "Ana",
                "title": "",
                "email": "ana@example.org",
                "phone": "",
                "preferred_language": "es",
            }
        ],
        "delegates": [{"country": "BR", "name": "Nova Delegada", "email": ""}],
    }
    revision = PartnerRevisionFactory(partner=partner_a, proposed=proposed)
    services.revision_approve(
        revision=revision, reviewer=secretariat, lock_version=1, profile_version=1
    )
    public = set(
        Contact.objects.filter(partner=partner_a, is_public=True).values_list("email", flat=True)
    )
    assert public == {"ana@example.org"}
    assert Contact.objects.filter(pk=private.pk).exists()
    active = set(
        Delegate.objects.filter(partner=partner_a, is_active=True).values_list("name", flat=True)
    )
    assert active == {"Nova Delegada"}


def test_approved_revision_cannot_make_a_private_contact_public(client, secretariat, partner_a):
    # An editor proposes, as a new public contact, the address of a private
    # contact (a newsletter recipient, say). Approving the rest of the
    # proposal must leave that person private and their record untouched:
    # showing an address publicly is the Secretariat's own decision, taken
    # on the contact itself.
    private = ContactFactory(
        partner=partner_a, name="Private Person", email="private@example.org", is_public=False
    )
    proposed = {
        **snapshot(partner_a),
        "mission_fr": "Nouvelle mission proposée.",
        "contacts": [
            {
                "name": "Renamed",
                "title": "Director",
                "email": "PRIVATE@example.org",
                "phone": "",
                "preferred_language": "fr",
            }
        ],
    }
    revision = PartnerRevisionFactory(partner=partner_a, proposed=proposed)
    sign_in(client, secretariat)
    page = client.get(f"/en/my/secretariat/revisions/{revision.pk}/")
    assert "private@example.org is a private contact" in page.text
    mark_reauthenticated(client, secretariat)
    response = approve(client, revision)
    assert response.status_code == 302
    private.refresh_from_db()
    partner_a.refresh_from_db()
    assert partner_a.mission_fr == "Nouvelle mission proposée."
    assert private.is_public is False
    assert private.name == "Private Person"
    assert "private@example.org" not in client.get("/en/partners/partner-a/").text


def test_approval_replaces_the_sectors_with_the_proposed_ones(secretariat, partner_a):
    sector_for("natural-sciences")
    partner_a.sectors.set([sector_for("education"), sector_for("culture")])
    proposed = {**snapshot(partner_a), "sectors": ["natural-sciences", "culture"]}
    revision = PartnerRevisionFactory(partner=partner_a, proposed=proposed)
    services.revision_approve(
        revision=revision, reviewer=secretariat, lock_version=1, profile_version=1
    )
    partner_a.refresh_from_db()
    assert set(partner_a.sectors.values_list("code", flat=True)) == {"natural-sciences", "culture"}


def test_editor_withdraws_pending_proposal(client, editor_a, partner_a):
    revision = PartnerRevisionFactory(partner=partner_a)
    sign_in(client, editor_a)
    response = client.post("/en/my/organisation/withdraw/", {"lock_version": "1"}, follow=True)
    assert "Your proposal is withdrawn." in response.text
    revision.refresh_from_db()
    assert revision.state == PartnerRevision.State.WITHDRAWN


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mission_fr", "x" * 10_000, "Ensure this value has at most 5000 characters"),
        ("mission_fr", "a\x00b", "Null characters are not allowed."),
        ("website", "javascript:alert(1)", "Enter a valid URL."),
        ("country", "XX", "Select a valid choice."),
        ("sectors", "astrology", "Select a valid choice."),
        ("lock_version", "abc", "This page is out of date or was altered."),
        ("contacts-TOTAL_FORMS", "1000000", "Please submit at most 30 forms."),
        ("delegates-TOTAL_FORMS", "garbage", "ManagementForm data is missing or has been tampered"),
    ],
)
def test_hostile_profile_input_is_refused_and_stores_nothing(
    client, editor_a, partner_a, field, value, message
):
    sign_in(client, editor_a)
    response = client.post(url_for_field(field), profile_data(partner_a, **{field: value}))
    assert response.status_code == 400
    assert message in response.text
    assert not PartnerRevision.objects.exists()


def test_hostile_profile_error_is_in_the_users_language(client, editor_a, partner_a):
    sign_in(client, editor_a)
    response = client.post("/fr/my/organisation/", profile_data(partner_a, website="nope"))
    assert response.status_code == 400
    assert "Saisissez une URL valide." in response.text


def test_duplicate_contact_email_is_refused(client, editor_a, partner_a):
    sign_in(client, editor_a)
    data = profile_data(partner_a)
    data.update(
        {
            "contacts-TOTAL_FORMS": "2",
            "contacts-0-name": "A",
            "contacts-0-email": "same@example.org",
            "contacts-0-preferred_language": "en",
            "contacts-1-name": "B",
            "contacts-1-email": "SAME@example.org",
            "contacts-1-preferred_language": "en",
        }
    )
    response = client.post(CONTACTS_URL, data)
    assert response.status_code == 400
    assert "Each contact needs a different email address." in response.text


def test_csrf_missing_is_refused(editor_a, partner_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, editor_a)
    response = client.post(PROFILE_URL, profile_data(partner_a, mission_fr="Sans jeton."))
    assert response.status_code == 403
    assert not PartnerRevision.objects.exists()


MARKUP = '<script>alert("x")</script><b>bold</b>'


def test_markup_in_profile_is_escaped_on_public_page_admin_and_export(
    client, secretariat, partner_a
):
    revision = PartnerRevisionFactory(
        partner=partner_a, proposed={**snapshot(partner_a), "mission_en": MARKUP, "city": MARKUP}
    )
    sign_in(client, secretariat)
    diff = client.get(f"/en/my/secretariat/revisions/{revision.pk}/")
    assert MARKUP not in diff.text
    assert "&lt;script&gt;" in diff.text
    services.revision_approve(
        revision=revision, reviewer=secretariat, lock_version=1, profile_version=1
    )
    public = client.get("/en/partners/partner-a/")
    assert MARKUP not in public.text
    assert "&lt;script&gt;alert" in public.text
    admin = client.get(f"/admin/partners/partner/{partner_a.pk}/change/")
    assert admin.status_code == 200
    assert MARKUP not in admin.text
    export = client.get("/en/partners/export.csv")
    body = b"".join(export.streaming_content).decode()
    assert "Partner A" in body
    # CSV is plain text: the markup is data (CSV-quoted), never HTML-escaped twice.
    assert '<script>alert(""x"")</script><b>bold</b>' in body


def test_edit_page_prefills_from_pending_revision_with_few_queries(
    client, editor_a, partner_a, django_assert_max_num_queries
):
    for index in range(3):
        ContactFactory(partner=partner_a, email=f"c{index}@example.org")
        DelegateFactory(partner=partner_a, name=f"D{index}")
    PartnerRevisionFactory(partner=partner_a)
    sign_in(client, editor_a)
    with django_assert_max_num_queries(12):
        response = client.get(PROFILE_URL)
    assert "Nouvelle mission proposée." in response.text
    # The contacts and the delegates have pages of their own.
    with django_assert_max_num_queries(12):
        response = client.get(CONTACTS_URL)
    assert "c2@example.org" in response.text
