import pytest
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("fr", "- Choisir une option -"),
        ("es", "- Seleccione una opción -"),
        ("en", "- Select an option -"),
    ],
)
def test_empty_choice_of_a_select_reads_in_the_page_language(language, label):
    """Django's Spanish catalogue leaves it in English; the portal's translates it."""
    with translation.override(language):
        assert str(BLANK_CHOICE_LABEL) == label
