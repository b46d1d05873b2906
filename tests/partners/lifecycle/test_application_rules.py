"""Starting, saving and checking a draft request: what the applicant is told and what is stored.

The messages are the applicant's only guide to what is missing or refused,
so they are compared whole, in English and once in French.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from partners.lifecycle import services
from partners.lifecycle.models import Application, ApplicationStep
from partners.models import PartnerEditor
from tests.foundation.factories import UserFactory
from tests.partners.factories import PartnerFactory, sector_for
from tests.partners.lifecycle.factories import complete_application

pytestmark = pytest.mark.django_db


def refusal(error):
    return error.value.messages


def blank_application(kind):
    """A request as it stands before the applicant has written anything."""
    return Application.objects.create(applicant=UserFactory(), kind=kind)


# --- Completeness: what the applicant must still give ------------------------


def test_a_blank_consultative_request_lists_everything_still_to_give():
    application = blank_application("consultative")
    with translation.override("en"):
        problems = services.completeness_problems(application)
    assert problems == [
        "Give the name of the organisation.",
        "Give the country of the headquarters.",
        "Give the city.",
        "Give the name of the head of the organisation.",
        "Give the aims and activities.",
        "Give the projects hoped for with UNESCO.",
        "Give the cooperation with UNESCO so far.",
        "Choose at least one UNESCO sector.",
        "Add this document: Statutes.",
        "Add this document: Instrument of legal recognition.",
        "Add this document: List of members by country.",
        "Add this document: Latest activity report (at least two years).",
        "Add this document: Financial report on the last financial year.",
    ]


def test_a_blank_associate_request_asks_for_no_projects_and_its_own_documents():
    application = blank_application("associate")
    with translation.override("en"):
        problems = services.completeness_problems(application)
    assert problems == [
        "Give the name of the organisation.",
        "Give the country of the headquarters.",
        "Give the city.",
        "Give the name of the head of the organisation.",
        "Give the aims and activities.",
        "Give the cooperation with UNESCO so far.",
        "Choose at least one UNESCO sector.",
        "Add this document: List of members by country.",
        "Add this document: Latest activity report (at least two years).",
        "Add this document: Summary of cooperation with UNESCO over the previous two years.",
    ]


def test_what_is_still_to_give_is_said_in_french():
    application = blank_application("consultative")
    with translation.override("fr"):
        problems = services.completeness_problems(application)
    assert problems[:9] == [
        "Indiquez le nom de l'organisation.",
        "Indiquez le pays du siège.",
        "Indiquez la ville.",
        "Indiquez le nom du responsable de l'organisation.",
        "Indiquez les buts et activités.",
        "Indiquez les projets envisagés avec l'UNESCO.",
        "Indiquez la coopération avec l'UNESCO à ce jour.",
        "Choisissez au moins un secteur de l'UNESCO.",
        "Ajoutez ce document\u00a0: Statuts.",
    ]


def test_a_complete_request_has_nothing_left_to_give():
    assert services.completeness_problems(complete_application()) == []


def test_blank_spaces_do_not_count_as_an_answer():
    application = complete_application(city="   ", cooperation="\n")
    with translation.override("en"):
        problems = services.completeness_problems(application)
    assert problems == ["Give the city.", "Give the cooperation with UNESCO so far."]


def test_only_the_documents_still_missing_are_asked_for():
    application = complete_application(kind="associate")
    application.documents.filter(kind="cooperation-summary").delete()
    application.sectors.clear()
    with translation.override("en"):
        problems = services.completeness_problems(application)
    assert problems == [
        "Choose at least one UNESCO sector.",
        "Add this document: Summary of cooperation with UNESCO over the previous two years.",
    ]


# --- Eligibility of the request as it stands ---------------------------------


def _consultative_partner(since):
    return PartnerFactory(status="consultative", since=since)


def test_a_national_organisation_is_not_eligible_for_associate_status():
    partner = _consultative_partner(datetime.date(2015, 1, 1))
    application = complete_application(kind="associate", partner=partner, scope="national")
    problems = services.eligibility_problems(application, today=datetime.date(2026, 6, 1))
    assert [problem.code for problem in problems] == ["national"]
    # The same scope is no obstacle to consultative status.
    consultative = complete_application(scope="national")
    assert services.eligibility_problems(consultative, today=datetime.date(2026, 6, 1)) == []


def test_associate_status_needs_a_partner_in_consultative_status():
    application = complete_application(kind="associate")
    with translation.override("en"):
        problems = services.eligibility_problems(application, today=datetime.date(2026, 6, 1))
    assert [problem.message for problem in problems] == [
        "Associate status may be requested only by a partner that has held "
        "consultative status for at least 2 years."
    ]


def test_a_national_organisation_cannot_submit_an_associate_request():
    partner = _consultative_partner(datetime.date(2015, 1, 1))
    application = complete_application(kind="associate", partner=partner, scope="national")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_transition(
            application=application,
            to_state="submitted",
            user=application.applicant,
            today=datetime.date(2026, 6, 1),
        )
    assert refusal(refused) == [
        "Only international or regional organisations may request associate status."
    ]
    application.refresh_from_db()
    assert application.state == "draft"


# --- Starting a request ------------------------------------------------------


@pytest.mark.parametrize("kind", ["", "partner", "Consultative", None])
def test_a_request_is_for_consultative_or_associate_status(kind):
    user = UserFactory()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_start(user=user, kind=kind)
    assert refusal(refused) == ["Choose consultative or associate status."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.application_start(user=user, kind=kind)
    assert refusal(refused) == ["Choisissez le statut consultatif ou le statut d'association."]
    assert not Application.objects.filter(applicant=user).exists()


def test_a_new_consultative_request_is_a_draft_in_the_applicants_language_and_name():
    user = UserFactory(full_name="Aïcha Diallo", preferred_language="es")
    application = services.application_start(user=user, kind="consultative")
    application.refresh_from_db()
    assert application.applicant == user
    assert (application.kind, application.state) == ("consultative", "draft")
    assert application.language == "es"
    assert application.head_name == "Aïcha Diallo"
    assert application.partner is None
    step = ApplicationStep.objects.get(application=application)
    assert (step.from_state, step.to_state, step.by) == ("", "draft", user)


def test_someone_without_a_partner_cannot_ask_for_associate_status():
    user = UserFactory()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_start(user=user, kind="associate")
    assert refusal(refused) == [
        "Associate status is requested by a partner already in consultative status: "
        "sign in with your organisation's editor account."
    ]
    assert not Application.objects.filter(applicant=user).exists()


def test_a_partners_editor_is_told_their_organisation_is_already_a_partner(editor_a):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_start(user=editor_a, kind="consultative")
    assert refusal(refused) == ["Your organisation is already a partner of UNESCO."]
    assert not Application.objects.filter(applicant=editor_a).exists()


def test_an_associate_request_starts_from_the_partners_profile():
    partner = PartnerFactory(
        acronym="CMA",
        founding_year=1998,
        city="Dakar",
        country="SN",
        address="Route de Ngor",
        website="https://cma.example.org",
        email="contact@cma.example.org",
        sectors=["education", "culture"],
    )
    editor = PartnerEditor.objects.create(user=UserFactory(), partner=partner).user
    application = services.application_start(user=editor, kind="associate")
    application.refresh_from_db()
    assert application.partner == partner
    assert (application.organisation_name, application.acronym) == (partner.name, "CMA")
    assert (application.country, application.city, application.address) == (
        "SN",
        "Dakar",
        "Route de Ngor",
    )
    assert (application.website, application.email) == (
        "https://cma.example.org",
        "contact@cma.example.org",
    )
    assert application.founding_year == 1998
    # A partner in consultative status has already shown these to UNESCO.
    assert application.has_legal_status is True
    assert application.has_statutes is True
    assert application.has_headquarters is True
    assert sorted(application.sectors.values_list("code", flat=True)) == ["culture", "education"]
    step = ApplicationStep.objects.get(application=application)
    assert (step.to_state, step.by) == ("draft", editor)


def test_a_second_request_waits_for_the_first():
    first = complete_application(state="submitted")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_start(user=first.applicant, kind="consultative")
    assert refusal(refused) == [
        "You already have a request in progress: complete or withdraw it first."
    ]
    assert list(Application.objects.filter(applicant=first.applicant)) == [first]
    assert not ApplicationStep.objects.filter(application__applicant=first.applicant).exists()


def test_a_new_request_may_follow_a_withdrawn_one():
    first = complete_application(state="withdrawn")
    second = services.application_start(user=first.applicant, kind="consultative")
    assert second.pk != first.pk
    assert Application.objects.filter(applicant=first.applicant).count() == 2


# --- Saving a draft ----------------------------------------------------------


def test_the_applicant_saves_their_draft():
    application = complete_application()
    services.application_save(
        application=application,
        user=application.applicant,
        data={"city": "Lyon", "mission": "Literacy for adults."},
        sectors=[sector_for("culture")],
    )
    application.refresh_from_db()
    assert (application.city, application.mission) == ("Lyon", "Literacy for adults.")
    assert list(application.sectors.values_list("code", flat=True)) == ["culture"]


@pytest.mark.parametrize("state", ["submitted", "examination", "recommended", "admitted"])
def test_a_request_sent_on_can_no_longer_be_saved(state):
    application = complete_application(state=state)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.application_save(
            application=application,
            user=application.applicant,
            data={"city": "Lyon"},
            sectors=[sector_for("culture")],
        )
    assert refusal(refused) == ["This request can no longer be changed."]
    application.refresh_from_db()
    assert application.city == "Paris"
    assert list(application.sectors.values_list("code", flat=True)) == ["education"]


def test_only_the_applicant_saves_the_draft(secretariat):
    application = complete_application()
    for user in (UserFactory(), secretariat):
        with pytest.raises(PermissionDenied):
            services.application_save(
                application=application, user=user, data={"city": "Lyon"}, sectors=[]
            )
    application.refresh_from_db()
    assert application.city == "Paris"
    assert application.sectors.count() == 1
