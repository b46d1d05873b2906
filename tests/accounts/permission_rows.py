"""Every URL this branch adds, with every role.

Editors never name their partner in a URL; the forged-partner rows post
another partner's id and slug in hidden fields and check that partner D
(which no role edits) is untouched. Sensitive Secretariat actions answer a
Secretariat session that has not re-authenticated recently with a redirect
to allauth's re-authentication page, and change nothing.
"""

from tests.permission_matrix import ROLES, Case, secretariat_only, signed_in, wrong_method

EDITORS = {"editor_a": 200, "editor_b": 200, "liaison": 200}
NOT_EDITORS = {
    "unverified_delegate": 403,
    "verified_delegate": 403,
    "applicant": 403,
    "focal_point": 403,
    "secretariat_nomfa": 403,
    "secretariat": 403,
}


def build(world: dict) -> None:
    from foundation.accounts.models import DelegateProfile
    from partners.models import PartnerRevision
    from partners.revisions import snapshot
    from tests.factories import ActionFactory, PartnerFactory
    from tests.partners.factories import PartnerInvitationFactory

    partner_d = PartnerFactory(name_en="Partner D", slug="partner-d", acronym="PD")
    world["partner_d"] = partner_d
    world["action_a"] = ActionFactory(partner=world["partner_a"], title_en="Action of A")
    world["action_d"] = ActionFactory(partner=partner_d, title_en="Action of D")
    # Partner D has a pending revision and no editor at all.
    world["revision_d"] = PartnerRevision.objects.create(
        partner=partner_d,
        base_version=partner_d.profile_version,
        proposed={**snapshot(partner_d), "mission_fr": "Proposition de D."},
        lock_version=1,
    )
    invitation = PartnerInvitationFactory(partner=partner_d, email="invitee@example.org")
    from partners.tasks import invitation_token

    world["invitation_token"] = invitation_token(invitation)
    world["invitation_d"] = invitation
    world["invitation_d_nonce"] = invitation.nonce
    world["delegate_profile"] = DelegateProfile.objects.get(
        user=world["users"]["unverified_delegate"]
    )


def editor_page(url_name, path, **kwargs) -> Case:
    return Case(url_name, path, expect={"visitor": 302, **EDITORS, **NOT_EDITORS}, **kwargs)


def sensitive(url_name, path, **kwargs) -> Case:
    """A Secretariat POST that also needs a recent re-authentication."""
    expect = dict.fromkeys(ROLES, 403)
    expect.update(visitor=302, secretariat_nomfa=302, secretariat=302)
    return Case(
        url_name,
        path,
        expect=expect,
        method="post",
        redirect_contains={
            "visitor": "/login",
            "secretariat_nomfa": "/2fa/totp/activate/",
            "secretariat": "/reauthenticate/",
        },
        **kwargs,
    )


def profile_post(world) -> dict:
    """A valid profile proposal carrying partner D's id and slug as forged fields."""
    return {
        "lock_version": "0",
        "partner": str(world["partner_d"].pk),
        "partner_id": str(world["partner_d"].pk),
        "slug": "partner-d",
        "mission_en": "Forged mission.",
        "country": "FR",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "delegates-TOTAL_FORMS": "0",
        "delegates-INITIAL_FORMS": "0",
    }


def action_post(world) -> dict:
    return {
        "title_en": "Forged action",
        "partner": str(world["partner_d"].pk),
        "published": "on",
    }


def partner_d_untouched(world) -> bool:
    partner = world["partner_d"]
    partner.refresh_from_db()
    return (
        revision_d_pending(world)
        and partner.mission_en == "Promotes lifelong learning for everyone."
        and partner.actions.count() == 1
        and partner.actions.get().title_en == "Action of D"
        and partner.actions.get().published
    )


def revision_d_pending(world) -> bool:
    partner = world["partner_d"]
    partner.refresh_from_db()
    revisions = list(partner.revisions.all())
    return (
        len(revisions) == 1
        and revisions[0].is_pending
        and revisions[0].lock_version == 1
        and revisions[0].proposed["mission_fr"] == "Proposition de D."
        and partner.mission_fr != "Proposition de D."
    )


def status_a_unchanged(world) -> bool:
    partner = world["partner_a"]
    partner.refresh_from_db()
    return partner.status == "consultative" and not partner.status_changes.exists()


def invitation_d_untouched(world) -> bool:
    """Partner D's one invitation is still open with its link, and no other exists."""
    from partners.models import PartnerInvitation

    invitations = list(PartnerInvitation.objects.all())
    return (
        len(invitations) == 1
        and invitations[0].pk == world["invitation_d"].pk
        and invitations[0].nonce == world["invitation_d_nonce"]
        and invitations[0].revoked_at is None
        and invitations[0].accepted_at is None
    )


def invitation_post(world) -> dict:
    return {
        "email": "new-editor@example.org",
        "partner": str(world["partner_d"].pk),
        "language": "fr",
    }


def post_only(url_name, path) -> Case:
    """A Secretariat command asked for with GET: 405 for everyone, before the role guard."""
    return wrong_method(url_name, path, unchanged=invitation_d_untouched)


def delegate_unverified(world) -> bool:
    profile = world["delegate_profile"]
    profile.refresh_from_db()
    return profile.verified_at is None


def action_a_public(world) -> bool:
    action = world["action_a"]
    action.refresh_from_db()
    return action.published and action.title_en == "Action of A"


CASES = [
    # The mailbox proof before a Secretariat account's first authenticator:
    # only a Secretariat account without one is asked; anyone else signed in
    # goes straight on to allauth's set-up page.
    Case(
        "enrolment_code",
        "/en/accounts/2fa/enrol/",
        expect=dict.fromkeys(ROLES, 302) | {"secretariat_nomfa": 200},
        password_only=302,
        redirect_contains=dict.fromkeys(ROLES, "/2fa/totp/activate/") | {"visitor": "/login"},
    ),
    # Re-authentication (foundation.accounts.views_reauth, at allauth's paths):
    # by password for anyone signed in; by the authenticator code for the
    # accounts that own one, the others being sent to the password page.
    signed_in("account_reauthenticate", "/en/accounts/reauthenticate/"),
    Case(
        "mfa_reauthenticate",
        "/en/accounts/2fa/reauthenticate/",
        expect=dict.fromkeys(ROLES, 302) | {"secretariat": 200},
        password_only=200,
        redirect_contains=dict.fromkeys(ROLES, "/accounts/reauthenticate/") | {"visitor": "/login"},
    ),
    # NGO editor self-service: the partner is always the editor's own.
    editor_page("partners_editor:profile", "/en/my/organisation/"),
    editor_page("partners_editor:profile", "/fr/my/organisation/"),
    Case(
        "partners_editor:profile",
        "/en/my/organisation/",
        expect={"visitor": 302, "editor_a": 302, "editor_b": 302, "liaison": 302, **NOT_EDITORS},
        method="post",
        data=profile_post,
        redirect_contains=dict.fromkeys(("editor_a", "editor_b", "liaison"), "/my/organisation/"),
        unchanged=partner_d_untouched,
    ),
    # The profile's other parts, on pages of their own: the same guard and
    # the same forged-partner check.
    editor_page("partners_editor:profile_contacts", "/en/my/organisation/contacts/"),
    editor_page("partners_editor:profile_delegates", "/es/my/organisation/delegates/"),
    Case(
        "partners_editor:profile_contacts",
        "/en/my/organisation/contacts/",
        expect={"visitor": 302, "editor_a": 302, "editor_b": 302, "liaison": 302, **NOT_EDITORS},
        method="post",
        data=lambda world: {
            **profile_post(world),
            "contacts-TOTAL_FORMS": "1",
            "contacts-0-name": "Forged",
            "contacts-0-email": "forged@example.org",
            "contacts-0-preferred_language": "en",
        },
        redirect_contains=dict.fromkeys(
            ("editor_a", "editor_b", "liaison"), "/my/organisation/contacts/"
        ),
        unchanged=partner_d_untouched,
    ),
    Case(
        "partners_editor:profile_delegates",
        "/en/my/organisation/delegates/",
        expect={"visitor": 302, "editor_a": 302, "editor_b": 302, "liaison": 302, **NOT_EDITORS},
        method="post",
        data=lambda world: {
            **profile_post(world),
            "delegates-TOTAL_FORMS": "1",
            "delegates-0-country": "SN",
            "delegates-0-name": "Forged",
        },
        redirect_contains=dict.fromkeys(
            ("editor_a", "editor_b", "liaison"), "/my/organisation/delegates/"
        ),
        unchanged=partner_d_untouched,
    ),
    Case(
        "partners_editor:profile_withdraw",
        "/en/my/organisation/withdraw/",
        expect={"visitor": 302, "editor_a": 302, "editor_b": 302, "liaison": 302, **NOT_EDITORS},
        method="post",
        data={"lock_version": "999"},
        redirect_contains=dict.fromkeys(("editor_a", "editor_b", "liaison"), "/my/organisation/"),
        unchanged=revision_d_pending,
    ),
    editor_page("partners_editor:actions", "/en/my/organisation/actions/"),
    editor_page("partners_editor:action_create", "/en/my/organisation/actions/new/"),
    Case(
        "partners_editor:action_create",
        "/en/my/organisation/actions/new/",
        expect={"visitor": 302, "editor_a": 302, "editor_b": 302, "liaison": 302, **NOT_EDITORS},
        method="post",
        data=action_post,
        redirect_contains=dict.fromkeys(("editor_a", "editor_b"), "/my/organisation/actions/"),
        unchanged=partner_d_untouched,
    ),
    Case(
        "partners_editor:action_edit",
        lambda w: f"/en/my/organisation/actions/{w['action_a'].pk}/",
        expect={"visitor": 302, "editor_a": 200, "editor_b": 404, "liaison": 404, **NOT_EDITORS},
    ),
    Case(
        "partners_editor:action_edit",
        lambda w: f"/en/my/organisation/actions/{w['action_d'].pk}/",
        expect={"visitor": 302, "editor_a": 404, "editor_b": 404, "liaison": 404, **NOT_EDITORS},
        method="post",
        data=action_post,
        unchanged=partner_d_untouched,
    ),
    Case(
        "partners_editor:action_edit",
        "/en/my/organisation/actions/99999999/",
        expect={"visitor": 302, "editor_a": 404, "editor_b": 404, "liaison": 404, **NOT_EDITORS},
    ),
    Case(
        "partners_editor:action_unpublish",
        lambda w: f"/en/my/organisation/actions/{w['action_d'].pk}/unpublish/",
        expect={"visitor": 302, "editor_a": 404, "editor_b": 404, "liaison": 404, **NOT_EDITORS},
        method="post",
        unchanged=partner_d_untouched,
    ),
    Case(
        "partners_editor:action_unpublish",
        lambda w: f"/en/my/organisation/actions/{w['action_a'].pk}/unpublish/",
        expect={"visitor": 302, "editor_a": 302, "editor_b": 404, "liaison": 404, **NOT_EDITORS},
        method="post",
        redirect_contains={"editor_a": "/my/organisation/actions/"},
        unchanged=action_a_public,
        may_change=("editor_a",),
    ),
    wrong_method(
        "partners_editor:action_unpublish",
        lambda w: f"/en/my/organisation/actions/{w['action_a'].pk}/unpublish/",
        unchanged=action_a_public,
    ),
    # The invitation link: for the invited address only.
    Case(
        "partners_editor:join",
        lambda w: f"/en/my/organisation/join/{w['invitation_token']}/",
        expect={"visitor": 200},
        default=403,
    ),
    Case("partners_editor:join", "/en/my/organisation/join/forged:token/", expect={}, default=400),
    # Secretariat curation.
    secretariat_only("curation:revision_list", "/en/my/secretariat/revisions/"),
    secretariat_only(
        "curation:revision_detail",
        lambda w: f"/en/my/secretariat/revisions/{w['revision_d'].pk}/",
    ),
    Case(
        "curation:revision_detail",
        "/en/my/secretariat/revisions/99999999/",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat_nomfa": 302, "secretariat": 404},
        redirect_contains={"secretariat_nomfa": "/2fa/totp/activate/"},
    ),
    sensitive(
        "curation:revision_approve",
        lambda w: f"/en/my/secretariat/revisions/{w['revision_d'].pk}/approve/",
        data=lambda w: {"lock_version": "1", "profile_version": "1"},
        unchanged=revision_d_pending,
    ),
    sensitive(
        "curation:revision_reject",
        lambda w: f"/en/my/secretariat/revisions/{w['revision_d'].pk}/reject/",
        data=lambda w: {"lock_version": "1", "profile_version": "1", "comment": "No."},
        unchanged=revision_d_pending,
    ),
    secretariat_only("curation:partner_status", "/en/my/secretariat/partners/partner-a/status/"),
    sensitive(
        "curation:partner_status",
        "/en/my/secretariat/partners/partner-a/status/",
        data={"status": "associate", "decided_on": "2025-05-05", "reference": "DG/1/25/1"},
        unchanged=status_a_unchanged,
    ),
    Case(
        "curation:partner_status",
        "/en/my/secretariat/partners/no-such-partner/status/",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat_nomfa": 302, "secretariat": 404},
        redirect_contains={"secretariat_nomfa": "/2fa/totp/activate/"},
    ),
    secretariat_only("curation:action_list", "/en/my/secretariat/actions/"),
    Case(
        "curation:action_hide",
        lambda w: f"/en/my/secretariat/actions/{w['action_d'].pk}/hide/",
        expect=dict.fromkeys(ROLES, 403)
        | {"visitor": 302, "secretariat_nomfa": 302, "secretariat": 302},
        method="post",
        data={"hidden": "0"},
        redirect_contains={
            "secretariat_nomfa": "/2fa/totp/activate/",
            "secretariat": "/my/secretariat/actions/",
        },
        unchanged=partner_d_untouched,
    ),
    # Editor invitations.
    secretariat_only("curation:invitation_list", "/en/my/secretariat/invitations/"),
    secretariat_only(
        "curation:invitation_list",
        lambda w: f"/fr/my/secretariat/invitations/?state=pending&partner={w['partner_d'].pk}",
    ),
    secretariat_only(
        "curation:invitation_list", "/es/my/secretariat/invitations/?partner=forged&state=x"
    ),
    secretariat_only("curation:invitation_create", "/en/my/secretariat/invitations/new/"),
    secretariat_only(
        "curation:invitation_create",
        lambda w: f"/fr/my/secretariat/invitations/new/?partner={w['partner_d'].pk}",
    ),
    sensitive(
        "curation:invitation_create",
        "/en/my/secretariat/invitations/new/",
        data=invitation_post,
        unchanged=invitation_d_untouched,
    ),
    sensitive(
        "curation:invitation_resend",
        lambda w: f"/en/my/secretariat/invitations/{w['invitation_d'].pk}/resend/",
        unchanged=invitation_d_untouched,
    ),
    post_only(
        "curation:invitation_resend",
        lambda w: f"/en/my/secretariat/invitations/{w['invitation_d'].pk}/resend/",
    ),
    sensitive(
        "curation:invitation_revoke",
        lambda w: f"/en/my/secretariat/invitations/{w['invitation_d'].pk}/revoke/",
        unchanged=invitation_d_untouched,
    ),
    sensitive(
        "curation:invitation_revoke",
        "/en/my/secretariat/invitations/99999999/revoke/",
        unchanged=invitation_d_untouched,
    ),
    post_only(
        "curation:invitation_revoke",
        lambda w: f"/en/my/secretariat/invitations/{w['invitation_d'].pk}/revoke/",
    ),
    # Delegate verification.
    secretariat_only("accounts:delegate_list", "/en/my/secretariat/delegates/"),
    sensitive(
        "accounts:delegate_verify",
        lambda w: f"/en/my/secretariat/delegates/{w['delegate_profile'].pk}/verify/",
        unchanged=delegate_unverified,
    ),
]
