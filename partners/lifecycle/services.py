"""Writes to applications: the workflow lives here and nowhere else.

Every state change goes through `application_transition`, which checks the
TRANSITIONS table and the actor's role, locks the row, records an
ApplicationStep with who, when and why, and queues the emails in the same
transaction (foundation.mail.outbox sends them after the commit).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from foundation.files import store_checked_upload
from foundation.uploads import check_document
from partners import permissions
from partners.lifecycle import emails, letters, rules
from partners.lifecycle.models import (
    APPLICATION_KIND_TO_STATUS,
    Application,
    ApplicationDocument,
    ApplicationStep,
    DecisionLetter,
    FocalPointComment,
)
from partners.models import Partner, PartnerEditor, PartnershipStatus, StatusChange
from partners.services import partner_set_status

State = Application.State
APPLICANT = "applicant"
SECRETARIAT = "secretariat"

# (from, to) → who may make the move. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.DRAFT, State.SUBMITTED): APPLICANT,
    (State.INCOMPLETE, State.SUBMITTED): APPLICANT,
    (State.SUBMITTED, State.INCOMPLETE): SECRETARIAT,
    (State.SUBMITTED, State.UNDER_EXAMINATION): SECRETARIAT,
    (State.UNDER_EXAMINATION, State.INCOMPLETE): SECRETARIAT,
    (State.UNDER_EXAMINATION, State.RECOMMENDED): SECRETARIAT,
    (State.RECOMMENDED, State.ADMITTED): SECRETARIAT,
    (State.RECOMMENDED, State.DECLINED): SECRETARIAT,
    (State.DRAFT, State.WITHDRAWN): APPLICANT,
    (State.SUBMITTED, State.WITHDRAWN): APPLICANT,
    (State.INCOMPLETE, State.WITHDRAWN): APPLICANT,
    (State.UNDER_EXAMINATION, State.WITHDRAWN): APPLICANT,
    (State.RECOMMENDED, State.WITHDRAWN): APPLICANT,
}

# The file each request must hold (the Directives' procedure, see docs/partnership.md).
REQUIRED_DOCUMENTS = {
    Application.Kind.CONSULTATIVE: [
        ApplicationDocument.Kind.STATUTES,
        ApplicationDocument.Kind.LEGAL_RECOGNITION,
        ApplicationDocument.Kind.MEMBERS,
        ApplicationDocument.Kind.ACTIVITY_REPORT,
        ApplicationDocument.Kind.FINANCIAL_REPORT,
    ],
    Application.Kind.ASSOCIATE: [
        ApplicationDocument.Kind.MEMBERS,
        ApplicationDocument.Kind.ACTIVITY_REPORT,
        ApplicationDocument.Kind.COOPERATION_SUMMARY,
    ],
}
MAX_DOCUMENTS = 20
MAX_MESSAGE = 5000


def allowed_targets(*, application: Application, user) -> list[str]:
    """The states `user` may move `application` to now (for the buttons)."""
    return [
        to_state
        for (from_state, to_state), actor in TRANSITIONS.items()
        if from_state == application.state and _actor_may(actor, user, application)
    ]


def _actor_may(actor: str, user, application: Application) -> bool:
    if actor == SECRETARIAT:
        return permissions.can_examine_applications(user)
    if actor == APPLICANT:
        return permissions.is_applicant_of(user, application)
    return False


def missing_documents(application: Application, *, kinds_present=None) -> list[str]:
    """The required documents not in the file yet, by kind."""
    if kinds_present is None:
        kinds_present = set(application.documents.values_list("kind", flat=True))
    return [kind for kind in REQUIRED_DOCUMENTS[application.kind] if kind not in kinds_present]


def consultative_since(application: Application) -> datetime.date | None:
    """Since when the applicant's organisation holds consultative status, if it does."""
    partner = application.partner
    if partner is None or partner.status != PartnershipStatus.CONSULTATIVE:
        return None
    return partner.status_since or partner.since


def eligibility_problems(application: Application, *, today: datetime.date | None = None):
    return rules.eligibility_problems(
        kind=application.kind,
        founding_year=application.founding_year,
        scope=application.scope,
        has_legal_status=application.has_legal_status,
        has_statutes=application.has_statutes,
        has_headquarters=application.has_headquarters,
        consultative_since=consultative_since(application),
        today=today or timezone.localdate(),
    )


def completeness_problems(application: Application) -> list[str]:
    """What the applicant must still give before submitting (messages)."""
    problems = []
    required = [
        (application.organisation_name, _("the name of the organisation")),
        (application.country, _("the country of the headquarters")),
        (application.city, _("the city")),
        (application.head_name, _("the name of the head of the organisation")),
        (application.mission, _("the aims and activities")),
    ]
    if application.kind == Application.Kind.CONSULTATIVE:
        required.append((application.projects, _("the projects hoped for with UNESCO")))
    required.append((application.cooperation, _("the cooperation with UNESCO so far")))
    for value, label in required:
        if not str(value or "").strip():
            problems.append(_("Give %(what)s.") % {"what": label})
    if not application.sectors.exists():
        problems.append(_("Choose at least one UNESCO sector."))
    labels = dict(ApplicationDocument.Kind.choices)
    for kind in missing_documents(application):
        problems.append(_("Add this document: %(document)s.") % {"document": labels[kind]})
    return problems


@transaction.atomic
def application_start(*, user, kind: str) -> Application:
    """A draft request for `kind`, for the user's organisation.

    An NGO editor asks for associate status for the partner they edit; the
    request then names that partner and starts from its profile.
    """
    if kind not in Application.Kind.values:
        raise ValidationError(_("Choose consultative or associate status."))
    partner = permissions.editor_partner(user)
    if kind == Application.Kind.ASSOCIATE and partner is None:
        raise ValidationError(
            _(
                "Associate status is requested by a partner already in consultative status: "
                "sign in with your organisation's editor account."
            )
        )
    if partner is not None and kind == Application.Kind.CONSULTATIVE:
        raise ValidationError(_("Your organisation is already a partner of UNESCO."))
    application = Application(
        applicant=user, kind=kind, language=user.preferred_language, head_name=user.full_name
    )
    if partner is not None:
        application.partner = partner
        application.organisation_name = partner.name
        application.acronym = partner.acronym
        application.country = partner.country
        application.city = partner.city
        application.address = partner.address
        application.website = partner.website
        application.email = partner.email
        application.founding_year = partner.founding_year
        application.has_legal_status = True
        application.has_statutes = True
        application.has_headquarters = True
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(
            _("You already have a request in progress: complete or withdraw it first.")
        ) from error
    if partner is not None:
        application.sectors.set(partner.sectors.all())
    ApplicationStep.objects.create(
        application=application, to_state=State.DRAFT, by=user, at=timezone.now()
    )
    return application


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_save(*, application: Application, user, data: dict, sectors) -> Application:
    """Save the applicant's draft as it stands; nothing is checked for completeness here."""
    application = _lock(application)
    if not permissions.is_applicant_of(user, application):
        raise PermissionDenied
    if not application.is_editable_by_applicant:
        raise ValidationError(_("This request can no longer be changed."))
    for name, value in data.items():
        setattr(application, name, value)
    application.full_clean(exclude=["applicant", "partner"])
    application.save()
    application.sectors.set(sectors)
    return application


@transaction.atomic
def application_add_document(
    *, application: Application, user, kind: str, uploaded
) -> ApplicationDocument:
    application = _lock(application)
    if not permissions.is_applicant_of(user, application):
        raise PermissionDenied
    if not application.is_editable_by_applicant:
        raise ValidationError(_("This request can no longer be changed."))
    if kind not in ApplicationDocument.Kind.values:
        raise ValidationError(_("Choose which document this is."))
    if application.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(
            _("A request holds at most %(count)d documents; remove one first."),
            params={"count": MAX_DOCUMENTS},
        )
    checked = check_document(uploaded)
    document = ApplicationDocument(application=application, kind=kind, uploaded_by=user)
    return store_checked_upload(row=document, upload=uploaded, checked=checked)


@transaction.atomic
def application_remove_document(*, document: ApplicationDocument, user) -> None:
    application = _lock(document.application)
    if not permissions.is_applicant_of(user, application):
        raise PermissionDenied
    if not application.is_editable_by_applicant:
        raise ValidationError(_("This request can no longer be changed."))
    document.delete()


@transaction.atomic
def application_comment(*, application: Application, user, sector, text: str):
    """A sector focal point's comment, in a sector they follow and the request names."""
    if not permissions.can_comment_application(user, application, sector):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write a comment."))
    if len(text) > MAX_MESSAGE:
        raise ValidationError(
            _("A comment is at most %(max)d characters."), params={"max": MAX_MESSAGE}
        )
    return FocalPointComment.objects.create(
        application=application, sector=sector, author=user, text=text
    )


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to_state: str,
    user,
    message: str = "",
    decision: dict | None = None,
    today: datetime.date | None = None,
) -> Application:
    """Move an application, if the table and the user's role allow it.

    `decision` carries what the step needs: the recommendation for
    RECOMMENDED; the date, reference, body and Executive Board session for
    ADMITTED and DECLINED.
    """
    application = _lock(application)
    actor = TRANSITIONS.get((application.state, to_state))
    if actor is None:
        raise ValidationError(
            _("A request that is “%(state)s” cannot move to “%(to)s”."),
            params={
                "state": application.get_state_display(),
                "to": State(to_state).label if to_state in State.values else to_state,
            },
        )
    if not _actor_may(actor, user, application):
        raise PermissionDenied
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise ValidationError(
            _("A message is at most %(max)d characters."), params={"max": MAX_MESSAGE}
        )
    today = today or timezone.localdate()
    from_state = application.state
    if to_state == State.SUBMITTED:
        _check_submittable(application, today=today)
    elif to_state == State.INCOMPLETE and not message:
        raise ValidationError(_("Say what is missing: the applicant receives your message."))
    elif to_state == State.RECOMMENDED:
        _record_recommendation(application, decision or {})
    elif to_state in {State.ADMITTED, State.DECLINED}:
        _record_decision(application, decision or {}, admitted=to_state == State.ADMITTED)
    application.state = to_state
    application.save()
    step = ApplicationStep.objects.create(
        application=application,
        from_state=from_state,
        to_state=to_state,
        by=user,
        at=timezone.now(),
        message=message,
    )
    if to_state == State.ADMITTED:
        _admit(application, user=user)
    if to_state in {State.ADMITTED, State.DECLINED}:
        letters.draft_letter(application)
    emails.application_step(application, step)
    return application


def _check_submittable(application: Application, *, today: datetime.date) -> None:
    problems = [refusal.message for refusal in eligibility_problems(application, today=today)]
    problems += completeness_problems(application)
    if problems:
        raise ValidationError(problems)
    if application.submitted_on is None:
        application.submitted_on = today
    if application.kind == Application.Kind.ASSOCIATE:
        application.batch_year = rules.associate_batch_year(application.submitted_on)


def _record_recommendation(application: Application, decision: dict) -> None:
    recommendation = decision.get("recommendation") or ""
    if recommendation not in Application.Recommendation.values:
        raise ValidationError(_("Choose a favourable or unfavourable recommendation."))
    text = (decision.get("recommendation_text") or "").strip()
    if not text:
        raise ValidationError(_("Give the grounds of the recommendation."))
    application.recommendation = recommendation
    application.recommendation_text = text


def _record_decision(application: Application, decision: dict, *, admitted: bool) -> None:
    decided_on = decision.get("decided_on")
    if not isinstance(decided_on, datetime.date):
        raise ValidationError(_("Give the date of the decision."))
    if application.submitted_on and decided_on < application.submitted_on:
        raise ValidationError(_("The decision cannot be dated before the request."))
    reference = (decision.get("reference") or "").strip()
    if not reference:
        raise ValidationError(_("A decision reference is required."))
    session = decision.get("executive_board_session")
    if application.kind == Application.Kind.ASSOCIATE:
        # Associate status: the Executive Board decides, on the
        # Director-General's recommendation (Directives, 36 C/Res.108).
        if not session:
            raise ValidationError(
                _("Associate status is decided by the Executive Board: give its session.")
            )
        application.decision_body = Application.DecisionBody.EXECUTIVE_BOARD
    else:
        # Consultative status: the Director-General decides and informs the
        # Executive Board once a year, hence the session to be informed.
        application.decision_body = Application.DecisionBody.DIRECTOR_GENERAL
    application.decided_on = decided_on
    application.decision_reference = reference
    application.executive_board_session = session or None


def _unique_slug(name: str, acronym: str) -> str:
    base = slugify(acronym or name)[:100] or "partner"
    slug, number = base, 2
    while Partner.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _admit(application: Application, *, user) -> Partner:
    """The partner an admission makes (consultative) or changes (associate)."""
    status = APPLICATION_KIND_TO_STATUS[application.kind]
    decided_by = (
        StatusChange.DecidedBy.EXECUTIVE_BOARD
        if application.decision_body == Application.DecisionBody.EXECUTIVE_BOARD
        else StatusChange.DecidedBy.DIRECTOR_GENERAL
    )
    partner = application.partner
    is_new = partner is None
    if is_new:
        partner = Partner(
            name=application.organisation_name,
            acronym=application.acronym,
            slug=_unique_slug(application.organisation_name, application.acronym),
            kind=Partner.Kind.NGO,
            status=status,
            since=application.decided_on,
            country=application.country,
            city=application.city,
            address=application.address,
            website=application.website,
            email=application.email,
            founding_year=application.founding_year,
            published=True,
        )
        setattr(partner, f"mission_{application.language}", application.mission)
        partner.full_clean(exclude=["logo"])
        partner.save()
        partner.sectors.set(application.sectors.all())
        application.partner = partner
        application.save(update_fields=["partner"])
    partner_set_status(
        partner=partner,
        status=status,
        decided_on=application.decided_on,
        reference=application.decision_reference,
        executive_board_session=application.executive_board_session,
        changed_by=user,
        decided_by=decided_by,
        note=_("Request of %(date)s") % {"date": application.submitted_on},
        admission=is_new,
    )
    applicant = application.applicant
    if not PartnerEditor.objects.filter(user=applicant).exists():
        PartnerEditor.objects.create(user=applicant, partner=partner)
    return partner


@transaction.atomic
def letter_save(*, letter: DecisionLetter, user, data: dict) -> DecisionLetter:
    """The Secretariat's edits to a letter before it is signed."""
    if not permissions.can_examine_applications(user):
        raise PermissionDenied
    letter = DecisionLetter.objects.select_for_update().get(pk=letter.pk)
    if letter.is_signed:
        raise ValidationError(_("A signed letter cannot be changed."))
    for name, value in data.items():
        setattr(letter, name, value)
    letter.full_clean(exclude=["pdf", "signed_by"])
    letter.save()
    return letter


@transaction.atomic
def letter_sign_and_send(*, letter: DecisionLetter, user) -> DecisionLetter:
    """Render the signed letter once, store it, and tell the applicant it is ready."""
    if not permissions.can_examine_applications(user):
        raise PermissionDenied
    letter = (
        DecisionLetter.objects.select_for_update().select_related("application").get(pk=letter.pk)
    )
    if letter.is_signed:
        raise ValidationError(_("This letter is already signed and sent."))
    letter.signed_at = timezone.now()
    letter.signed_by = user
    letters.store_signed_pdf(letter)
    letter.sent_at = timezone.now()
    letter.save()
    emails.letter_ready(letter)
    return letter
