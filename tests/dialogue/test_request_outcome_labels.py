"""An outcome text refused by the service names the field it came from.

The follow-up actions were once refused under the summary's name ("Summary
must be at most 10000 characters."), pointing the Secretariat to the wrong box.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dialogue.models import State
from dialogue.services import request_record_outcome
from tests.dialogue.factories import DialogueRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "texts", "message"),
    [
        (
            "en",
            {"follow_up_fr": "x" * 10001},
            "Follow-up actions must be at most 10000 characters.",
        ),
        (
            "en",
            {"follow_up_es": "Informe\x00"},
            "Follow-up actions contains a forbidden character.",
        ),
        (
            "fr",
            {"follow_up_en": "x" * 10001},
            "Le champ «\xa0Actions de suivi\xa0» ne doit pas dépasser 10000 caractères.",
        ),
    ],
)
def test_a_follow_up_refusal_names_the_follow_up(secretariat, language, texts, message):
    req = DialogueRequestFactory(state=State.HELD)
    with translation.override(language), pytest.raises(ValidationError) as caught:
        request_record_outcome(request=req, by=secretariat, texts=texts)
    assert caught.value.messages == [message]
    req.refresh_from_db()
    assert (req.follow_up_en, req.follow_up_fr, req.follow_up_es) == (None, None, None)
