"""The Secretariat's steps: moves refused with their message, recommendation, decision,
admission into the directory and the letter, as the applicant and the directory see them.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partners.lifecycle import services
from partners.lifecycle.models import ApplicationStep
from partners.models import Partner, PartnerEditor, StatusChange
from tests.foundation.factories import UserFactory
from tests.partners.factories import PartnerFactory
from tests.partners.lifecycle.factories import complete_application

pytestmark = pytest.mark.django_db

DECISION = {
    "decided_on": datetime.date(2017, 3, 15),
    "reference": "DG/7/17/1815",
    "executive_board_session": 202,
}


def _recommended(**fields):
    return complete_application(
        state="recommended",
        recommendation="favourable",
        recommendation_text="Regular cooperation with UIL.",
        **fields,
    )


def _refusal(application, *, user, to_state, language="en", **arguments):
    """The messages of the refusal, in `language`, and the request left as it was."""
    state = application.state
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            services.application_transition(
                application=application, to_state=to_state, user=user, **arguments
            )
        # Read in the same language: a state's label is translated when the message is shown.
        messages = refused.value.messages
    application.refresh_from_db()
    assert application.state == state
    return messages


def _admit(secretariat, application, **decision):
    with translation.override("en"):
        services.application_transition(
            application=application,
            to_state="admitted",
            user=secretariat,
            decision={**DECISION, **decision},
        )
    application.refresh_from_db()
    return application.partner


# Moves the table refuses, and messages


def test_a_move_the_table_refuses_names_both_states(secretariat):
    application = complete_application(state="submitted")
    messages = _refusal(application, user=secretariat, to_state="admitted", decision=DECISION)
    assert messages == ["A request that is “Submitted” cannot move to “Admitted”."]
    messages = _refusal(
        application, user=secretariat, to_state="admitted", decision=DECISION, language="fr"
    )
    assert messages == [
        "Une demande à l'état «\u00a0Soumise\u00a0» "
        "ne peut pas passer à l'état «\u00a0Admise\u00a0»."
    ]


def test_a_move_to_an_unknown_state_is_refused_with_the_name_given(secretariat):
    application = complete_application(state="submitted")
    messages = _refusal(application, user=secretariat, to_state="archived")
    assert messages == ["A request that is “Submitted” cannot move to “archived”."]


def test_a_step_without_a_message_records_an_empty_message(secretariat):
    application = complete_application(state="submitted")
    services.application_transition(
        application=application, to_state="examination", user=secretariat
    )
    step = ApplicationStep.objects.get(application=application, to_state="examination")
    assert (step.from_state, step.by, step.message) == ("submitted", secretariat, "")


def test_asking_for_documents_with_no_message_at_all_is_refused(secretariat):
    application = complete_application(state="submitted")
    messages = _refusal(application, user=secretariat, to_state="incomplete", message=None)
    assert messages == ["Say what is missing: the applicant receives your message."]


def test_a_message_may_be_5000_characters_and_not_one_more(secretariat):
    application = complete_application(state="submitted")
    messages = _refusal(application, user=secretariat, to_state="incomplete", message="a" * 5001)
    assert messages == ["A message is at most 5000 characters."]
    services.application_transition(
        application=application, to_state="incomplete", user=secretariat, message="a" * 5000
    )
    application.refresh_from_db()
    assert application.state == "incomplete"
    step = ApplicationStep.objects.get(application=application, to_state="incomplete")
    assert len(step.message) == 5000


def test_eligibility_is_judged_on_the_day_of_submission():
    # Founded in 2015 and submitting in February 2016: not yet two years of activity,
    # whatever today's date is when the check runs.
    application = complete_application(founding_year=2015)
    messages = _refusal(
        application,
        user=application.applicant,
        to_state="submitted",
        today=datetime.date(2016, 2, 23),
    )
    assert messages == [
        "An organisation must have existed and been active for at least 2 years "
        "before it requests a partnership."
    ]


# Recommendation


def test_a_recommendation_must_be_favourable_or_unfavourable_and_give_grounds(secretariat):
    application = complete_application(state="examination")
    messages = _refusal(
        application,
        user=secretariat,
        to_state="recommended",
        decision={"recommendation_text": "Regular cooperation."},
    )
    assert messages == ["Choose a favourable or unfavourable recommendation."]
    messages = _refusal(
        application,
        user=secretariat,
        to_state="recommended",
        decision={"recommendation": "favourable", "recommendation_text": "   "},
    )
    assert messages == ["Give the grounds of the recommendation."]


# Decision


def test_a_decision_needs_its_date(secretariat):
    application = _recommended()
    messages = _refusal(
        application,
        user=secretariat,
        to_state="admitted",
        decision={**DECISION, "decided_on": None},
    )
    assert messages == ["Give the date of the decision."]
    messages = _refusal(
        application,
        user=secretariat,
        to_state="admitted",
        decision={**DECISION, "decided_on": None},
        language="fr",
    )
    assert messages == ["Indiquez la date de la décision."]
    assert application.partner is None


def test_a_decision_dated_before_the_request_is_refused_and_the_same_day_is_not(secretariat):
    application = _recommended()
    messages = _refusal(
        application,
        user=secretariat,
        to_state="declined",
        decision={**DECISION, "decided_on": datetime.date(2016, 2, 22)},
    )
    assert messages == ["The decision cannot be dated before the request."]
    services.application_transition(
        application=application,
        to_state="declined",
        user=secretariat,
        decision={**DECISION, "decided_on": datetime.date(2016, 2, 23)},
    )
    application.refresh_from_db()
    assert application.state == "declined"
    assert application.decided_on == datetime.date(2016, 2, 23)


@pytest.mark.parametrize("reference", [None, "", "   "])
def test_a_decision_needs_its_reference(secretariat, reference):
    application = _recommended()
    messages = _refusal(
        application,
        user=secretariat,
        to_state="admitted",
        decision={**DECISION, "reference": reference},
    )
    assert messages == ["A decision reference is required."]
    assert not Partner.objects.exists()


def test_associate_status_needs_the_board_session(secretariat):
    partner = PartnerFactory(status="consultative", since=datetime.date(2012, 6, 1))
    application = _recommended(kind="associate", partner=partner)
    messages = _refusal(
        application,
        user=secretariat,
        to_state="admitted",
        decision={**DECISION, "executive_board_session": None},
    )
    assert messages == ["Associate status is decided by the Executive Board: give its session."]


# Admission: the directory entry


def test_the_new_partner_takes_the_requests_details(secretariat):
    application = _recommended(
        website="https://cma.example.org",
        email="contact@cma.example.org",
        address="40, rue des Blancs Manteaux",
    )
    partner = _admit(secretariat, application)
    assert partner.name == "Comité mondial pour les apprentissages tout au long de la vie"
    assert partner.acronym == "CMA"
    assert partner.kind == "ngo"
    assert partner.country == "FR"
    assert partner.city == "Paris"
    assert partner.address == "40, rue des Blancs Manteaux"
    assert partner.website == "https://cma.example.org"
    assert partner.email == "contact@cma.example.org"
    assert partner.founding_year == 2005
    assert partner.published is True


def test_the_admission_is_recorded_with_who_and_the_request(secretariat):
    partner = _admit(secretariat, _recommended())
    admission = StatusChange.objects.get(partner=partner)
    assert admission.changed_by == secretariat
    assert admission.note == "Request of 2016-02-23"


def test_the_slug_comes_from_the_acronym(secretariat):
    partner = _admit(secretariat, _recommended())
    assert partner.slug == "cma"


def test_without_an_acronym_the_slug_comes_from_the_name(secretariat):
    partner = _admit(secretariat, _recommended(acronym=""))
    assert partner.slug == "comite-mondial-pour-les-apprentissages-tout-au-long-de-la-vie"


def test_a_name_with_no_latin_letters_gets_a_generic_slug(secretariat):
    partner = _admit(secretariat, _recommended(organisation_name="国际终身学习委员会", acronym=""))
    assert partner.slug == "partner"


def test_a_long_name_gives_a_slug_of_100_characters(secretariat):
    name = "Association " + "internationale " * 10
    partner = _admit(secretariat, _recommended(organisation_name=name.strip(), acronym=""))
    assert partner.slug == "association-" + "internationale-" * 5 + "international"
    assert len(partner.slug) == 100


def test_a_slug_already_taken_gets_the_number_2(secretariat):
    PartnerFactory(slug="cma")
    partner = _admit(secretariat, _recommended())
    assert partner.slug == "cma-2"


def test_the_next_free_number_is_used_after_the_taken_ones(secretariat):
    PartnerFactory(slug="cma")
    PartnerFactory(slug="cma-2")
    partner = _admit(secretariat, _recommended())
    assert partner.slug == "cma-3"
    assert Partner.objects.filter(slug__startswith="cma").count() == 3


def test_an_editor_asking_for_associate_status_stays_its_only_editor(secretariat):
    partner = PartnerFactory(status="consultative", since=datetime.date(2012, 6, 1))
    editor = PartnerEditor.objects.create(user=UserFactory(), partner=partner)
    application = _recommended(kind="associate", partner=partner, applicant=editor.user)
    _admit(
        secretariat,
        application,
        decided_on=datetime.date(2024, 4, 10),
        reference="219 EX/Decision 31",
        executive_board_session=219,
    )
    assert list(PartnerEditor.objects.filter(partner=partner).values_list("user", flat=True)) == [
        editor.user.pk
    ]


# The letter


def _letter(secretariat):
    application = _recommended(language="en")
    _admit(secretariat, application)
    return application.letter


def test_a_signed_letter_cannot_be_edited_nor_signed_again(secretariat, private_storage_dir):
    letter = services.letter_sign_and_send(letter=_letter(secretariat), user=secretariat)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.letter_save(letter=letter, user=secretariat, data={"body": "Changed after."})
    assert refused.value.messages == ["A signed letter cannot be changed."]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.letter_sign_and_send(letter=letter, user=secretariat)
    assert refused.value.messages == ["This letter is already signed and sent."]


def test_signing_records_who_signed_and_when_it_was_sent(secretariat, private_storage_dir):
    letter = services.letter_sign_and_send(letter=_letter(secretariat), user=secretariat)
    letter.refresh_from_db()
    assert letter.signed_by == secretariat
    assert letter.sent_at is not None
    assert letter.sent_at >= letter.signed_at
