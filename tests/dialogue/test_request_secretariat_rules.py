"""The Secretariat's own writes to a request: translations and internal notes,
then the outcome of the hearing. What is stored, what is left alone, and each
refusal in its own words."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from dialogue.models import RequestFile, State
from dialogue.services import request_record_outcome, request_update_by_secretariat
from tests.dialogue.factories import DialogueRequestFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# request_update_by_secretariat


def _update(req, by, internal_notes="", **translations):
    return request_update_by_secretariat(
        request=req, by=by, internal_notes=internal_notes, translations=translations
    )


def _update_refusal(req, by, language="en", **kwargs) -> list[str]:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        _update(req, by, **kwargs)
    return caught.value.messages


def test_translations_of_theme_and_description_are_stored(secretariat):
    req = DialogueRequestFactory(original_language="en")
    _update(
        req,
        secretariat,
        theme_fr=" Apprentissage tout au long de la vie ",
        description_fr="Un débat thématique sur l'alphabétisation des adultes.",
        theme_es="Aprendizaje a lo largo de toda la vida",
        description_es="Un debate temático sobre la alfabetización de adultos.",
    )
    req.refresh_from_db()
    assert req.theme_fr == "Apprentissage tout au long de la vie"
    assert req.description_fr == "Un débat thématique sur l'alphabétisation des adultes."
    assert req.theme_es == "Aprendizaje a lo largo de toda la vida"
    assert req.description_es == "Un debate temático sobre la alfabetización de adultos."


def test_other_fields_passed_as_translations_are_left_alone(secretariat):
    # Only theme and description are translated here; a forged summary or an
    # unknown language must neither be stored nor stop the real translations.
    req = DialogueRequestFactory(state=State.HELD, summary_fr="Résumé de l'audition.")
    _update(
        req,
        secretariat,
        summary_fr="Forged summary",
        theme_de="Lebenslanges Lernen",
        theme_fr="Apprentissage tout au long de la vie",
    )
    req.refresh_from_db()
    assert req.summary_fr == "Résumé de l'audition."
    assert req.theme_fr == "Apprentissage tout au long de la vie"


def test_a_translation_may_be_blanked_but_not_the_delegates_own_words(secretariat):
    req = DialogueRequestFactory(original_language="en", theme_fr="Apprentissage")
    _update(req, secretariat, theme_fr="")
    req.refresh_from_db()
    assert req.theme_fr == ""
    original = (req.theme_en, req.description_en)
    assert _update_refusal(req, secretariat, theme_en=" ") == ["Theme is required."]
    assert _update_refusal(req, secretariat, description_en="") == ["Description is required."]
    req.refresh_from_db()
    assert (req.theme_en, req.description_en) == original


@pytest.mark.parametrize(
    ("translations", "message"),
    [
        ({"theme_fr": "x" * 256}, "Theme must be at most 255 characters."),
        ({"description_fr": "x" * 5001}, "Description must be at most 5000 characters."),
        ({"theme_es": "Aprendizaje\x00"}, "Theme contains a forbidden character."),
        ({"description_es": "Debate\x00"}, "Description contains a forbidden character."),
    ],
)
def test_a_translation_refusal_names_the_field_and_its_limit(secretariat, translations, message):
    req = DialogueRequestFactory(original_language="en")
    assert _update_refusal(req, secretariat, **translations) == [message]
    req.refresh_from_db()
    assert (req.theme_fr, req.description_fr, req.theme_es) == (None, None, None)


def test_a_translation_refusal_is_in_the_secretariats_language(secretariat):
    req = DialogueRequestFactory(original_language="en")
    assert _update_refusal(req, secretariat, language="fr", theme_fr="x" * 256) == [
        "Le champ «\xa0Thème\xa0» ne doit pas dépasser 255 caractères."
    ]


def test_a_description_translation_of_the_full_length_is_kept(secretariat):
    req = DialogueRequestFactory(original_language="en")
    _update(req, secretariat, description_fr="x" * 5000)
    req.refresh_from_db()
    assert req.description_fr == "x" * 5000


def test_internal_notes_may_be_cleared(secretariat):
    req = DialogueRequestFactory(internal_notes="Ask the Sector for Education first.")
    _update(req, secretariat, internal_notes="  ")
    req.refresh_from_db()
    assert req.internal_notes == ""


def test_internal_notes_too_long_are_refused_in_words(secretariat):
    req = DialogueRequestFactory(internal_notes="Ask the Sector for Education first.")
    assert _update_refusal(req, secretariat, internal_notes="x" * 5001) == [
        "Internal notes must be at most 5000 characters."
    ]
    req.refresh_from_db()
    assert req.internal_notes == "Ask the Sector for Education first."


# request_record_outcome


def _record(req, by, documents=None, **texts):
    return request_record_outcome(request=req, by=by, texts=texts, documents=documents)


def _record_refusal(req, by, language="en", **kwargs) -> list[str]:
    with translation.override(language), pytest.raises(ValidationError) as caught:
        _record(req, by, **kwargs)
    return caught.value.messages


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "An outcome can only be recorded once the hearing is held."),
        ("fr", "Les résultats ne peuvent être enregistrés qu'une fois l'audition tenue."),
    ],
)
def test_an_outcome_before_the_hearing_is_held_is_refused(secretariat, language, message):
    req = DialogueRequestFactory(state=State.SCHEDULED)
    assert _record_refusal(req, secretariat, language, summary_en="It went well.") == [message]
    req.refresh_from_db()
    assert req.summary_en in (None, "")


def test_summary_and_follow_up_are_stored_in_each_language(secretariat):
    req = DialogueRequestFactory(state=State.HELD)
    _record(
        req,
        secretariat,
        summary_fr="Le Comité a entendu douze ONG.",
        follow_up_fr=" Un rapport au Conseil exécutif. ",
        summary_en="The Committee heard twelve NGOs.",
        follow_up_es="Un informe al Consejo Ejecutivo.",
    )
    req.refresh_from_db()
    assert req.summary_fr == "Le Comité a entendu douze ONG."
    assert req.follow_up_fr == "Un rapport au Conseil exécutif."
    assert req.summary_en == "The Committee heard twelve NGOs."
    assert req.follow_up_es == "Un informe al Consejo Ejecutivo."


def test_other_fields_passed_as_outcome_texts_are_left_alone(secretariat):
    # The theme is the delegate's: an outcome form must not rewrite it, and a
    # forged field must not stop the real texts being stored.
    req = DialogueRequestFactory(state=State.HELD, theme_fr="Apprentissage")
    _record(
        req,
        secretariat,
        theme_fr="Forged theme",
        summary_de="Zusammenfassung",
        summary_fr="Le Comité a entendu douze ONG.",
    )
    req.refresh_from_db()
    assert req.theme_fr == "Apprentissage"
    assert req.summary_fr == "Le Comité a entendu douze ONG."


def test_a_summary_of_the_full_length_is_kept(secretariat):
    req = DialogueRequestFactory(state=State.HELD)
    _record(req, secretariat, summary_en="x" * 10000)
    req.refresh_from_db()
    assert req.summary_en == "x" * 10000


def test_a_summary_too_long_is_refused_in_words(secretariat):
    req = DialogueRequestFactory(state=State.HELD)
    assert _record_refusal(req, secretariat, summary_en="x" * 10001) == [
        "Summary must be at most 10000 characters."
    ]
    req.refresh_from_db()
    assert req.summary_en in (None, "")


def test_outcome_documents_are_stored_with_the_request(secretariat):
    req = DialogueRequestFactory(state=State.HELD)
    _record(
        req,
        secretariat,
        documents=[SimpleUploadedFile("minutes.pdf", PDF, "application/pdf")],
        summary_en="The Committee heard twelve NGOs.",
    )
    stored = RequestFile.objects.get()
    assert stored.request == req
    assert stored.kind == RequestFile.Kind.OUTCOME
    assert stored.uploaded_by == secretariat
    assert stored.original_name == "minutes.pdf"
    assert stored.file.read() == PDF
