"""The Directives' rules: eligibility, the associate deadline, periods. Each rule broken once."""

import datetime

import pytest
from django.utils import translation

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


def test_consultative_partnerships_come_up_for_review_after_eight_years():
    start = datetime.date(2017, 3, 15)
    assert rules.period_end("consultative", start) == datetime.date(2025, 3, 15)


def test_each_status_has_its_own_configured_period(settings):
    # Both are eight years by default: configured apart, each status reads its own.
    settings.PARTNERSHIP_RULES = {"ASSOCIATE_TERM_YEARS": 6, "CONSULTATIVE_REVIEW_YEARS": 4}
    start = datetime.date(2017, 3, 15)
    assert rules.period_end("associate", start) == datetime.date(2023, 3, 15)
    assert rules.period_end("consultative", start) == datetime.date(2021, 3, 15)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # The Directives' numbers (docs/partnership.md), when nothing is configured.
        ("MIN_YEARS_ACTIVE", 2),
        ("ASSOCIATE_MIN_CONSULTATIVE_YEARS", 2),
        ("ASSOCIATE_DEADLINE_MONTH", 11),
        ("ASSOCIATE_DEADLINE_DAY", 30),
        ("ASSOCIATE_TERM_YEARS", 8),
        ("CONSULTATIVE_REVIEW_YEARS", 8),
        ("REPORT_CYCLE_YEARS", 4),
        ("REPORT_REMINDER_DAYS_BEFORE", 60),
        ("REVIEW_NOTICE_DAYS", 183),
    ],
)
def test_the_directives_numbers_apply_when_nothing_is_configured(settings, name, value):
    del settings.PARTNERSHIP_RULES
    assert rules.rule(name) == value
    settings.PARTNERSHIP_RULES = None
    assert rules.rule(name) == value


def test_each_refusal_tells_the_applicant_what_is_missing():
    from django.utils import translation

    values = {
        "kind": "associate",
        "founding_year": 2026,
        "scope": "national",
        "has_legal_status": False,
        "has_statutes": False,
        "has_headquarters": False,
        "consultative_since": None,
        "today": TODAY,
    }
    with translation.override("en"):
        messages = [str(r.message) for r in rules.eligibility_problems(**values)]
        assert messages == [
            "An organisation must have existed and been active for at least 2 years "
            "before it requests a partnership.",
            "The organisation must have legal status.",
            "The organisation must have adopted statutes.",
            "The organisation must have an established headquarters.",
            "Only international or regional organisations may request associate status.",
            "Associate status may be requested only by a partner that has held "
            "consultative status for at least 2 years.",
        ]
        founded = rules.eligibility_problems(**{**values, "founding_year": None})[0]
        assert str(founded.message) == "Give the year the organisation was founded."
        recent = rules.eligibility_problems(
            **{**values, "scope": "international", "consultative_since": datetime.date(2025, 6, 1)}
        )[-1]
        assert str(recent.message) == (
            "Consultative status since 1 June 2025: associate status may be "
            "requested from 1 June 2027."
        )


def test_the_refusal_dates_the_status_as_the_site_writes_dates():
    with translation.override("fr"):
        (refusal,) = rules.eligibility_problems(
            kind="associate",
            founding_year=2010,
            scope="international",
            has_legal_status=True,
            has_statutes=True,
            has_headquarters=True,
            consultative_since=datetime.date(2025, 6, 1),
            today=TODAY,
        )
        assert "1er juin 2025" in str(refusal.message)
        assert "1er juin 2027" in str(refusal.message)
