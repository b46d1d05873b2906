"""/api/v1/working-groups/<slug>/documents/: a group's published documents."""

import pytest

from tests.conftest import sign_in
from tests.forums.factories import (
    DocumentFactory,
    WorkingGroupFactory,
    WorkingGroupMembershipFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/working-groups/strengthening/documents/"


@pytest.fixture
def group(db):
    return WorkingGroupFactory(slug="strengthening")


def test_lists_published_documents_with_their_files_in_each_language(client, group):
    DocumentFactory(
        working_group=group,
        title_en="Public guide",
        published=True,
        published__languages=["fr", "en", "es"],
    )
    DocumentFactory(working_group=group, title_en="Hidden draft")
    DocumentFactory(working_group=WorkingGroupFactory(), title_en="Other group", published=True)
    data = client.get(URL).json()
    assert [doc["title"] for doc in data["results"]] == ["Public guide"]
    document = data["results"][0]
    assert document["version"] == 1
    assert [file["language"] for file in document["files"]] == ["en", "es", "fr"]
    assert client.get(document["url"].replace("http://testserver", "")).status_code == 200
    for file in document["files"]:
        assert client.get(file["url"].replace("http://testserver", "")).status_code == 200
    assert data["next"] is None
    assert "Hidden draft" not in str(data)


def test_a_member_sees_no_draft_either(client, group):
    # The answer is the public page's, shared by the cache: never the member's view.
    DocumentFactory(working_group=group, title_en="Members' draft")
    member = WorkingGroupMembershipFactory(working_group=group).user
    sign_in(client, member)
    assert client.get(URL).json()["results"] == []


def test_unknown_group_is_a_json_404(client):
    response = client.get("/api/v1/working-groups/nowhere/documents/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_pages_with_a_cursor_newest_published_first(client, group):
    for index in range(27):
        DocumentFactory(working_group=group, title_en=f"Guide {index:02}", published=True)
    first = client.get(URL).json()
    assert len(first["results"]) == 25
    assert "count" not in first
    assert first["results"][0]["title"] == "Guide 26"
    second = client.get(first["next"]).json()
    assert [doc["title"] for doc in second["results"]] == ["Guide 01", "Guide 00"]
    assert second["next"] is None


@pytest.mark.parametrize("count", [1, 3])
def test_query_count_does_not_grow_with_documents(client, group, django_assert_num_queries, count):
    for index in range(count):
        DocumentFactory(working_group=group, title_en=f"Guide {index}", published=True)
    # The group, the page of documents, their files.
    with django_assert_num_queries(3):
        response = client.get(URL)
    assert len(response.json()["results"]) == count
