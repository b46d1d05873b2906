import pytest

from tests.conftest import sign_in
from tests.forums.factories import ProgrammeItemFactory

pytestmark = pytest.mark.django_db


def test_secretariat_edits_a_programme_item_with_its_speakers_in_the_admin(client, secretariat):
    item = ProgrammeItemFactory(title_en="Opening plenary")
    sign_in(client, secretariat)
    response = client.get(f"/admin/forums/programmeitem/{item.pk}/change/")
    assert response.status_code == 200
    assert "Opening plenary" in response.text
    assert "speakers-TOTAL_FORMS" in response.text
