"""A sector focal point's comment on a request: what is stored and what is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partners.lifecycle import services
from partners.lifecycle.models import FocalPointComment
from tests.partners.factories import sector_for
from tests.partners.lifecycle.factories import complete_application, focal_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    return complete_application(state="submitted")


@pytest.fixture
def education():
    return focal_point("education", full_name="Marie Curie")


def comment(application, user, text):
    return services.application_comment(
        application=application, user=user, sector=sector_for("education"), text=text
    )


def test_the_comment_is_stored_with_its_author_and_sector(application, education):
    comment(application, education, "  Known to the Education Sector since 2012.\n")
    stored = FocalPointComment.objects.get()
    assert stored.application == application
    assert stored.report is None
    assert stored.sector.code == "education"
    assert stored.author == education
    assert stored.text == "Known to the Education Sector since 2012."


@pytest.mark.parametrize("text", ["", "   \n\t", None])
def test_an_empty_comment_is_refused(application, education, text):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        comment(application, education, text)
    assert refused.value.messages == ["Write a comment."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        comment(application, education, text)
    assert refused.value.messages == ["Rédigez un commentaire."]
    assert not FocalPointComment.objects.exists()


def test_a_comment_holds_five_thousand_characters(application, education):
    comment(application, education, "a" * 5000)
    assert len(FocalPointComment.objects.get().text) == 5000
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        comment(application, education, "b" * 5001)
    assert refused.value.messages == ["A comment is at most 5000 characters."]
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        comment(application, education, "b" * 5001)
    assert refused.value.messages == ["Un commentaire ne doit pas dépasser 5000 caractères."]
    assert FocalPointComment.objects.count() == 1


def test_the_limit_counts_the_comment_without_its_surrounding_spaces(application, education):
    comment(application, education, "  " + "c" * 5000 + "\n\n")
    assert FocalPointComment.objects.get().text == "c" * 5000
