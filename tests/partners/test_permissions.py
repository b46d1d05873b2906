"""partners.permissions, rule by rule: actions, applications, periodic reports and reviews.

The expected answers are written out, one table per rule, for people in
every position toward one partner (partner A, working in Education): its
editor, another partner's editor, the Education focal point, the Culture
focal point, the applicant of a request, the Secretariat with and without
two-factor, and a visitor. The permission matrix checks the same rules
through the pages (tests/partners/permission_rows.py and
tests/partners/lifecycle/permission_rows.py).
"""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from partners import permissions
from partners.lifecycle.models import PeriodicReport
from tests.conftest import verified
from tests.factories import ActionFactory, PartnerEditorFactory, PartnerFactory, UserFactory
from tests.partners.factories import sector_for
from tests.partners.lifecycle.factories import complete_application, focal_point

pytestmark = pytest.mark.django_db

State = PeriodicReport.State

PEOPLE = [
    "secretariat",
    "secretariat_nomfa",
    "editor",
    "other_editor",
    "focal_point",
    "culture_focal_point",
    "applicant",
    "visitor",
]


def _only(*allowed):
    return {name: name in allowed for name in PEOPLE}


@pytest.fixture
def partner(db):
    made = PartnerFactory(name_en="Partner A", slug="partner-a")
    made.sectors.set([sector_for("education")])
    return made


@pytest.fixture
def people(partner, secretariat, secretariat_without_mfa):
    def editor(email, of):
        return verified(PartnerEditorFactory(partner=of, user__email=email).user)

    return {
        "secretariat": secretariat,
        "secretariat_nomfa": secretariat_without_mfa,
        "editor": editor("editor@example.org", partner),
        "other_editor": editor("other@example.org", PartnerFactory()),
        "focal_point": focal_point("education", email="education@unesco.example.org"),
        "culture_focal_point": focal_point("culture", email="culture@unesco.example.org"),
        "applicant": verified(UserFactory(email="applicant@example.org")),
        "visitor": AnonymousUser(),
    }


def _answers(rule, people, *args, **kwargs):
    return {name: rule(people[name], *args, **kwargs) for name in PEOPLE}


def _found(getter, people, pk):
    answers = {}
    for name in PEOPLE:
        try:
            answers[name] = getter(people[name], pk).pk == pk
        except Http404:
            answers[name] = False
    return answers


def _report(partner, state):
    due = datetime.date(2026, 3, 15)
    return PeriodicReport.objects.create(
        partner=partner,
        period_start=datetime.date(2022, 3, 15),
        period_end=due,
        due_on=due,
        state=state,
    )


# --- Editors -------------------------------------------------------------------


def test_an_editor_works_on_their_own_partner_only(partner, people):
    answers = {name: permissions.editor_partner(people[name]) for name in PEOPLE}
    other = people["other_editor"].partner_editor.partner
    expected = dict.fromkeys(PEOPLE)
    assert answers == {**expected, "editor": partner, "other_editor": other}


def test_an_action_is_found_by_its_partners_editor_only(partner, people):
    action = ActionFactory(partner=partner)
    assert _found(permissions.get_own_action_or_404, people, action.pk) == _only("editor")


def test_only_the_secretariat_with_two_factor_decides(people):
    for rule in (
        permissions.can_review_revisions,
        permissions.can_examine_applications,
        permissions.can_assess_reports,
        permissions.can_decide_reviews,
    ):
        assert _answers(rule, people) == _only("secretariat"), rule.__name__


# --- Applications ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "readers"),
    [
        ("draft", ("secretariat", "applicant")),
        ("withdrawn", ("secretariat", "applicant")),
        ("submitted", ("secretariat", "applicant", "focal_point")),
        ("examination", ("secretariat", "applicant", "focal_point")),
    ],
)
def test_an_application_is_read_by_its_applicant_the_secretariat_and_its_sectors_focal_points(
    people, state, readers
):
    application = complete_application(applicant=people["applicant"], state=state)
    assert _answers(permissions.can_view_application, people, application) == _only(*readers)
    # The sectors given by the page that already read them: the same answers.
    education = [sector_for("education").pk]
    given = _answers(permissions.can_view_application, people, application, sector_ids=education)
    assert given == _only(*readers)


def test_an_inactive_applicant_no_longer_reads_their_request(people):
    application = complete_application(applicant=people["applicant"], state="draft")
    people["applicant"].is_active = False
    assert not permissions.is_applicant_of(people["applicant"], application)


@pytest.mark.parametrize(
    ("state", "commenting"),
    [
        ("draft", False),
        ("submitted", True),
        ("incomplete", True),
        ("examination", True),
        ("recommended", True),
        ("admitted", False),
        ("withdrawn", False),
    ],
)
def test_a_focal_point_comments_in_their_sector_on_a_request_under_way(people, state, commenting):
    application = complete_application(applicant=people["applicant"], state=state)
    education, culture = sector_for("education"), sector_for("culture")
    expected = _only("focal_point") if commenting else _only()
    assert _answers(permissions.can_comment_application, people, application, education) == (
        expected
    )
    # Not in a sector the request does not name, even by its own focal point.
    assert _answers(permissions.can_comment_application, people, application, culture) == _only()
    assert _answers(permissions.can_comment_application, people, application, None) == _only()


def test_focal_points_are_those_who_follow_a_sector(people):
    assert _answers(permissions.is_focal_point, people) == _only(
        "focal_point", "culture_focal_point"
    )
    education = [sector_for("education").pk]
    assert _answers(permissions.follows_any_sector_of, people, education) == _only("focal_point")


# --- Periodic reports --------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "readers"),
    [
        (State.DRAFT, ("secretariat", "editor")),
        (State.SUBMITTED, ("secretariat", "editor", "focal_point")),
        (State.MORE_INFORMATION, ("secretariat", "editor", "focal_point")),
        (State.ACCEPTED, ("secretariat", "editor", "focal_point")),
    ],
)
def test_a_report_is_read_by_the_partner_the_secretariat_and_the_partners_focal_points(
    partner, people, state, readers
):
    report = _report(partner, state)
    assert _answers(permissions.can_read_report, people, report) == _only(*readers)
    education = [sector_for("education").pk]
    given = _answers(permissions.can_read_report, people, report, partner_sector_ids=education)
    assert given == _only(*readers)
    found = _found(permissions.get_readable_report_or_404, people, report.pk)
    assert found == _only(*readers)


def test_an_unknown_report_is_not_found_even_by_the_secretariat(people):
    assert _found(permissions.get_readable_report_or_404, people, 999999) == _only()
    assert _found(permissions.get_own_report_or_404, people, 999999) == _only()


@pytest.mark.parametrize(
    ("state", "fillable"),
    [
        (State.DRAFT, True),
        (State.SUBMITTED, False),
        (State.MORE_INFORMATION, True),
        (State.ACCEPTED, False),
    ],
)
def test_the_partners_editor_fills_a_draft_or_a_report_sent_back(partner, people, state, fillable):
    report = _report(partner, state)
    expected = _only("editor") if fillable else _only()
    assert _answers(permissions.can_fill_report, people, report) == expected
    # Found by its own editor whatever its state, by nobody else.
    assert _found(permissions.get_own_report_or_404, people, report.pk) == _only("editor")


@pytest.mark.parametrize(
    ("state", "commenting"),
    [
        (State.DRAFT, False),
        (State.SUBMITTED, True),
        (State.MORE_INFORMATION, True),
        (State.ACCEPTED, True),
    ],
)
def test_a_focal_point_comments_on_a_submitted_report_in_their_sector(
    partner, people, state, commenting
):
    report = _report(partner, state)
    education, culture = sector_for("education"), sector_for("culture")
    expected = _only("focal_point") if commenting else _only()
    assert _answers(permissions.can_comment_report, people, report, education) == expected
    # The partner does not work in Culture: nobody comments there.
    assert _answers(permissions.can_comment_report, people, report, culture) == _only()
    assert _answers(permissions.can_comment_report, people, report, None) == _only()


def test_each_of_a_partners_reports_is_found_by_its_own_id(partner, people):
    earlier = _report(partner, State.ACCEPTED)
    later = PeriodicReport.objects.create(
        partner=partner,
        period_start=datetime.date(2026, 3, 15),
        period_end=datetime.date(2030, 3, 15),
        due_on=datetime.date(2030, 3, 15),
    )
    editor = people["editor"]
    assert permissions.get_own_report_or_404(editor, later.pk) == later
    assert permissions.get_own_report_or_404(editor, earlier.pk) == earlier
    assert permissions.get_readable_report_or_404(editor, later.pk) == later


def test_a_found_report_brings_its_partner_and_people_along(
    partner, people, django_assert_num_queries
):
    # The report page names the partner, who submitted it and who assessed it.
    report = _report(partner, State.ACCEPTED)
    PeriodicReport.objects.filter(pk=report.pk).update(
        submitted_by=people["editor"], assessed_by=people["secretariat"]
    )
    secretariat = people["secretariat"]
    found = permissions.get_readable_report_or_404(secretariat, report.pk)
    with django_assert_num_queries(0):
        names = (found.partner.name_en, found.submitted_by.email, found.assessed_by.email)
    assert names == ("Partner A", "editor@example.org", "secretariat@example.org")
