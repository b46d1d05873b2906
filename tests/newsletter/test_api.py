"""The newsletter archive in the read-only API (newsletter/api.py)."""

import datetime

import pytest

from newsletter.models import Issue
from tests.newsletter.factories import IssueFactory

pytestmark = pytest.mark.django_db


def _issue(month: int, status=Issue.Status.SENT, year=2025):
    return IssueFactory(month=datetime.date(year, month, 1), status=status)


def test_api_lists_published_issues_newest_first_with_pdfs(client):
    _issue(1)
    _issue(2, status=Issue.Status.SENDING)
    _issue(3, status=Issue.Status.DRAFT)
    data = client.get("/api/v1/newsletters/").json()
    assert [item["month"] for item in data["results"]] == ["2025-02", "2025-01"]
    january = data["results"][1]
    assert january["url"] == "http://testserver/en/newsletters/2025-01/"
    assert january["pdfs"] == [
        {"language": "fr", "url": "http://testserver/fr/newsletters/2025-01.pdf"},
        {"language": "en", "url": "http://testserver/en/newsletters/2025-01.pdf"},
        {"language": "es", "url": "http://testserver/es/newsletters/2025-01.pdf"},
    ]
    assert january["editorial_note"] == "Welcome to the January letter."


def test_api_issue_in_the_requests_language(client):
    _issue(1)
    data = client.get("/api/v1/newsletters/2025-01/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["editorial_note"] == "Bienvenue dans la lettre de janvier."
    assert isinstance(data["sections"], list)


@pytest.mark.parametrize("month", ["2025-03", "1999-01", "2025-13", "2025-1", "abc", "2025-01x"])
def test_api_draft_or_unknown_issue_is_a_json_404(client, month):
    _issue(1)
    _issue(3, status=Issue.Status.DRAFT)
    response = client.get(f"/api/v1/newsletters/{month}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_api_pages_issues_with_a_cursor(client):
    for index in range(30):
        _issue(index % 12 + 1, year=2000 + index // 12)
    first = client.get("/api/v1/newsletters/").json()
    second = client.get(first["next"]).json()
    months = [item["month"] for item in first["results"] + second["results"]]
    assert len(first["results"]) == 25
    assert len(months) == len(set(months)) == 30
    assert months == sorted(months, reverse=True)


@pytest.mark.parametrize("count", [1, 3])
def test_api_issue_list_query_count_is_constant(client, django_assert_num_queries, count):
    for month in range(1, count + 1):
        _issue(month)
    with django_assert_num_queries(1):
        response = client.get("/api/v1/newsletters/")
    assert len(response.json()["results"]) == count
