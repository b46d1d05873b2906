"""Permission rows for working groups, documents, files, events, registration and the API.

The "liaison" user manages the group "liaison-group" (see tests/roles.py),
which holds a draft and a published document. editor_a's NGO is not a
member; editor_a registered a representative for the open CIONG session.
"""

from tests.permission_matrix import ROLES, SECRETARIAT, Case, public, secretariat_only, wrong_method


def build(world: dict) -> None:
    import datetime

    from forums.models import Document, Event, Meeting, WorkingGroup
    from forums.services import stored_file_fields
    from tests.forums.factories import EventFactory, RegistrationFactory, pdf_upload

    group = WorkingGroup.objects.get(slug="liaison-group")
    world["group"] = group
    world["draft"] = Document.objects.get(working_group=group, title_en="Liaison draft")
    world["published"] = Document.objects.get(working_group=group, title_en="Liaison published")
    world["built_states"] = {key: world[key].state for key in ("draft", "published")}
    world["draft_file"] = world["draft"].versions.get().files.first()
    world["published_file"] = world["published"].versions.get().files.first()
    world["meeting"] = Meeting.objects.create(
        working_group=group, date=datetime.date(2020, 2, 26), place="UNESCO, Paris"
    )
    world["ciong"] = EventFactory(slug="ciong-open", kind=Event.Kind.CIONG)
    world["hidden_event"] = EventFactory(slug="hidden-event", published=False)
    world["registration"] = RegistrationFactory(
        event=world["ciong"], partner=world["partner_a"], full_name="Ana Registered"
    )
    for slug, published in (("outcome-public", True), ("outcome-hidden", False)):
        document = world["ciong"].documents.create(
            title_en=slug,
            title=slug,
            language="en",
            published=published,
            **stored_file_fields(pdf_upload(), folder="test"),
        )
        world[slug] = document


def _only(allowed: dict[str, int], default: int) -> dict[str, int]:
    return {role: allowed.get(role, default) for role in ROLES}


# Readers of the group's internal documents: its members and the Secretariat.
INTERNAL = {"liaison": 200, "secretariat": 200}
# Managers of the group: the same two; visitors go to the login page.
MANAGERS = {"visitor": 302, "liaison": 200, "secretariat": 200}


def _secretariat_gets(status: int) -> dict[str, int]:
    """A Secretariat-only URL where the Secretariat gets `status` (the others as ever)."""
    expect = {**dict.fromkeys(ROLES, 403), "visitor": 302, **SECRETARIAT}
    expect["secretariat"] = status
    return expect


SECRETARIAT_REDIRECTS = {"secretariat_nomfa": "/2fa/totp/activate/", "visitor": "/login"}


def _outcome_documents_unchanged(world) -> bool:
    shown, hidden = world["outcome-public"], world["outcome-hidden"]
    return (
        set(world["ciong"].documents.values_list("pk", "published"))
        == {(shown.pk, True), (hidden.pk, False)}
        and world["hidden_event"].documents.count() == 0
    )


# Each action on outcome documents, with the document it applies to.
DOCUMENT_ACTIONS = [
    ("publish", "outcome-hidden"),
    ("unpublish", "outcome-public"),
    ("delete", "outcome-public"),
]


def _document_state_unchanged(key: str):
    def check(world) -> bool:
        world[key].refresh_from_db()
        return world[key].state == world["built_states"][key]

    return check


def _registration_kept(world) -> bool:
    return type(world["registration"]).objects.filter(pk=world["registration"].pk).exists()


def _draft_uncommented(world) -> bool:
    return not world["draft"].comments.exists()


def _document_case(action: str, key: str, event_slug: str, *, status: int, method="post"):
    """The Secretariat gets `status`; a refused request changes no document.

    Deleting asks a Secretariat session signed in an hour ago to sign in
    again first (before any lookup), and deletes nothing meanwhile."""
    redirects = dict(SECRETARIAT_REDIRECTS)
    if action == "delete":
        status = 302
        redirects["secretariat"] = "/accounts/2fa/reauthenticate/"  # the authenticator code first
    elif status == 302:
        redirects["secretariat"] = "/forums/ciong-open/documents/"
    return Case(
        f"forums:document_{action}",
        lambda w: f"/en/forums/{event_slug}/documents/{w[key].pk}/{action}/",
        method=method,
        expect=_secretariat_gets(status),
        redirect_contains=redirects,
        # The Secretariat's own 302 is the change itself: checked in test_event_documents.
        unchanged=_outcome_documents_unchanged,
        may_change=("secretariat",) if status == 302 and action != "delete" else (),
    )


def _draft_unpublished(world) -> bool:
    world["draft"].refresh_from_db()
    return world["draft"].published_version_id is None


CASES = [
    public("working_groups:list", "/en/working-groups/"),
    public("working_groups:detail", "/fr/working-groups/liaison-group/"),
    Case("working_groups:detail", "/en/working-groups/no-such-group/", expect={}, default=404),
    public("working_groups:document", lambda w: w["published"].get_absolute_url()),
    Case(
        "working_groups:document",
        lambda w: w["draft"].get_absolute_url(),
        expect=_only(INTERNAL, 404),
    ),
    public("working_groups:file", lambda w: w["published_file"].get_absolute_url()),
    Case(
        "working_groups:file",
        lambda w: w["draft_file"].get_absolute_url(),
        expect=_only(INTERNAL, 404),
    ),
    Case(
        "working_groups:file",
        "/en/working-groups/liaison-group/files/00000000-0000-0000-0000-000000000000/",
        expect={},
        default=404,
    ),
    Case(
        "working_groups:document_create",
        "/en/working-groups/liaison-group/documents/new/",
        expect=_only(MANAGERS, 403),
    ),
    Case(
        "working_groups:meeting_create",
        "/en/working-groups/liaison-group/meetings/new/",
        expect=_only(MANAGERS, 403),
    ),
    Case(
        "working_groups:meeting_edit",
        lambda w: f"/en/working-groups/liaison-group/meetings/{w['meeting'].pk}/edit/",
        expect=_only(MANAGERS, 403),
    ),
    # An empty upload: managers see the form again with errors (400); the
    # draft does not exist for anyone else.
    Case(
        "working_groups:version_create",
        lambda w: w["draft"].get_absolute_url() + "versions/",
        method="post",
        expect=_only({"visitor": 302, "liaison": 400, "secretariat": 400}, 404),
        unchanged=lambda w: w["draft"].versions.count() == 1,
    ),
    Case(
        "working_groups:version_create",
        lambda w: w["published"].get_absolute_url() + "versions/",
        method="post",
        expect=_only({"visitor": 302, "liaison": 400, "secretariat": 400}, 403),
        unchanged=lambda w: w["published"].versions.count() == 1,
    ),
    Case(
        "working_groups:document_submit",
        lambda w: w["draft"].get_absolute_url() + "submit/",
        method="post",
        expect=_only({"visitor": 302, "liaison": 302, "secretariat": 302}, 404),
        redirect_contains={"liaison": "/documents/", "secretariat": "/documents/"},
        unchanged=_document_state_unchanged("draft"),
        may_change=("liaison", "secretariat"),
    ),
    Case(
        "working_groups:document_submit",
        lambda w: w["published"].get_absolute_url() + "submit/",
        method="post",
        expect=_only({"visitor": 302, "liaison": 302, "secretariat": 302}, 403),
        redirect_contains={"liaison": "/documents/", "secretariat": "/documents/"},
        unchanged=_document_state_unchanged("published"),
        may_change=("liaison", "secretariat"),
    ),
    # Only the Secretariat publishes (a draft is refused with a message).
    Case(
        "working_groups:document_publish",
        lambda w: w["draft"].get_absolute_url() + "publish/",
        method="post",
        expect=_only({"visitor": 302, "liaison": 403, "secretariat": 302}, 404),
        redirect_contains={"secretariat": "/documents/"},
        unchanged=_draft_unpublished,
    ),
    Case(
        "working_groups:document_comment",
        lambda w: w["draft"].get_absolute_url() + "comment/",
        method="post",
        data={"text": "Please shorten section 2."},
        expect=_only({"visitor": 302, "liaison": 403, "secretariat": 302}, 404),
        redirect_contains={"secretariat": "/documents/"},
        unchanged=_draft_uncommented,
        may_change=("secretariat",),
    ),
    public("forums:list", "/en/forums/"),
    public("forums:list", "/es/forums/?when=upcoming&kind=ciong"),
    public("forums:feed", "/en/forums/calendar.ics"),
    public("forums:detail", "/es/forums/ciong-open/"),
    Case("forums:detail", "/en/forums/hidden-event/", expect={"secretariat": 200}, default=404),
    public("forums:calendar", "/fr/forums/ciong-open/calendar.ics"),
    Case(
        "forums:calendar",
        "/en/forums/hidden-event/calendar.ics",
        expect={"secretariat": 200},
        default=404,
    ),
    Case(
        "forums:register",
        "/en/forums/ciong-open/register/",
        expect={"visitor": 302, "editor_a": 200, "editor_b": 200, "liaison": 200},
        default=403,
    ),
    Case(
        "forums:registration_cancel",
        lambda w: f"/en/forums/ciong-open/registrations/{w['registration'].pk}/cancel/",
        method="post",
        expect={"visitor": 302, "editor_a": 302, "secretariat": 302},
        default=404,
        redirect_contains={"editor_a": "/forums/ciong-open/", "secretariat": "/forums/ciong-open/"},
        unchanged=_registration_kept,
        may_change=("editor_a", "secretariat"),
    ),
    # The event's organisers: ciong-open has no organising NGO and the
    # Committee does not co-organise it, so the Secretariat alone.
    *(
        Case(
            name,
            f"/en/forums/ciong-open/{path}",
            expect={"visitor": 302, "secretariat": 200},
            default=403,
        )
        for name, path in (
            ("forums:registrations", "registrations/"),
            ("forums:registrations_csv", "registrations.csv"),
            ("forums:registrations_xlsx", "registrations.xlsx"),
        )
    ),
    public(
        "forums:file",
        lambda w: f"/en/forums/ciong-open/files/{w['outcome-public'].public_id}/",
    ),
    Case(
        "forums:file",
        lambda w: f"/en/forums/ciong-open/files/{w['outcome-hidden'].public_id}/",
        expect={"secretariat": 200},
        default=404,
    ),
    # Outcome documents: the Secretariat's page, for every event, published or not.
    secretariat_only("forums:documents", "/en/forums/ciong-open/documents/"),
    secretariat_only("forums:documents", "/fr/forums/hidden-event/documents/"),
    Case(
        "forums:documents",
        "/en/forums/no-such-event/documents/",
        expect=_secretariat_gets(404),
        redirect_contains=SECRETARIAT_REDIRECTS,
    ),
    # An upload without a file: the Secretariat sees the form again with errors.
    Case(
        "forums:documents",
        "/en/forums/ciong-open/documents/",
        method="post",
        data={"title_en": "Final report", "language": "en"},
        expect=_secretariat_gets(400),
        redirect_contains=SECRETARIAT_REDIRECTS,
        unchanged=_outcome_documents_unchanged,
    ),
    # Publish, unpublish, delete: the Secretariat is sent back to the page.
    *[_document_case(action, key, "ciong-open", status=302) for action, key in DOCUMENT_ACTIONS],
    # Another event's document under this event's URL does not exist, for anyone.
    *[_document_case(action, key, "hidden-event", status=404) for action, key in DOCUMENT_ACTIONS],
    # Writes answer POST only.
    *[
        wrong_method(
            f"forums:document_{action}",
            lambda w, key=key, action=action: (
                f"/en/forums/ciong-open/documents/{w[key].pk}/{action}/"
            ),
            unchanged=_outcome_documents_unchanged,
        )
        for action, key in DOCUMENT_ACTIONS
    ],
    public("api:forum-list", "/api/v1/forums/"),
    public("api:forum-detail", "/api/v1/forums/ciong-open/"),
    Case("api:forum-detail", "/api/v1/forums/hidden-event/", expect={}, default=404),
    public("api:working-group-list", "/api/v1/working-groups/"),
    public("api:working-group-detail", "/api/v1/working-groups/liaison-group/"),
    # The group's published documents: the same for every role (the draft never appears).
    public("api:working-group-document-list", "/api/v1/working-groups/liaison-group/documents/"),
    Case(
        "api:working-group-document-list",
        "/api/v1/working-groups/no-such-group/documents/",
        expect={},
        default=404,
    ),
]


# Issue 19: calls for proposals, participation, the door. The open forum
# "forum-open" is organised by the liaison's NGO (partner_c): the liaison and
# the Secretariat are its organisers (reviewers, door staff). editor_a
# proposed a session; the applicant registered themselves and was checked in.

ORGANISERS = {"visitor": 302, "liaison": 200, "secretariat": 200}
ORGANISERS_WRITE = {"visitor": 302, "liaison": 302, "secretariat": 302}
EDITORS = {"visitor": 302, "editor_a": 200, "editor_b": 200, "liaison": 200}
# The participant's own pages: the participant and the organisers; the others
# do not learn that the registration exists.
OWNER = {"visitor": 302, "applicant": 200, "liaison": 200, "secretariat": 200}
OWNER_WRITE = {"visitor": 302, "applicant": 302, "liaison": 302, "secretariat": 302}


def build_participation(world: dict) -> None:
    from forums import services_attendance
    from forums.models import CheckIn, Proposal, Registration
    from tests.forums.factories import (
        CallForProposalsFactory,
        EventFactory,
        ProgrammeItemFactory,
        ProposalFactory,
        RegistrationTypeFactory,
    )

    event = EventFactory(slug="forum-open")
    event.organisers.add(world["partner_c"])
    world["forum"] = event
    CallForProposalsFactory(event=event)
    world["proposal"] = ProposalFactory(
        call=event.call, proposer=world["users"]["editor_a"], partner=world["partner_a"]
    )
    world["accepted_proposal"] = ProposalFactory(call=event.call, state=Proposal.State.ACCEPTED)
    world["session"] = ProgrammeItemFactory(event=event)
    public_type = RegistrationTypeFactory(event=event, kind="public", capacity=50)
    applicant = world["users"]["applicant"]
    world["participation"] = Registration.objects.create(
        event=event,
        registration_type=public_type,
        full_name="Ana Participant",
        email=applicant.email,
        registered_by=applicant,
        participant=applicant,
        language="es",
    )
    CheckIn.objects.create(registration=world["participation"], at=event_start(event))
    world["badge_code"] = services_attendance.badge_code(world["participation"])


def event_start(event):
    import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(event.start_date, datetime.time(9)))


def _proposals_unchanged(world) -> bool:
    proposal = type(world["proposal"]).objects.get(pk=world["proposal"].pk)
    return (
        proposal.state == "submitted"
        and not proposal.reviews.exists()
        and type(proposal).objects.count() == 2
    )


def _schedule_unchanged(world) -> bool:
    return world["forum"].programme.count() == 1


def _participation_unchanged(world) -> bool:
    registration = type(world["participation"]).objects.get(pk=world["participation"].pk)
    return (
        registration.status == "confirmed"
        and type(registration).objects.filter(event=world["forum"]).count() == 1
        and not registration.feedback.exists()
        and world["forum"].registration_types.get().registrations.count() == 1
    )


def _check_ins_unchanged(world) -> bool:
    from forums.models import CheckIn

    return list(CheckIn.objects.values_list("registration_id", flat=True)) == [
        world["participation"].pk
    ]


def _p(suffix: str):
    return lambda w: f"/en/forums/forum-open/participation/{w['participation'].pk}/{suffix}"


def _proposal(suffix: str = "", key: str = "proposal"):
    return lambda w: f"/en/forums/forum-open/proposals/{w[key].pk}/{suffix}"


PARTICIPATION_CASES = [
    public("forums:call", "/fr/forums/forum-open/call/"),
    Case("forums:call", "/en/forums/ciong-open/call/", expect={}, default=404),
    public("forums:programme", "/es/forums/forum-open/programme/"),
    Case(
        "forums:programme",
        "/en/forums/hidden-event/programme/",
        expect={"secretariat": 200},
        default=404,
    ),
    Case("forums:propose", "/en/forums/forum-open/call/propose/", expect=EDITORS, default=403),
    # An empty proposal: the editors see the form again with errors.
    Case(
        "forums:propose",
        "/en/forums/forum-open/call/propose/",
        method="post",
        data={"title": "Empty"},
        expect={"visitor": 302, "editor_a": 400, "editor_b": 400, "liaison": 400},
        default=403,
        unchanged=_proposals_unchanged,
    ),
    Case("forums:proposals", "/en/forums/forum-open/proposals/", expect=ORGANISERS, default=403),
    Case("forums:proposal", _proposal(), expect=ORGANISERS, default=403),
    Case(
        "forums:proposal",
        _proposal(),
        method="post",
        data={"score": "4", "comment": "Strong"},
        expect=ORGANISERS_WRITE,
        default=403,
        redirect_contains={"liaison": "/proposals/", "secretariat": "/proposals/"},
        unchanged=_proposals_unchanged,
        may_change=("liaison", "secretariat"),
    ),
    Case(
        "forums:proposal_decide",
        _proposal("decide/"),
        method="post",
        data={"decision": "decline", "message": "Sorry"},
        expect=ORGANISERS_WRITE,
        default=403,
        redirect_contains={"liaison": "/proposals/", "secretariat": "/proposals/"},
        unchanged=_proposals_unchanged,
        may_change=("liaison", "secretariat"),
    ),
    Case(
        "forums:proposal_schedule",
        _proposal("schedule/", "accepted_proposal"),
        expect=ORGANISERS,
        default=403,
    ),
    Case(
        "forums:proposal_schedule",
        _proposal("schedule/", "accepted_proposal"),
        method="post",
        data={"room": "Salle I"},
        expect={"visitor": 302, "liaison": 400, "secretariat": 400},
        default=403,
        unchanged=_schedule_unchanged,
    ),
    public("forums:participate", "/fr/forums/forum-open/participate/"),
    # Everyone signed in may register; an empty form comes back with errors.
    Case(
        "forums:participate",
        "/en/forums/forum-open/participate/",
        method="post",
        data={"full_name": "X"},
        expect={"visitor": 302},
        default=400,
        unchanged=_participation_unchanged,
    ),
    Case("forums:participation", _p(""), expect=OWNER, default=404),
    Case(
        "forums:participation",
        _p(""),
        method="post",
        data={"items": ["not-a-number"]},
        expect={"visitor": 302, "applicant": 400, "liaison": 400, "secretariat": 400},
        default=404,
        unchanged=_participation_unchanged,
    ),
    Case(
        "forums:participation_confirm",
        _p("confirm/"),
        method="post",
        expect=OWNER_WRITE,
        default=404,
        redirect_contains={"applicant": "/participation/"},
        unchanged=_participation_unchanged,
    ),
    Case(
        "forums:participation_cancel",
        _p("cancel/"),
        method="post",
        expect=OWNER_WRITE,
        default=404,
        redirect_contains={"applicant": "/participation/"},
        unchanged=_participation_unchanged,
        may_change=("applicant", "liaison", "secretariat"),
    ),
    Case(
        "forums:participation_feedback",
        lambda w: (
            f"/en/forums/forum-open/participation/{w['participation'].pk}/feedback/"
            f"{w['session'].pk}/"
        ),
        method="post",
        data={"rating": "9"},
        expect=OWNER_WRITE,
        default=404,
        unchanged=_participation_unchanged,
    ),
    Case("forums:badge", _p("badge.pdf"), expect=OWNER, default=404),
    Case("forums:agenda_calendar", _p("agenda.ics"), expect=OWNER, default=404),
    Case("forums:certificate", _p("certificate.pdf"), expect=OWNER, default=404),
    Case("forums:check_in", "/en/forums/forum-open/check-in/", expect=ORGANISERS, default=403),
    Case(
        "forums:check_in",
        "/en/forums/forum-open/check-in/",
        method="post",
        data={"code": "1-FORGED0000"},
        expect={"visitor": 302, "liaison": 400, "secretariat": 400},
        default=403,
        unchanged=_check_ins_unchanged,
    ),
    Case(
        "forums:check_in_record",
        "/en/forums/forum-open/check-in/record/",
        method="post",
        data={"code": "1-FORGED0000"},
        expect={"visitor": 401, "liaison": 400, "secretariat": 400},
        default=403,
        unchanged=_check_ins_unchanged,
    ),
    Case("forums:attendance", "/en/forums/forum-open/attendance/", expect=ORGANISERS, default=403),
    Case(
        "forums:attendance_csv",
        "/en/forums/forum-open/attendance.csv",
        expect=ORGANISERS,
        default=403,
    ),
    Case(
        "forums:attendance_xlsx",
        "/en/forums/forum-open/attendance.xlsx",
        expect=ORGANISERS,
        default=403,
    ),
]

CASES += PARTICIPATION_CASES

_build_before_issue_19 = build


def build(world: dict) -> None:  # noqa: F811 -- extends the build above
    _build_before_issue_19(world)
    build_participation(world)


# The elections' point 6: the organisers of "forum-committee", an International
# NGO Forum the Liaison Committee co-organises, organised by partner_a: the
# Secretariat, editor_a (organising NGO) and the liaison (an NGO holding a
# Committee seat). editor_b (neither) and everyone else are refused.

CO_ORGANISERS = {"visitor": 302, "editor_a": 200, "liaison": 200, "secretariat": 200}
CO_ORGANISERS_400 = {"visitor": 302, "editor_a": 400, "liaison": 400, "secretariat": 400}


def build_co_organised(world: dict) -> None:
    from forums.models import Event, Registration
    from tests.forums.factories import (
        EventFactory,
        ProgrammeItemFactory,
        RegistrationTypeFactory,
    )

    event = EventFactory(slug="forum-committee", kind=Event.Kind.FORUM, committee_co_organises=True)
    event.organisers.add(world["partner_a"])
    world["co_forum"] = event
    world["co_item"] = ProgrammeItemFactory(event=event, title_en="Opening")
    world["co_type"] = RegistrationTypeFactory(event=event, capacity=10)
    Registration.objects.create(
        event=event,
        registration_type=world["co_type"],
        full_name="Bea Waiting",
        email="bea@example.org",
    )


def _co_setup_unchanged(world) -> bool:
    from forums.models import CallForProposals

    event = world["co_forum"]
    item = type(world["co_item"]).objects.get(pk=world["co_item"].pk)
    registration_type = type(world["co_type"]).objects.get(pk=world["co_type"].pk)
    return (
        not CallForProposals.objects.filter(event=event).exists()
        and event.programme.count() == 1
        and item.title_en == "Opening"
        and event.registration_types.count() == 1
        and registration_type.capacity == 10
    )


def _co(path: str):
    return f"/en/forums/forum-committee/{path}"


def _co_post(url_name, path, data):
    return Case(
        url_name,
        path,
        method="post",
        data=data,
        expect=CO_ORGANISERS_400,
        default=403,
        unchanged=_co_setup_unchanged,
    )


CO_ORGANISED_CASES = [
    Case("forums:registrations", _co("registrations/"), expect=CO_ORGANISERS, default=403),
    Case("forums:participants", _co("participants/"), expect=CO_ORGANISERS, default=403),
    Case("forums:attendance", _co("attendance/"), expect=CO_ORGANISERS, default=403),
    Case("forums:call_edit", _co("call/edit/"), expect=CO_ORGANISERS, default=403),
    # Hostile input: the call closes before it opens; nothing is stored.
    _co_post(
        "forums:call_edit",
        _co("call/edit/"),
        {"opens_on": "2030-05-01", "closes_on": "2030-04-01", "formats": ["karaoke"]},
    ),
    Case(
        "forums:registration_types",
        _co("registration-types/"),
        expect=CO_ORGANISERS,
        default=403,
    ),
    Case(
        "forums:registration_type_new",
        _co("registration-types/new/"),
        expect=CO_ORGANISERS,
        default=403,
    ),
    _co_post("forums:registration_type_new", _co("registration-types/new/"), {"kind": "vip"}),
    Case(
        "forums:registration_type_edit",
        lambda w: _co(f"registration-types/{w['co_type'].pk}/"),
        expect=CO_ORGANISERS,
        default=403,
    ),
    # The capacity may not fall below the one place held.
    _co_post(
        "forums:registration_type_edit",
        lambda w: _co(f"registration-types/{w['co_type'].pk}/"),
        {"kind": "public", "name_en": "Public", "capacity": "0", "confirm_days": "3"},
    ),
    Case(
        "forums:programme_item_new",
        _co("programme/sessions/new/"),
        expect=CO_ORGANISERS,
        default=403,
    ),
    _co_post(
        "forums:programme_item_new",
        _co("programme/sessions/new/"),
        {"day": "1999-01-01", "start_time": "10:00", "end_time": "09:00"},
    ),
    Case(
        "forums:programme_item_edit",
        lambda w: _co(f"programme/sessions/{w['co_item'].pk}/"),
        expect=CO_ORGANISERS,
        default=403,
    ),
    _co_post(
        "forums:programme_item_edit",
        lambda w: _co(f"programme/sessions/{w['co_item'].pk}/"),
        {"day": "1999-01-01", "start_time": "10:00", "end_time": "11:00", "kind": "plenary"},
    ),
    # Another event's session under this event's address: not found, for everyone.
    Case(
        "forums:programme_item_edit",
        lambda w: _co(f"programme/sessions/{w['session'].pk}/"),
        expect={"visitor": 302, "editor_a": 404, "liaison": 404, "secretariat": 404},
        default=403,
    ),
    # The door page's service worker: a static script, public with the event.
    public("forums:check_in_service_worker", _co("check-in/sw.js")),
    Case(
        "forums:check_in_service_worker",
        "/en/forums/hidden-event/check-in/sw.js",
        expect={"secretariat": 200},
        default=404,
    ),
]

CASES += CO_ORGANISED_CASES

_build_before_co_organisers = build


def build(world: dict) -> None:  # noqa: F811 -- extends the build above
    _build_before_co_organisers(world)
    build_co_organised(world)
