"""foundation.validators.clean_text: the one check of a free text a service stores."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from foundation.validators import clean_text


def test_a_text_is_stripped_and_kept():
    assert clean_text("  Literacy work.\n", label="Theme", max_length=20) == "Literacy work."
    assert clean_text(None, label="Theme", max_length=20, required=False) == ""


@pytest.mark.parametrize(
    ("value", "required", "message"),
    [
        ("a\x00b", True, "Theme contains a forbidden character."),
        ("   ", True, "Theme is required."),
        ("x" * 21, False, "Theme must be at most 20 characters."),
    ],
)
def test_a_text_is_refused_with_a_message_naming_it(value, required, message):
    with pytest.raises(ValidationError) as refused:
        clean_text(value, label="Theme", max_length=20, required=required)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Le champ «\xa0Thème\xa0» est obligatoire."),
        ("es", "Thème: este campo es obligatorio."),
    ],
)
def test_the_refusal_speaks_the_users_language(language, message):
    with translation.override(language), pytest.raises(ValidationError) as refused:
        clean_text("", label="Thème", max_length=20)
    assert refused.value.messages == [message]
