"""partners.services, rule by rule: the status decisions and what each stores on
the partner, the standing moves, the revisions' version checks, the actions and
the invitations' refusals, each in its exact words and code."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from foundation.mail.models import Email
from partners import services
from partners.models import (
    Action,
    PartnerEditor,
    PartnerInvitation,
    PartnerRevision,
    StatusChange,
)
from partners.revisions import snapshot
from tests.factories import ActionFactory, PartnerEditorFactory, PartnerFactory, UserFactory
from tests.partners.factories import PartnerInvitationFactory, PartnerRevisionFactory

pytestmark = pytest.mark.django_db

DECIDED = datetime.date(2024, 5, 2)


@pytest.fixture
def distinct_periods(settings):
    """Review periods that tell the statuses apart (both are 8 years by default)."""
    settings.PARTNERSHIP_RULES = {
        "ASSOCIATE_TERM_YEARS": 6,
        "CONSULTATIVE_REVIEW_YEARS": 4,
        "REPORT_CYCLE_YEARS": 3,
    }


# --- Status decisions ----------------------------------------------------------------------


def test_an_admission_sets_the_partners_dates_and_reference(distinct_periods):
    partner = PartnerFactory(status="consultative", since=datetime.date(1990, 1, 1))
    change = services.partner_set_status(
        partner=partner,
        status="associate",
        decided_on=DECIDED,
        reference=" DG/2024/17 ",
        executive_board_session=219,
        note="Admitted.",
        decided_by="director-general",
        admission=True,
    )
    partner.refresh_from_db()
    assert (partner.since, partner.admission_decision_date, partner.status_since) == (
        DECIDED,
        DECIDED,
        DECIDED,
    )
    assert (partner.decision_reference, partner.executive_board_session) == ("DG/2024/17", 219)
    assert partner.next_report_due == datetime.date(2027, 5, 2)
    assert partner.next_review_date == datetime.date(2030, 5, 2)
    assert partner.status == "associate"
    stored = StatusChange.objects.get()
    assert stored == change
    assert (stored.kind, stored.previous_status, stored.reference, stored.decided_by) == (
        StatusChange.Kind.ADMISSION,
        "",
        "DG/2024/17",
        "director-general",
    )
    assert (stored.executive_board_session, stored.note) == (219, "Admitted.")


def test_a_change_of_status_moves_status_since_but_not_the_admission(distinct_periods):
    partner = PartnerFactory(
        status="consultative",
        since=datetime.date(2012, 1, 10),
        status_since=datetime.date(2012, 1, 10),
        decision_reference="DG/2012/1",
        next_report_due=datetime.date(2026, 1, 10),
    )
    services.partner_set_status(
        partner=partner, status="associate", decided_on=DECIDED, reference="EB 219"
    )
    partner.refresh_from_db()
    assert (partner.since, partner.decision_reference) == (datetime.date(2012, 1, 10), "DG/2012/1")
    assert partner.next_report_due == datetime.date(2026, 1, 10)
    assert (partner.status, partner.status_since) == ("associate", DECIDED)
    assert partner.next_review_date == datetime.date(2030, 5, 2)
    change = StatusChange.objects.get()
    assert (change.kind, change.previous_status, change.status) == (
        StatusChange.Kind.STATUS_CHANGE,
        "consultative",
        "associate",
    )
    assert (change.note, change.decided_by) == ("", "")  # none given


def test_a_renewal_keeps_status_since_and_sets_the_next_review(distinct_periods):
    partner = PartnerFactory(status="consultative", status_since=datetime.date(2016, 3, 1))
    services.partner_set_status(
        partner=partner, status="consultative", decided_on=DECIDED, reference="DG/2024/2"
    )
    partner.refresh_from_db()
    assert partner.status_since == datetime.date(2016, 3, 1)
    assert partner.next_review_date == datetime.date(2028, 5, 2)
    change = StatusChange.objects.get()
    assert (change.kind, change.previous_status) == (StatusChange.Kind.RENEWAL, "")
    given = datetime.date(2031, 1, 1)
    services.partner_set_status(
        partner=partner,
        status="consultative",
        decided_on=DECIDED,
        reference="DG/2024/3",
        next_review_date=given,
    )
    partner.refresh_from_db()
    assert partner.next_review_date == given


def test_each_refused_status_decision_in_words():
    ngo = PartnerFactory(status="consultative")
    foundation = PartnerFactory(kind="foundation", status="official-relations")

    def refusal(partner, status, reference="DG/1"):
        with pytest.raises(ValidationError) as refused:
            services.partner_set_status(
                partner=partner, status=status, decided_on=DECIDED, reference=reference
            )
        return refused.value.messages

    assert refusal(ngo, "honorary") == ["Unknown partnership status."]
    assert refusal(ngo, "official-relations") == [
        "Official relations are for foundations; choose an NGO status."
    ]
    assert refusal(foundation, "associate") == [
        "A foundation holds official relations, not NGO status."
    ]
    assert refusal(ngo, "associate", reference="   ") == ["A decision reference is required."]
    assert not StatusChange.objects.exists()
    ngo.refresh_from_db()
    assert ngo.status == "consultative"
    services.partner_set_status(
        partner=foundation, status="official-relations", decided_on=DECIDED, reference="DG/2"
    )
    assert StatusChange.objects.get().partner == foundation


# --- Standing ---------------------------------------------------------------------------


def test_each_standing_move_is_recorded_with_its_kind():
    partner = PartnerFactory(status="associate", next_review_date=datetime.date(2030, 1, 1))
    moves = [
        ("suspended", StatusChange.Kind.SUSPENSION),
        ("active", StatusChange.Kind.REINSTATEMENT),
        ("suspended", StatusChange.Kind.SUSPENSION),
        ("ended", StatusChange.Kind.TERMINATION),
    ]
    for number, (standing, kind) in enumerate(moves, start=1):
        day = DECIDED + datetime.timedelta(days=number)
        change = services.partner_set_standing(
            partner=partner,
            standing=standing,
            decided_on=day,
            reference=f" DG/{number} ",
            note=f" Reason {number} ",
            decided_by="director-general",
        )
        partner.refresh_from_db()
        assert (partner.standing, partner.standing_since) == (standing, day)
        assert (change.kind, change.reference, change.note, change.status) == (
            kind,
            f"DG/{number}",
            f"Reason {number}",
            "associate",
        )
    assert (partner.next_review_date, partner.next_report_due) == (None, None)
    assert StatusChange.objects.count() == 4


def test_an_active_partnership_may_end_at_once_and_suspension_keeps_the_dates():
    partner = PartnerFactory(next_review_date=datetime.date(2030, 1, 1))
    services.partner_set_standing(
        partner=partner, standing="suspended", decided_on=DECIDED, reference="DG/1", note="R"
    )
    partner.refresh_from_db()
    assert partner.next_review_date == datetime.date(2030, 1, 1)
    other = PartnerFactory()
    change = services.partner_set_standing(
        partner=other, standing="ended", decided_on=DECIDED, reference="DG/2", note="R"
    )
    assert change.kind == StatusChange.Kind.TERMINATION


def test_each_refused_standing_move_in_words():
    partner = PartnerFactory()

    def refusal(standing, note="Reason", reference="DG/1"):
        with pytest.raises(ValidationError) as refused:
            services.partner_set_standing(
                partner=partner,
                standing=standing,
                decided_on=DECIDED,
                reference=reference,
                note=note,
            )
        return refused.value.messages

    assert refusal("active") == ["A partnership that is active cannot become active."]
    assert refusal("dissolved") == ["A partnership that is active cannot become ?."]
    assert refusal("suspended", note="  ") == ["Give the reason for this decision."]
    assert refusal("suspended", reference="") == ["A decision reference is required."]
    with translation.override("fr"):
        assert refusal("active") == [
            "Un partenariat à l'état «\xa0actif\xa0» ne peut pas passer à l'état «\xa0actif\xa0»."
        ]
    partner.standing = "ended"
    partner.save()
    assert refusal("active") == ["A partnership that is ended cannot become active."]
    assert not StatusChange.objects.exists()


# --- Revisions ----------------------------------------------------------------------------


def test_a_first_proposal_is_numbered_one_and_an_unchanged_one_refused():
    partner = PartnerFactory()
    editor = PartnerEditorFactory(partner=partner).user
    with pytest.raises(ValidationError) as refused:
        services.revision_save(
            partner=partner, editor=editor, proposed=snapshot(partner), lock_version=0
        )
    assert refused.value.code == "unchanged"
    assert refused.value.messages == ["You have not changed anything."]
    proposed = {**snapshot(partner), "mission_en": "Literacy for all."}
    revision = services.revision_save(
        partner=partner, editor=editor, proposed=proposed, lock_version=0
    )
    stored = PartnerRevision.objects.get()
    assert stored == revision
    assert (stored.lock_version, stored.created_by, stored.updated_by) == (1, editor, editor)
    assert stored.base_version == partner.profile_version
    assert stored.proposed["mission_en"] == "Literacy for all."
    # The same proposal saved again is a new edit of the pending one.
    again = services.revision_save(
        partner=partner, editor=editor, proposed=proposed, lock_version=1
    )
    assert again.pk == stored.pk and again.lock_version == 2


def test_a_proposal_saved_from_a_stale_form_is_refused():
    revision = PartnerRevisionFactory(lock_version=3)
    editor = PartnerEditorFactory(partner=revision.partner).user
    for stale in (0, 2, 4):
        with pytest.raises(ValidationError) as refused:
            services.revision_save(
                partner=revision.partner,
                editor=editor,
                proposed={**revision.proposed, "mission_en": "Stale."},
                lock_version=stale,
            )
        assert refused.value.code == "conflict"
        assert refused.value.messages == [
            "Someone else changed this proposal while you were editing it. "
            "Your changes were not saved: reload the page to see the latest version."
        ]
    revision.refresh_from_db()
    assert revision.lock_version == 3 and revision.proposed["mission_en"] != "Stale."


def test_withdrawing_needs_the_pending_proposal_as_the_editor_saw_it():
    revision = PartnerRevisionFactory(lock_version=2)
    editor = PartnerEditorFactory(partner=revision.partner).user
    with pytest.raises(ValidationError) as refused:
        services.revision_withdraw(revision=revision, user=editor, lock_version=1)
    assert refused.value.code == "conflict"
    before = timezone.now()
    services.revision_withdraw(revision=revision, user=editor, lock_version=2)
    revision.refresh_from_db()
    assert (revision.state, revision.decided_by) == (PartnerRevision.State.WITHDRAWN, editor)
    assert before <= revision.decided_at <= timezone.now()
    with pytest.raises(ValidationError):
        services.revision_withdraw(revision=revision, user=editor, lock_version=2)


def test_approving_publishes_the_profile_and_bumps_its_version(django_capture_on_commit_callbacks):
    partner = PartnerFactory()
    editor = PartnerEditorFactory(partner=partner, user__email="ed@example.org").user
    proposed = {**snapshot(partner), "mission_en": "Literacy for all.", "sectors": ["culture"]}
    revision = PartnerRevisionFactory(partner=partner, proposed=proposed, lock_version=1)
    reviewer = UserFactory()
    version = partner.profile_version
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_approve(
            revision=revision,
            reviewer=reviewer,
            lock_version=1,
            profile_version=version,
            comment=" Thank you. ",
        )
    partner.refresh_from_db()
    revision.refresh_from_db()
    assert partner.mission_en == "Literacy for all."
    assert list(partner.sectors.values_list("code", flat=True)) == ["culture"]
    assert partner.profile_version == version + 1
    assert (revision.state, revision.decided_by, revision.decision_comment) == (
        PartnerRevision.State.APPROVED,
        reviewer,
        "Thank you.",
    )
    assert revision.decided_at is not None
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_a_decision_on_a_stale_comparison_or_a_decided_proposal_is_refused():
    revision = PartnerRevisionFactory(lock_version=2)
    version = revision.partner.profile_version
    reviewer = UserFactory()
    for lock, profile in ((1, version), (2, version + 1)):
        with pytest.raises(ValidationError) as refused:
            services.revision_approve(
                revision=revision, reviewer=reviewer, lock_version=lock, profile_version=profile
            )
        assert refused.value.code == "conflict"
        assert refused.value.messages == [
            "The proposal or the public profile changed while you were reviewing it. "
            "Nothing was decided: review the updated comparison."
        ]
    with pytest.raises(ValidationError) as refused:
        services.revision_reject(
            revision=revision,
            reviewer=reviewer,
            lock_version=2,
            profile_version=version,
            comment=" ",
        )
    assert (refused.value.code, refused.value.messages) == (
        "comment",
        ["Say why the proposal is rejected."],
    )
    services.revision_reject(
        revision=revision,
        reviewer=reviewer,
        lock_version=2,
        profile_version=version,
        comment=" Not sourced. ",
    )
    revision.refresh_from_db()
    assert (revision.state, revision.decision_comment, revision.decided_by) == (
        PartnerRevision.State.REJECTED,
        "Not sourced.",
        reviewer,
    )
    assert revision.decided_at is not None
    with pytest.raises(ValidationError) as refused:
        services.revision_approve(
            revision=revision, reviewer=reviewer, lock_version=2, profile_version=version
        )
    assert (refused.value.code, refused.value.messages) == (
        "decided",
        ["This proposal has already been decided."],
    )
    revision.partner.refresh_from_db()
    assert revision.partner.profile_version == version


def test_an_admin_edit_bumps_the_profile_version_by_one():
    partner = PartnerFactory()
    version = partner.profile_version
    services.partner_bump_profile_version(partner=partner)
    partner.refresh_from_db()
    assert partner.profile_version == version + 1


# --- Actions -------------------------------------------------------------------------------


def test_an_action_is_saved_with_its_sectors_for_its_own_partner():
    partner = PartnerFactory()
    user = UserFactory()
    action = services.action_save(
        partner=partner,
        user=user,
        data={
            "title_en": "Literacy camps",
            "title": "Literacy camps",
            "description_en": "Summer camps.",
            "sectors": ["education", "culture", "unknown"],
        },
    )
    stored = Action.objects.get()
    assert stored == action
    assert (stored.partner, stored.created_by, stored.title_en) == (
        partner,
        user,
        "Literacy camps",
    )
    assert set(stored.sectors.values_list("code", flat=True)) == {"education", "culture"}
    services.action_save(
        partner=partner, user=user, data={"title_en": "Camps", "title": "Camps"}, action=stored
    )
    stored.refresh_from_db()
    assert stored.title_en == "Camps" and not stored.sectors.exists()


def test_another_partners_action_is_never_saved():
    action = ActionFactory(title_en="Theirs")
    with pytest.raises(ValidationError) as refused:
        services.action_save(
            partner=PartnerFactory(), user=None, data={"title_en": "Mine"}, action=action
        )
    assert refused.value.messages == ["This action belongs to another organisation."]
    action.refresh_from_db()
    assert action.title_en == "Theirs"


def test_publishing_and_hiding_an_action_are_stored():
    action = ActionFactory(published=False)
    services.action_set_published(action=action, published=True)
    assert Action.objects.get().published is True
    services.action_set_hidden(action=action, hidden=True)
    assert Action.objects.get().hidden_by_secretariat is True
    services.action_set_published(action=action, published=False)
    services.action_set_hidden(action=action, hidden=False)
    stored = Action.objects.get()
    assert (stored.published, stored.hidden_by_secretariat) == (False, False)


# --- Invitations ------------------------------------------------------------------------------


def test_an_invitation_is_valid_fourteen_days_or_as_configured(settings):
    assert services.invitation_validity() == datetime.timedelta(days=14)
    settings.PARTNER_INVITATION_DAYS = 3
    assert services.invitation_validity_days() == 3
    partner = PartnerFactory()
    before = timezone.now()
    invitation = services.invitation_create(partner=partner, email=" Awa@Example.ORG ")
    assert invitation.email == "awa@example.org"
    assert invitation.language == "en"
    assert before + datetime.timedelta(days=3) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + datetime.timedelta(days=3)
    assert before <= invitation.sent_at <= timezone.now()


def test_each_refused_invitation_in_words_and_code():
    partner = PartnerFactory(name_en="Partner A")
    PartnerEditorFactory(partner=partner, user__email="editor@example.org")
    PartnerEditorFactory(user__email="elsewhere@example.org")
    PartnerInvitationFactory(partner=partner, email="pending@example.org")
    PartnerInvitationFactory(
        partner=partner,
        email="expired@example.org",
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )

    def refusal(email):
        with pytest.raises(ValidationError) as refused:
            services.invitation_check_new(partner=partner, email=email)
        return refused.value.code, refused.value.messages[0]

    assert refusal("Editor@example.org") == (
        "editor",
        "editor@example.org is already an editor of Partner A.",
    )
    assert refusal("elsewhere@example.org") == (
        "editor_elsewhere",
        "elsewhere@example.org is already an editor of another organisation, "
        "and an account edits one organisation only.",
    )
    assert refusal("PENDING@example.org") == (
        "pending",
        "An invitation to pending@example.org for this organisation is still pending. "
        "If the email was lost, send it again from the list of invitations.",
    )
    assert refusal("expired@example.org") == (
        "expired",
        "The invitation to expired@example.org for this organisation has expired. "
        "Send it again from the list of invitations: it gets a new link.",
    )
    # Another partner's pending invitation of the same address is no bar.
    assert (
        services.invitation_check_new(partner=PartnerFactory(), email=" Pending@example.org ")
        == "pending@example.org"
    )


def test_only_an_open_invitation_bars_a_new_one_whatever_the_case_of_its_address():
    partner = PartnerFactory()
    # An editor who accepted and was removed since, and an invitation withdrawn.
    PartnerInvitationFactory(partner=partner, email="left@example.org", accepted_at=timezone.now())
    PartnerInvitationFactory(partner=partner, email="gone@example.org", revoked_at=timezone.now())
    # A row written before addresses were stored in lower case.
    PartnerInvitationFactory(partner=partner, email="Mixed@Example.org")
    assert services.invitation_check_new(partner=partner, email="left@example.org") == (
        "left@example.org"
    )
    assert services.invitation_check_new(partner=partner, email="gone@example.org") == (
        "gone@example.org"
    )
    with pytest.raises(ValidationError) as refused:
        services.invitation_check_new(partner=partner, email="mixed@example.org")
    assert refused.value.code == "pending"
    services.invitation_create(partner=partner, email="gone@example.org")
    assert PartnerInvitation.objects.filter(email="gone@example.org").count() == 2


def test_resending_gives_a_new_link_and_withdraws_the_queued_email(
    django_capture_on_commit_callbacks,
):
    partner = PartnerFactory()
    invitation = services.invitation_create(
        partner=partner, email="awa@example.org", full_name=" Awa Diop ", language="fr"
    )
    assert (invitation.full_name, invitation.language) == ("Awa Diop", "fr")
    first_nonce = invitation.nonce
    first_email = Email.objects.get()
    services.invitation_send(invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.nonce != first_nonce and len(invitation.nonce) >= 32
    first_email.refresh_from_db()
    assert first_email.status == Email.Status.CANCELLED
    assert Email.objects.filter(status=Email.Status.PENDING).count() == 1


def test_an_accepted_or_revoked_invitation_is_not_sent_again():
    accepted = PartnerInvitationFactory(accepted_at=timezone.now())
    revoked = PartnerInvitationFactory(revoked_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.invitation_send(invitation=accepted)
    assert (refused.value.code, refused.value.messages) == (
        "accepted",
        ["This invitation has already been accepted."],
    )
    with pytest.raises(ValidationError) as refused:
        services.invitation_send(invitation=revoked)
    assert (refused.value.code, refused.value.messages) == (
        "revoked",
        ["This invitation has been revoked; invite the person again instead."],
    )
    assert not Email.objects.exists()


def test_revoking_records_who_and_cancels_the_queued_email():
    invitation = services.invitation_create(partner=PartnerFactory(), email="awa@example.org")
    assert (invitation.full_name, invitation.language) == ("", "en")  # none given
    secretary = UserFactory()
    services.invitation_revoke(invitation=invitation, revoked_by=secretary)
    invitation.refresh_from_db()
    assert invitation.revoked_by == secretary and invitation.revoked_at is not None
    assert Email.objects.get().status == Email.Status.CANCELLED
    with pytest.raises(ValidationError) as refused:
        services.invitation_revoke(invitation=invitation, revoked_by=secretary)
    assert (refused.value.code, refused.value.messages) == (
        "revoked",
        ["This invitation has already been revoked."],
    )
    accepted = PartnerInvitationFactory(accepted_at=timezone.now())
    with pytest.raises(ValidationError) as refused:
        services.invitation_revoke(invitation=accepted, revoked_by=secretary)
    assert (refused.value.code, refused.value.messages) == (
        "accepted",
        ["This invitation has already been accepted; it can no longer be revoked."],
    )


def test_each_unusable_link_in_words_and_code():
    def refusal(invitation, nonce=None):
        with pytest.raises(ValidationError) as refused:
            services.invitation_check_usable(
                invitation=invitation, nonce=invitation.nonce if nonce is None else nonce
            )
        return refused.value.code, refused.value.messages[0]

    assert refusal(PartnerInvitationFactory(accepted_at=timezone.now())) == (
        "used",
        "This invitation link has already been used.",
    )
    assert refusal(PartnerInvitationFactory(revoked_at=timezone.now())) == (
        "revoked",
        "The Secretariat has withdrawn this invitation; the link no longer works.",
    )
    assert refusal(PartnerInvitationFactory(), nonce="an-older-nonce")[0] == "superseded"
    assert refusal(PartnerInvitationFactory(expires_at=timezone.now())) == (
        "expired",
        "This invitation link has expired.",
    )
    usable = PartnerInvitationFactory(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    assert services.invitation_check_usable(invitation=usable, nonce=usable.nonce) is None


def test_accepting_makes_a_verified_editor_in_the_invitations_language():
    invitation = PartnerInvitationFactory(email="awa@example.org", full_name="Awa Diop")
    user = services.invitation_accept(invitation=invitation, password="a long passphrase 42")
    assert (user.email, user.full_name, user.preferred_language) == (
        "awa@example.org",
        "Awa Diop",
        "fr",
    )
    assert user.check_password("a long passphrase 42")
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == ("awa@example.org", True, True)
    assert PartnerEditor.objects.get(user=user).partner == invitation.partner
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(invitation=invitation, password=None)
    assert refused.value.code == "used"


def test_an_existing_account_accepts_once_and_only_if_it_edits_nothing():
    existing = UserFactory(email="awa@example.org", full_name="Awa")
    invitation = PartnerInvitationFactory(email="Awa@example.org")
    user = services.invitation_accept(invitation=invitation, password=None, full_name="Other")
    assert user == existing
    existing.refresh_from_db()
    assert existing.full_name == "Awa"
    editor = PartnerEditorFactory(user__email="busy@example.org").user
    second = PartnerInvitationFactory(email="busy@example.org")
    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(invitation=second, password=None)
    assert refused.value.messages == ["This account is already an editor of an organisation."]
    assert PartnerEditor.objects.filter(user=editor).count() == 1
    second.refresh_from_db()
    assert second.accepted_at is None


def test_a_link_resent_meanwhile_cannot_be_accepted():
    invitation = PartnerInvitationFactory()
    loaded = PartnerInvitation.objects.get(pk=invitation.pk)
    services.invitation_send(invitation=invitation)
    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(invitation=loaded, password="a long passphrase 42")
    assert refused.value.code == "superseded"
    assert not PartnerEditor.objects.exists()


def test_approving_without_a_comment_stores_none():
    revision = PartnerRevisionFactory(lock_version=1)
    services.revision_approve(
        revision=revision,
        reviewer=UserFactory(),
        lock_version=1,
        profile_version=revision.partner.profile_version,
    )
    revision.refresh_from_db()
    assert (revision.state, revision.decision_comment) == (PartnerRevision.State.APPROVED, "")
