import pytest

from partners.models import Action
from tests.conftest import sign_in
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

NEW_URL = "/en/my/organisation/actions/new/"


def action_data(**changes):
    data = {
        "title_fr": "Atelier sur l'éducation inclusive",
        "title_en": "Workshop on inclusive education",
        "text_en": "Teachers from twelve countries.",
        "start_date": "2025-03-01",
        "end_date": "2025-03-03",
        "countries": ["SN", "CI"],
        "sectors": ["education"],
        "link": "https://example.org/workshop",
        "published": "on",
    }
    data.update(changes)
    return data


def test_editor_creates_action_public_at_once_on_profile_and_home(client, editor_a, partner_a):
    sign_in(client, editor_a)
    response = client.post(NEW_URL, action_data())
    assert response.status_code == 302
    action = Action.objects.get(partner=partner_a)
    assert action.created_by == editor_a
    assert {c.code for c in action.countries} == {"SN", "CI"}
    assert list(action.sectors.values_list("code", flat=True)) == ["education"]
    assert "Atelier sur l&#x27;éducation inclusive" in client.get("/fr/partners/partner-a/").text
    assert "Workshop on inclusive education" in client.get("/en/").text


def test_forged_partner_field_is_ignored(client, editor_a, partner_a, partner_b):
    sign_in(client, editor_a)
    client.post(NEW_URL, action_data(partner=str(partner_b.pk)))
    assert Action.objects.get().partner == partner_a
    assert not partner_b.actions.exists()


def test_editor_edits_and_unpublishes_own_action(client, editor_a, partner_a):
    action = ActionFactory(partner=partner_a, title_en="Before")
    sign_in(client, editor_a)
    url = f"/en/my/organisation/actions/{action.pk}/"
    assert "Before" in client.get(url).text
    client.post(url, action_data(title_en="After"))
    action.refresh_from_db()
    assert action.title_en == "After"
    client.post(f"{url}unpublish/")
    action.refresh_from_db()
    assert not action.published
    assert "After" not in client.get("/en/partners/partner-a/").text
    assert "After" not in client.get("/en/").text


def test_editor_cannot_touch_another_partners_action(client, editor_a, partner_b):
    action = ActionFactory(partner=partner_b, title_en="Theirs")
    sign_in(client, editor_a)
    url = f"/en/my/organisation/actions/{action.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, action_data(title_en="Mine now")).status_code == 404
    assert client.post(f"{url}unpublish/").status_code == 404
    action.refresh_from_db()
    assert action.title_en == "Theirs"
    assert action.published


def test_secretariat_hides_and_shows_any_action(client, secretariat, partner_b):
    action = ActionFactory(partner=partner_b, title_en="Questionable")
    sign_in(client, secretariat)
    listing = client.get("/en/my/secretariat/actions/")
    assert "Questionable" in listing.text
    client.post(f"/en/my/secretariat/actions/{action.pk}/hide/", {"hidden": "1"})
    action.refresh_from_db()
    assert action.hidden_by_secretariat
    assert "Questionable" not in client.get("/en/partners/partner-b/").text
    assert "Questionable" not in client.get("/en/").text
    client.post(f"/en/my/secretariat/actions/{action.pk}/hide/", {"hidden": "0"})
    action.refresh_from_db()
    assert not action.hidden_by_secretariat


def test_editor_cannot_hide_an_action(client, editor_a, partner_a):
    action = ActionFactory(partner=partner_a)
    sign_in(client, editor_a)
    response = client.post(f"/en/my/secretariat/actions/{action.pk}/hide/", {"hidden": "1"})
    assert response.status_code == 403
    action.refresh_from_db()
    assert not action.hidden_by_secretariat


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title_fr": "", "title_en": "", "title_es": ""}, "Give a title in at least one language"),
        ({"end_date": "2025-02-01"}, "The end date is before the start date."),
        ({"start_date": "not-a-date"}, "Enter a valid date."),
        ({"link": "javascript:alert(1)"}, "Enter a valid URL."),
        ({"countries": ["ZZ"]}, "Select a valid choice."),
        ({"sectors": ["1"]}, "Select a valid choice."),
        ({"title_en": "x" * 10_000}, "Ensure this value has at most 255 characters"),
        ({"text_en": "nul\x00byte"}, "Null characters are not allowed."),
    ],
)
def test_hostile_action_input_is_refused_and_stores_nothing(client, editor_a, changes, message):
    sign_in(client, editor_a)
    response = client.post(NEW_URL, action_data(**changes))
    assert response.status_code == 400
    assert message in response.text
    assert 'role="alert"' in response.text
    assert not Action.objects.exists()


def test_markup_in_action_is_escaped(client, editor_a):
    sign_in(client, editor_a)
    client.post(NEW_URL, action_data(title_en="<img src=x onerror=alert(1)>"))
    page = client.get("/en/partners/partner-a/")
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text


def test_action_list_query_count_does_not_grow(
    client, editor_a, partner_a, django_assert_max_num_queries
):
    sign_in(client, editor_a)
    ActionFactory(partner=partner_a).sectors.set([])
    with django_assert_max_num_queries(9):
        client.get("/en/my/organisation/actions/")
    for _ in range(10):
        ActionFactory(partner=partner_a)
    with django_assert_max_num_queries(9):
        response = client.get("/en/my/organisation/actions/")
    assert response.text.count("<tr>") == 12
