"""The application's workflow: every move, allowed and refused, by role.

The expected answers are written out here, not read from the code's table:
a change to TRANSITIONS that lets someone skip a step fails this test.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from foundation.mail.models import Email
from partners.lifecycle import services
from partners.lifecycle.models import Application, ApplicationStep
from partners.models import Partner, PartnerEditor, StatusChange
from tests.foundation.factories import UserFactory
from tests.partners.factories import PartnerFactory
from tests.partners.lifecycle.factories import complete_application, focal_point

pytestmark = pytest.mark.django_db

STATES = [state.value for state in Application.State]

# (from, to) → the role that may make the move; every other pair is refused to everyone.
EXPECTED = {
    ("draft", "submitted"): "applicant",
    ("incomplete", "submitted"): "applicant",
    ("submitted", "incomplete"): "secretariat",
    ("submitted", "examination"): "secretariat",
    ("examination", "incomplete"): "secretariat",
    ("examination", "recommended"): "secretariat",
    ("recommended", "admitted"): "secretariat",
    ("recommended", "declined"): "secretariat",
    ("draft", "withdrawn"): "applicant",
    ("submitted", "withdrawn"): "applicant",
    ("incomplete", "withdrawn"): "applicant",
    ("examination", "withdrawn"): "applicant",
    ("recommended", "withdrawn"): "applicant",
}

DECISION = {
    "recommendation": "favourable",
    "recommendation_text": "Regular cooperation with UIL.",
    "decided_on": datetime.date(2017, 3, 15),
    "reference": "DG/7/17/1815",
    "executive_board_session": 202,
}


@pytest.fixture
def actors(secretariat, secretariat_without_mfa):
    return {
        "applicant": None,  # the application's own applicant, made per case
        "secretariat": secretariat,
        "secretariat_password_only": secretariat_without_mfa,
        "focal_point": focal_point("education"),
        "stranger": UserFactory(),
    }


@pytest.mark.parametrize("from_state", STATES)
@pytest.mark.parametrize("to_state", STATES)
@pytest.mark.parametrize(
    "role", ["applicant", "secretariat", "secretariat_password_only", "focal_point", "stranger"]
)
def test_transition_by_role(actors, from_state, to_state, role):
    application = complete_application(state=from_state)
    user = application.applicant if role == "applicant" else actors[role]
    allowed = EXPECTED.get((from_state, to_state)) == role
    try:
        services.application_transition(
            application=application,
            to_state=to_state,
            user=user,
            message="Please add the statutes in force.",
            decision=DECISION,
            today=datetime.date(2016, 2, 23),
        )
    except (PermissionDenied, ValidationError):
        moved = False
    else:
        moved = True
    application.refresh_from_db()
    assert moved is allowed
    assert application.state == (to_state if allowed else from_state)
    steps = ApplicationStep.objects.filter(application=application, to_state=to_state)
    assert steps.exists() is allowed


def test_submitting_sends_a_receipt_in_the_language_of_the_request():
    application = complete_application(language="es")
    services.application_transition(
        application=application, to_state="submitted", user=application.applicant
    )
    email = Email.objects.get(to=application.applicant.email)
    assert email.language == "es"
    assert "recibido" in email.subject.lower()
    application.refresh_from_db()
    assert application.submitted_on is not None


def test_an_incomplete_request_cannot_be_submitted_and_says_what_is_missing():
    application = complete_application()
    application.documents.filter(kind="statutes").delete()
    application.projects = ""
    application.save()
    with pytest.raises(ValidationError) as refused:
        services.application_transition(
            application=application, to_state="submitted", user=application.applicant
        )
    text = " ".join(refused.value.messages)
    assert "Statutes" in text
    assert "projects" in text
    application.refresh_from_db()
    assert application.state == "draft"


def test_a_too_recent_organisation_cannot_submit():
    application = complete_application(founding_year=datetime.date.today().year)
    with pytest.raises(ValidationError, match="at least 2 years"):
        services.application_transition(
            application=application, to_state="submitted", user=application.applicant
        )


def test_asking_for_documents_needs_a_message_that_reaches_the_applicant(secretariat):
    application = complete_application(state="submitted")
    with pytest.raises(ValidationError):
        services.application_transition(
            application=application, to_state="incomplete", user=secretariat, message="  "
        )
    services.application_transition(
        application=application,
        to_state="incomplete",
        user=secretariat,
        message="The instrument of legal recognition is missing.",
    )
    email = Email.objects.get(to=application.applicant.email)
    assert "instrument of legal recognition is missing" in email.body
    assert email.language == "fr"


def _recommended(**fields):
    return complete_application(
        state="recommended",
        recommendation="favourable",
        recommendation_text="Regular cooperation.",
        **fields,
    )


def test_admission_creates_the_partner_with_its_first_admission_and_first_editor(secretariat):
    application = _recommended()
    services.application_transition(
        application=application,
        to_state="admitted",
        user=secretariat,
        decision={**DECISION, "executive_board_session": 202},
    )
    application.refresh_from_db()
    partner = application.partner
    assert partner.status == "consultative"
    assert partner.since == datetime.date(2017, 3, 15)
    assert partner.decision_reference == "DG/7/17/1815"
    assert partner.executive_board_session == 202
    assert partner.next_report_due == datetime.date(2021, 3, 15)
    assert partner.mission_fr == "Lifelong learning for everyone."
    assert list(partner.sectors.values_list("code", flat=True)) == ["education"]
    assert PartnerEditor.objects.get(user=application.applicant).partner == partner
    admission = StatusChange.objects.get(partner=partner)
    assert admission.kind == "admission"
    assert admission.decided_by == "director-general"
    assert application.decision_body == "director-general"
    assert application.letter.language == "fr"
    assert "202e session" in application.letter.body


def test_associate_status_is_decided_by_the_board_and_keeps_the_first_admission(secretariat):
    partner = PartnerFactory(status="consultative", since=datetime.date(2012, 6, 1))
    from partners.services import partner_set_status

    partner_set_status(
        partner=partner,
        status="consultative",
        decided_on=datetime.date(2012, 6, 1),
        reference="DG/4/12/100",
        executive_board_session=190,
        admission=True,
    )
    application = _recommended(kind="associate", partner=partner)
    with pytest.raises(ValidationError, match="Executive Board"):
        services.application_transition(
            application=application,
            to_state="admitted",
            user=secretariat,
            decision={**DECISION, "executive_board_session": None},
        )
    services.application_transition(
        application=application,
        to_state="admitted",
        user=secretariat,
        decision={
            **DECISION,
            "decided_on": datetime.date(2024, 4, 10),
            "reference": "219 EX/Decision 31",
            "executive_board_session": 219,
        },
    )
    partner.refresh_from_db()
    assert partner.status == "associate"
    assert partner.since == datetime.date(2012, 6, 1)
    assert partner.admission_decision_date == datetime.date(2012, 6, 1)
    assert partner.decision_reference == "DG/4/12/100"
    assert partner.status_since == datetime.date(2024, 4, 10)
    assert partner.next_review_date == datetime.date(2032, 4, 10)
    latest = StatusChange.objects.filter(partner=partner).order_by("-decided_on").first()
    assert (latest.kind, latest.decided_by) == ("status-change", "executive-board")
    assert Partner.objects.count() == 1


def test_a_decision_cannot_predate_the_request(secretariat):
    application = _recommended()
    with pytest.raises(ValidationError, match="before the request"):
        services.application_transition(
            application=application,
            to_state="admitted",
            user=secretariat,
            decision={**DECISION, "decided_on": datetime.date(2015, 1, 1)},
        )
    application.refresh_from_db()
    assert application.state == "recommended"
    assert application.partner is None


def test_a_recommendation_needs_its_grounds(secretariat):
    application = complete_application(state="examination")
    with pytest.raises(ValidationError, match="grounds"):
        services.application_transition(
            application=application,
            to_state="recommended",
            user=secretariat,
            decision={"recommendation": "favourable", "recommendation_text": ""},
        )
    with pytest.raises(ValidationError, match="favourable or unfavourable"):
        services.application_transition(
            application=application,
            to_state="recommended",
            user=secretariat,
            decision={"recommendation": "<script>", "recommendation_text": "x"},
        )


def test_an_associate_request_after_the_deadline_goes_to_the_next_batch():
    partner = PartnerFactory(status="consultative", since=datetime.date(2015, 1, 1))
    application = complete_application(kind="associate", partner=partner)
    services.application_transition(
        application=application,
        to_state="submitted",
        user=application.applicant,
        today=datetime.date(2026, 12, 1),
    )
    application.refresh_from_db()
    assert application.batch_year == 2028


def test_one_request_in_progress_per_applicant():
    application = complete_application()
    with pytest.raises(ValidationError, match="already have a request"):
        services.application_start(user=application.applicant, kind="consultative")


def test_an_editor_starts_an_associate_request_from_their_partner(editor_a, partner_a):
    application = services.application_start(user=editor_a, kind="associate")
    assert application.partner == partner_a
    assert application.organisation_name == partner_a.name
    with pytest.raises(ValidationError, match="already in consultative status"):
        services.application_start(user=UserFactory(), kind="associate")


def test_a_partners_editor_cannot_ask_for_consultative_status_again(editor_a):
    with pytest.raises(ValidationError, match="already a partner"):
        services.application_start(user=editor_a, kind="consultative")


def test_a_focal_point_comments_only_in_their_own_sector():
    application = complete_application(state="submitted")
    education = focal_point("education")
    culture = focal_point("culture")
    from tests.partners.factories import sector_for

    comment = services.application_comment(
        application=application,
        user=education,
        sector=sector_for("education"),
        text="Known to the Education Sector.",
    )
    assert comment.application == application
    with pytest.raises(PermissionDenied):
        services.application_comment(
            application=application, user=culture, sector=sector_for("culture"), text="Hi"
        )
    with pytest.raises(PermissionDenied):
        services.application_comment(
            application=application, user=culture, sector=sector_for("education"), text="Hi"
        )
