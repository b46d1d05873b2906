"""The Directives' rules: eligibility, the associate deadline, periods. Each rule broken once."""

import datetime

import pytest

from partners.lifecycle import rules

TODAY = datetime.date(2026, 11, 30)


def problems(**overrides):
    values = {
        "kind": "consultative",
        "founding_year": 2010,
        "scope": "international",
        "has_legal_status": True,
        "has_statutes": True,
        "has_headquarters": True,
        "consultative_since": None,
        "today": TODAY,
    }
    values.update(overrides)
    return [refusal.code for refusal in rules.eligibility_problems(**values)]


def test_an_organisation_meeting_every_condition_is_eligible_for_consultative_status():
    assert problems() == []


@pytest.mark.parametrize(
    ("founding_year", "expected"),
    [(2024, []), (2025, ["too_recent"]), (2026, ["too_recent"]), (None, ["founding_year"])],
)
def test_an_organisation_must_have_existed_two_years(founding_year, expected):
    assert problems(founding_year=founding_year) == expected


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("has_legal_status", "legal_status"),
        ("has_statutes", "statutes"),
        ("has_headquarters", "headquarters"),
    ],
)
def test_legal_status_statutes_and_headquarters_are_each_required(field, code):
    assert problems(**{field: False}) == [code]


def test_a_national_ngo_may_not_ask_for_associate_status():
    found = problems(
        kind="associate", scope="national", consultative_since=datetime.date(2015, 1, 1)
    )
    assert found == ["national"]


def test_associate_status_needs_consultative_status_first():
    assert problems(kind="associate", consultative_since=None) == ["not_consultative"]


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (datetime.date(2024, 11, 30), []),
        (datetime.date(2024, 12, 1), ["consultative_too_recent"]),
        (datetime.date(2026, 1, 1), ["consultative_too_recent"]),
    ],
)
def test_associate_status_needs_two_years_of_consultative_status(since, expected):
    assert problems(kind="associate", consultative_since=since) == expected


def test_a_regional_ngo_may_ask_for_associate_status():
    found = problems(
        kind="associate", scope="regional", consultative_since=datetime.date(2018, 1, 1)
    )
    assert found == []


@pytest.mark.parametrize(
    ("submitted_on", "batch"),
    [
        (datetime.date(2026, 1, 1), 2027),
        (datetime.date(2026, 11, 30), 2027),
        (datetime.date(2026, 12, 1), 2028),
        (datetime.date(2026, 12, 31), 2028),
    ],
)
def test_associate_requests_after_30_november_go_to_the_next_years_batch(submitted_on, batch):
    assert rules.associate_batch_year(submitted_on) == batch


def test_the_deadline_is_a_setting(settings):
    settings.PARTNERSHIP_RULES = {"ASSOCIATE_DEADLINE_MONTH": 10, "ASSOCIATE_DEADLINE_DAY": 31}
    assert rules.associate_batch_year(datetime.date(2026, 11, 1)) == 2028


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2017, 3, 15), datetime.date(2025, 3, 15)),
        (datetime.date(2016, 2, 29), datetime.date(2024, 2, 29)),
        (datetime.date(2020, 2, 29), datetime.date(2028, 2, 29)),
    ],
)
def test_associate_status_is_granted_for_eight_years(start, end):
    assert rules.period_end("associate", start) == end


def test_29_february_moves_to_28_february_in_a_common_year():
    assert rules.add_years(datetime.date(2016, 2, 29), 1) == datetime.date(2017, 2, 28)
    assert rules.report_due_after(datetime.date(2016, 2, 29)) == datetime.date(2020, 2, 29)
    assert rules.report_due_after(datetime.date(2017, 3, 15)) == datetime.date(2021, 3, 15)


def test_the_reporting_cycle_is_a_setting(settings):
    settings.PARTNERSHIP_RULES = {"REPORT_CYCLE_YEARS": 2}
    assert rules.report_due_after(datetime.date(2017, 3, 15)) == datetime.date(2019, 3, 15)


@pytest.mark.parametrize(
    ("start", "today", "due"),
    [
        (datetime.date(2017, 3, 15), datetime.date(2020, 1, 1), datetime.date(2021, 3, 15)),
        (datetime.date(2017, 3, 15), datetime.date(2021, 3, 15), datetime.date(2021, 3, 15)),
        (datetime.date(2017, 3, 15), datetime.date(2021, 3, 16), datetime.date(2025, 3, 15)),
        (datetime.date(2016, 2, 29), datetime.date(2026, 11, 30), datetime.date(2028, 2, 29)),
    ],
)
def test_the_next_report_is_due_at_the_first_cycle_date_not_past(start, today, due):
    assert rules.next_cycle_date(start, today) == due
