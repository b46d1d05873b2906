"""Writes to partner data. Every status change goes through here."""

import datetime
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from foundation.mail import outbox
from partners import emails, revisions
from partners.lifecycle import rules
from partners.models import (
    Action,
    Partner,
    PartnerEditor,
    PartnerInvitation,
    PartnerRevision,
    PartnershipStatus,
    Sector,
    Standing,
    StatusChange,
)


def _check_status_for_kind(partner: Partner, status: str) -> None:
    if status not in PartnershipStatus.values:
        raise ValidationError(_("Unknown partnership status."))
    # Foundations hold official relations under their own Directives
    # (29 C/Res.64); NGOs hold consultative or associate status (36 C/Res.108).
    is_foundation = partner.kind == Partner.Kind.FOUNDATION
    if is_foundation != (status == PartnershipStatus.OFFICIAL_RELATIONS):
        if is_foundation:
            raise ValidationError(_("A foundation holds official relations, not NGO status."))
        raise ValidationError(_("Official relations are for foundations; choose an NGO status."))


def _clean_reference(reference: str) -> str:
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(_("A decision reference is required."))
    return reference


@transaction.atomic
def partner_set_status(
    *,
    partner: Partner,
    status: str,
    decided_on: datetime.date,
    reference: str,
    executive_board_session: int | None = None,
    next_review_date: datetime.date | None = None,
    note: str = "",
    changed_by=None,
    decided_by: str = "",
    admission: bool = False,
) -> StatusChange:
    """Record a decision on a partnership status: admission, renewal or change.

    An `admission` (the decision that made the partner) sets "since" and the
    admission fields; later decisions never touch them (they are the latest
    decision, read from the history), so a partner admitted in 2012 and moved
    to associate status in 2024 is still a partner since 2012. A change of
    status moves `status_since`; every decision sets the next review, either
    as given or from the Directives' period for the status (rules.period_end),
    so a review date never goes stale behind a newer decision.
    """
    _check_status_for_kind(partner, status)
    reference = _clean_reference(reference)
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    change = status_decision(
        partner=partner,
        status=status,
        decided_on=decided_on,
        reference=reference,
        executive_board_session=executive_board_session,
        next_review_date=next_review_date,
        note=note,
        changed_by=changed_by,
        decided_by=decided_by,
        admission=admission,
    )
    change.full_clean()
    change.save()
    partner.save()
    return change


def status_decision(
    *,
    partner: Partner,
    status: str,
    decided_on: datetime.date,
    reference: str,
    executive_board_session: int | None = None,
    next_review_date: datetime.date | None = None,
    note: str,
    changed_by,
    decided_by: str,
    admission: bool,
) -> StatusChange:
    """The rules of partner_set_status without the database: sets the
    decision's effects on `partner` in memory and returns its StatusChange,
    unsaved. partner_set_status saves both; the import saves new partners
    and their admissions in bulk (partners/imports/apply.py).
    """
    is_admission = admission
    if is_admission:
        kind = StatusChange.Kind.ADMISSION
    elif partner.status != status:
        kind = StatusChange.Kind.STATUS_CHANGE
    else:
        kind = StatusChange.Kind.RENEWAL
    change = StatusChange(
        partner=partner,
        kind=kind,
        decided_by=decided_by,
        status=status,
        previous_status=partner.status if partner.status != status and not is_admission else "",
        decided_on=decided_on,
        reference=reference,
        executive_board_session=executive_board_session,
        note=note,
        changed_by=changed_by,
    )
    if is_admission:
        partner.since = decided_on
        partner.admission_decision_date = decided_on
        partner.decision_reference = reference
        partner.executive_board_session = executive_board_session
        partner.next_report_due = rules.report_due_after(decided_on)
    if is_admission or partner.status != status:
        partner.status_since = decided_on
    partner.status = status
    partner.next_review_date = next_review_date or rules.period_end(status, decided_on)
    return change


@transaction.atomic
def partner_set_standing(
    *,
    partner: Partner,
    standing: str,
    decided_on: datetime.date,
    reference: str,
    note: str,
    changed_by=None,
    decided_by: str = "",
) -> StatusChange:
    """Suspend a partnership, end a suspension, or end the partnership, with its reasons.

    The status is kept, so an ended partnership still says what it was; the
    directory leaves out ended partnerships unless `status=former` is asked.
    """
    moves = {
        (Standing.ACTIVE, Standing.SUSPENDED): StatusChange.Kind.SUSPENSION,
        (Standing.SUSPENDED, Standing.ACTIVE): StatusChange.Kind.REINSTATEMENT,
        (Standing.ACTIVE, Standing.ENDED): StatusChange.Kind.TERMINATION,
        (Standing.SUSPENDED, Standing.ENDED): StatusChange.Kind.TERMINATION,
    }
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    kind = moves.get((partner.standing, standing))
    if kind is None:
        raise ValidationError(
            _("A partnership that is %(now)s cannot become %(then)s."),
            params={
                "now": partner.get_standing_display().lower(),
                "then": Standing(standing).label.lower() if standing in Standing.values else "?",
            },
        )
    if not note.strip():
        raise ValidationError(_("Give the reason for this decision."))
    change = StatusChange(
        partner=partner,
        kind=kind,
        decided_by=decided_by,
        status=partner.status,
        decided_on=decided_on,
        reference=_clean_reference(reference),
        note=note.strip(),
        changed_by=changed_by,
    )
    change.full_clean()
    change.save()
    partner.standing = standing
    partner.standing_since = decided_on
    if standing == Standing.ENDED:
        partner.next_review_date = None
        partner.next_report_due = None
    partner.save()
    return change


# --- NGO self-service: profile revisions, actions, invitations ---------------

INVITATION_DAYS = 14


def _conflict() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this proposal while you were editing it. "
            "Your changes were not saved: reload the page to see the latest version."
        ),
        code="conflict",
    )


@transaction.atomic
def revision_save(
    *, partner: Partner, editor, proposed: dict, lock_version: int
) -> PartnerRevision:
    """Create or update the partner's one pending revision.

    `lock_version` is the edit number the editor's form was built from (0 when
    there was no pending revision): if another editor saved in between, the
    save is refused rather than silently overwriting their proposal.

    Side effects: creates or updates a PartnerRevision; nothing public changes.
    """
    # Locking the partner row serializes two editors saving at the same moment,
    # so the version check below and the write that follows cannot interleave.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    revision = partner.revisions.filter(state=PartnerRevision.State.PENDING).first()
    current_lock = revision.lock_version if revision else 0
    if lock_version != current_lock:
        raise _conflict()
    proposed = revisions.normalize(proposed)
    if revision is None:
        if proposed == revisions.normalize(revisions.snapshot(partner)):
            raise ValidationError(_("You have not changed anything."), code="unchanged")
        revision = PartnerRevision(
            partner=partner,
            base_version=partner.profile_version,
            created_by=editor,
            lock_version=0,
        )
    revision.proposed = proposed
    revision.updated_by = editor
    revision.lock_version += 1
    revision.full_clean()
    revision.save()
    return revision


@transaction.atomic
def revision_withdraw(*, revision: PartnerRevision, user, lock_version: int) -> PartnerRevision:
    """The editor takes back a pending proposal. Side effects: marks it withdrawn."""
    revision = PartnerRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_pending or revision.lock_version != lock_version:
        raise _conflict()
    revision.state = PartnerRevision.State.WITHDRAWN
    revision.decided_by = user
    revision.decided_at = timezone.now()
    revision.save()
    return revision


def _lock_pending(revision: PartnerRevision, lock_version: int, profile_version: int):
    partner = Partner.objects.select_for_update().get(pk=revision.partner_id)
    revision = PartnerRevision.objects.select_for_update().get(pk=revision.pk)
    if not revision.is_pending:
        raise ValidationError(_("This proposal has already been decided."), code="decided")
    if revision.lock_version != lock_version or partner.profile_version != profile_version:
        raise ValidationError(
            _(
                "The proposal or the public profile changed while you were reviewing it. "
                "Nothing was decided: review the updated comparison."
            ),
            code="conflict",
        )
    return partner, revision


@transaction.atomic
def revision_approve(
    *,
    revision: PartnerRevision,
    reviewer,
    lock_version: int,
    profile_version: int,
    comment: str = "",
) -> PartnerRevision:
    """Publish a pending revision.

    `lock_version` and `profile_version` are what the reviewer saw on the
    comparison page; if either moved since, nothing is published.

    Side effects: writes the proposed profile onto the partner (fields,
    sectors, public contacts, delegates) and bumps its profile_version; marks
    the revision approved; emails its editors the outcome after commit.
    """
    partner, revision = _lock_pending(revision, lock_version, profile_version)
    revisions.apply(partner, revision.proposed)
    Partner.objects.filter(pk=partner.pk).update(profile_version=F("profile_version") + 1)
    revision.state = PartnerRevision.State.APPROVED
    revision.decided_by = reviewer
    revision.decided_at = timezone.now()
    revision.decision_comment = comment.strip()
    revision.full_clean()
    revision.save()
    emails.revision_outcome(revision)
    return revision


@transaction.atomic
def revision_reject(
    *,
    revision: PartnerRevision,
    reviewer,
    lock_version: int,
    profile_version: int,
    comment: str,
) -> PartnerRevision:
    """Turn down a pending revision with a comment for the editors.

    Side effects: marks the revision rejected; emails its editors after commit.
    """
    if not comment.strip():
        raise ValidationError(_("Say why the proposal is rejected."), code="comment")
    _partner, revision = _lock_pending(revision, lock_version, profile_version)
    revision.state = PartnerRevision.State.REJECTED
    revision.decided_by = reviewer
    revision.decided_at = timezone.now()
    revision.decision_comment = comment.strip()
    revision.full_clean()
    revision.save()
    emails.revision_outcome(revision)
    return revision


def partner_bump_profile_version(*, partner: Partner) -> None:
    """Record that the public profile changed outside a revision (admin edit)."""
    Partner.objects.filter(pk=partner.pk).update(profile_version=F("profile_version") + 1)


@transaction.atomic
def action_save(*, partner: Partner, user, data: dict, action: Action | None = None) -> Action:
    """Create or update one of the partner's actions; public at once if published.

    Side effects: saves the Action and its sectors.
    """
    if action is not None and action.partner_id != partner.pk:
        raise ValidationError(_("This action belongs to another organisation."))
    sectors = data.pop("sectors", [])
    action = action or Action(partner=partner, created_by=user)
    for key, value in data.items():
        setattr(action, key, value)
    action.full_clean()
    action.save()
    action.sectors.set(Sector.objects.filter(code__in=sectors))
    return action


def action_set_published(*, action: Action, published: bool) -> Action:
    """The editor publishes or unpublishes an action. Side effects: saves it."""
    action.published = published
    action.save(update_fields=["published", "updated_at"])
    return action


def action_set_hidden(*, action: Action, hidden: bool) -> Action:
    """The Secretariat hides an action from the public, or shows it again."""
    action.hidden_by_secretariat = hidden
    action.save(update_fields=["hidden_by_secretariat", "updated_at"])
    return action


def invitation_validity_days() -> int:
    """How long an invitation link works after it is (re)sent."""
    return getattr(settings, "PARTNER_INVITATION_DAYS", INVITATION_DAYS)


def invitation_validity() -> datetime.timedelta:
    """The one duration behind an invitation's expires_at and its link's signature age."""
    return datetime.timedelta(days=invitation_validity_days())


def _open_invitations(*, partner: Partner, email: str):
    return PartnerInvitation.objects.filter(
        partner=partner, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    )


def invitation_check_new(*, partner: Partner, email: str) -> str:
    """Whether `email` may be invited to edit `partner`; returns it normalized.

    Raises ValidationError (codes `editor`, `editor_elsewhere`, `pending`,
    `expired`) when the address is already an editor of this or another
    partner (an account edits one partner only), or already has an open
    invitation for this partner. No side effects; the admin's form and
    invitation_create both ask here.
    """
    email = email.strip().lower()
    link = PartnerEditor.objects.filter(user__email__iexact=email).select_related("partner").first()
    if link is not None and link.partner_id == partner.pk:
        raise ValidationError(
            _("%(email)s is already an editor of %(partner)s.")
            % {"email": email, "partner": link.partner.name},
            code="editor",
        )
    if link is not None:
        raise ValidationError(
            _(
                "%(email)s is already an editor of another organisation, "
                "and an account edits one organisation only."
            )
            % {"email": email},
            code="editor_elsewhere",
        )
    existing = _open_invitations(partner=partner, email=email).first()
    if existing is not None and existing.expires_at > timezone.now():
        raise ValidationError(
            _(
                "An invitation to %(email)s for this organisation is still pending. "
                "If the email was lost, send it again from the list of invitations."
            )
            % {"email": email},
            code="pending",
        )
    if existing is not None:
        raise ValidationError(
            _(
                "The invitation to %(email)s for this organisation has expired. "
                "Send it again from the list of invitations: it gets a new link."
            )
            % {"email": email},
            code="expired",
        )
    return email


@transaction.atomic
def invitation_send(*, invitation: PartnerInvitation) -> PartnerInvitation:
    """(Re)issue the link: new nonce, new expiry; older links stop working.

    Refused for an accepted or revoked invitation; an expired one may be sent
    again. Side effects: saves the invitation (the audit trail records the new
    expiry); emails it after commit, in the invitation's language.
    """
    if invitation.pk is not None:
        # Re-read under a lock: an acceptance or a revocation may have
        # happened since the caller loaded the invitation.
        invitation.refresh_from_db(from_queryset=PartnerInvitation.objects.select_for_update())
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.revoked_at is not None:
        raise ValidationError(
            _("This invitation has been revoked; invite the person again instead."),
            code="revoked",
        )
    if invitation.pk is not None:
        # The older link is dead once the nonce changes: don't send it late.
        outbox.cancel(key=emails.invitation_key(invitation))
    invitation.nonce = secrets.token_urlsafe(24)
    invitation.expires_at = timezone.now() + invitation_validity()
    invitation.sent_at = timezone.now()
    invitation.full_clean()
    invitation.save()
    emails.invitation(invitation)
    return invitation


@transaction.atomic
def invitation_create(
    *, partner: Partner, email: str, full_name: str = "", language: str = "", invited_by=None
) -> PartnerInvitation:
    """Invite someone to become an editor of `partner`.

    Refused as invitation_check_new says. Side effects: creates a
    PartnerInvitation and emails it after commit (in `language`).
    """
    # Locking the partner serializes two invitations of the same address made
    # at the same moment, so the check below cannot pass twice; the unique
    # constraint stays as the last line of defence.
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    email = invitation_check_new(partner=partner, email=email)
    invitation = PartnerInvitation(
        partner=partner,
        email=email,
        full_name=full_name.strip(),
        language=language or settings.LANGUAGE_CODE,
        created_by=invited_by,
    )
    return invitation_send(invitation=invitation)  # sets the link and its expiry


@transaction.atomic
def invitation_revoke(*, invitation: PartnerInvitation, revoked_by) -> PartnerInvitation:
    """The Secretariat withdraws an invitation that has not been accepted.

    Side effects: marks it revoked (the audit trail records who and when);
    its link stops working at once. Nobody is emailed.
    """
    invitation.refresh_from_db(from_queryset=PartnerInvitation.objects.select_for_update())
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has already been accepted; it can no longer be revoked."),
            code="accepted",
        )
    if invitation.revoked_at is not None:
        raise ValidationError(_("This invitation has already been revoked."), code="revoked")
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = revoked_by
    # An email still waiting in the outbox would carry a dead link.
    outbox.cancel(key=emails.invitation_key(invitation))
    invitation.full_clean()
    invitation.save()
    return invitation


def invitation_check_usable(*, invitation: PartnerInvitation, nonce: str) -> None:
    """Whether the link carrying `nonce` may still be used to accept `invitation`.

    The link's signature has been checked by the caller, so a nonce that
    differs from the invitation's is an older link of a resent invitation.
    Raises ValidationError (codes `used`, `revoked`, `superseded`, `expired`)
    with a message for the invitee. No side effects.
    """
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation link has already been used."), code="used")
    if invitation.revoked_at is not None:
        raise ValidationError(
            _("The Secretariat has withdrawn this invitation; the link no longer works."),
            code="revoked",
        )
    if not constant_time_compare(invitation.nonce, nonce):
        raise ValidationError(
            _(
                "This link has been replaced by a newer one. "
                "Use the link in the most recent invitation email."
            ),
            code="superseded",
        )
    if invitation.expires_at <= timezone.now():
        raise ValidationError(_("This invitation link has expired."), code="expired")


@transaction.atomic
def invitation_accept(*, invitation: PartnerInvitation, password: str | None, full_name: str = ""):
    """Accept an invitation: the invitee becomes a verified user and an editor.

    `invitation` is the object the caller loaded and checked against the link
    (invitation_check_usable): its nonce is the link's. The row is checked
    again under a lock, so a link resent, revoked or used meanwhile is refused.

    `password` is None when the invitee already has an account and is signed
    in with the invited address. Side effects: creates (or reuses) the User,
    marks its email verified, creates the PartnerEditor link, marks the
    invitation accepted.
    """
    link_nonce = invitation.nonce
    invitation = PartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check_usable(invitation=invitation, nonce=link_nonce)
    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User(
            email=invitation.email,
            full_name=(full_name or invitation.full_name).strip(),
            preferred_language=invitation.language,
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
    elif PartnerEditor.objects.filter(user=user).exists():
        raise ValidationError(_("This account is already an editor of an organisation."))
    EmailAddress.objects.update_or_create(
        user=user,
        email=invitation.email,
        defaults={"verified": True, "primary": True},
    )
    PartnerEditor.objects.create(user=user, partner=invitation.partner)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save()
    return user
