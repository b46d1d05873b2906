"""The decision letter: drafted in the request's language, signed once as a PDF read back here."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from foundation.mail.models import Email
from partners.lifecycle import letters, services
from tests.partners.lifecycle.factories import complete_application

pytestmark = pytest.mark.django_db


def _admitted(secretariat, *, language):
    application = complete_application(
        state="recommended",
        recommendation="favourable",
        recommendation_text="Regular cooperation with UIL.",
        language=language,
    )
    services.application_transition(
        application=application,
        to_state="admitted",
        user=secretariat,
        decision={
            "decided_on": datetime.date(2017, 3, 15),
            "reference": "DG/7/17/1815",
            "executive_board_session": 202,
        },
    )
    application.refresh_from_db()
    return application


def _text(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def _fonts(document: bytes) -> list[dict]:
    reader = PdfReader(io.BytesIO(document))
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            found.append(descriptor.get_object() if descriptor else {})
    return found


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Réf.", "15 mars 2017", "202e session", "statut consultatif"]),
        ("en", ["Ref.", "15 March 2017", "202nd session", "consultative status"]),
        ("es", ["Ref.", "15 de marzo de 2017", "202.ª", "estatus consultivo"]),
    ],
)
def test_the_signed_letter_is_a_pdf_in_the_language_of_the_request(
    secretariat, private_storage_dir, language, expected
):
    application = _admitted(secretariat, language=language)
    letter = services.letter_sign_and_send(letter=application.letter, user=secretariat)
    with letter.pdf.open("rb") as handle:
        document = handle.read()
    text = " ".join(_text(document).split())
    for fragment in expected:
        assert fragment in text
    assert "Comité mondial pour les apprentissages" in text
    assert "DG/7/17/1815" in text
    # Every font is embedded: the letter reads the same on any machine.
    fonts = _fonts(document)
    assert fonts
    assert all(
        any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        for descriptor in fonts
    )
    email = Email.objects.get(key=f"partners.application:{application.pk}:letter")
    assert email.language == language


def test_the_secretariat_edits_the_letter_before_signing_and_not_after(
    secretariat, private_storage_dir
):
    application = _admitted(secretariat, language="en")
    letter = services.letter_save(
        letter=application.letter,
        user=secretariat,
        data={"body": "An edited paragraph about lifelong learning."},
    )
    services.letter_sign_and_send(letter=letter, user=secretariat)
    letter.refresh_from_db()
    with letter.pdf.open("rb") as handle:
        assert "An edited paragraph about lifelong learning." in _text(handle.read())
    with pytest.raises(ValidationError, match="signed"):
        services.letter_save(letter=letter, user=secretariat, data={"body": "Changed after."})
    with pytest.raises(ValidationError, match="already signed"):
        services.letter_sign_and_send(letter=letter, user=secretariat)
    letter.refresh_from_db()
    assert letter.body == "An edited paragraph about lifelong learning."


def test_a_declined_request_gets_a_letter_with_the_grounds(secretariat):
    application = complete_application(
        state="recommended",
        recommendation="unfavourable",
        recommendation_text="No cooperation with UNESCO could be shown.",
        language="en",
    )
    services.application_transition(
        application=application,
        to_state="declined",
        user=secretariat,
        decision={"decided_on": datetime.date(2017, 3, 15), "reference": "DG/7/17/1900"},
    )
    application.refresh_from_db()
    body = application.letter.body
    assert "regret" in body
    assert "No cooperation with UNESCO could be shown." in body


def test_the_letter_filename_never_carries_the_references_slashes(secretariat):
    application = _admitted(secretariat, language="en")
    assert letters.letter_filename(application.letter) == "letter-DG-7-17-1815-en.pdf"


def test_the_french_letter_writes_the_first_of_a_month_as_french_letters_do(secretariat):
    application = complete_application(
        state="recommended", recommendation="favourable", language="fr"
    )
    application.submitted_on = datetime.date(2016, 3, 1)
    application.save(update_fields=["submitted_on"])
    services.application_transition(
        application=application,
        to_state="admitted",
        user=secretariat,
        decision={"decided_on": datetime.date(2017, 3, 15), "reference": "DG/7/17/1815"},
    )
    application.refresh_from_db()
    assert "votre demande du 1er mars 2016" in application.letter.body
