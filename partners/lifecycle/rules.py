"""The Directives' numbers, read from settings, and the eligibility rules built on them.

The numbers live in one setting, `PARTNERSHIP_RULES` (portal/settings.py),
with the values of the Directives concerning UNESCO's partnership with
non-governmental organizations (36 C/Resolution 108, 2011) as defaults:
see docs/partnership.md for each value and its source. Nothing else in the
code spells them out.

Every function here is pure: it takes what it needs and returns a reason,
so the application form, the service that submits and the tests share them.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from foundation import display

DEFAULTS = {
    # Consultative status: existing and active for at least two years.
    "MIN_YEARS_ACTIVE": 2,
    # Associate status: consultative status held for at least two years.
    "ASSOCIATE_MIN_CONSULTATIVE_YEARS": 2,
    # Associate requests reach the Secretariat by 30 November for the
    # Executive Board's first session of the following year.
    "ASSOCIATE_DEADLINE_MONTH": 11,
    "ASSOCIATE_DEADLINE_DAY": 30,
    # Associate status is granted for eight years, renewable by the Board.
    "ASSOCIATE_TERM_YEARS": 8,
    # Consultative partnerships are reviewed on the same periodic reports.
    "CONSULTATIVE_REVIEW_YEARS": 8,
    # Partners report on their cooperation with UNESCO every four years.
    "REPORT_CYCLE_YEARS": 4,
    # Reminders: this many days before a report is due, and once after.
    "REPORT_REMINDER_DAYS_BEFORE": 60,
    # A review case opens this many days before a period ends.
    "REVIEW_NOTICE_DAYS": 183,
}

KIND_CONSULTATIVE = "consultative"
KIND_ASSOCIATE = "associate"
SCOPE_NATIONAL = "national"


def rule(name: str) -> int:
    """One number of the Directives, as configured (settings.PARTNERSHIP_RULES)."""
    configured = getattr(settings, "PARTNERSHIP_RULES", {}) or {}
    return int(configured.get(name, DEFAULTS[name]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` moved by whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def associate_deadline(year: int) -> datetime.date:
    return datetime.date(year, rule("ASSOCIATE_DEADLINE_MONTH"), rule("ASSOCIATE_DEADLINE_DAY"))


def associate_batch_year(submitted_on: datetime.date) -> int:
    """The year whose first Executive Board session decides a request made on that day.

    A request made by the deadline (30 November) is decided at the Board's
    first session of the following year; one made after it waits a year more.
    """
    if submitted_on <= associate_deadline(submitted_on.year):
        return submitted_on.year + 1
    return submitted_on.year + 2


def report_due_after(start: datetime.date) -> datetime.date:
    return add_years(start, rule("REPORT_CYCLE_YEARS"))


def next_cycle_date(start: datetime.date, today: datetime.date) -> datetime.date:
    """The first report due date of the cycle begun on `start` that is not past."""
    cycles = 1
    due = add_years(start, rule("REPORT_CYCLE_YEARS"))
    while due < today:
        cycles += 1
        due = add_years(start, cycles * rule("REPORT_CYCLE_YEARS"))
    return due


def period_end(status: str, start: datetime.date) -> datetime.date:
    """When a period in `status` that starts on `start` comes up for review."""
    if status == KIND_ASSOCIATE:
        return add_years(start, rule("ASSOCIATE_TERM_YEARS"))
    return add_years(start, rule("CONSULTATIVE_REVIEW_YEARS"))


@dataclass(frozen=True)
class Refusal:
    """Why a request cannot be accepted, said to the applicant at once."""

    code: str
    message: str


def eligibility_problems(
    *,
    kind: str,
    founding_year: int | None,
    scope: str,
    has_legal_status: bool,
    has_statutes: bool,
    has_headquarters: bool,
    consultative_since: datetime.date | None,
    today: datetime.date,
) -> list[Refusal]:
    """Every reason the request cannot be accepted as it stands (empty: eligible)."""
    problems = []
    if founding_year is None:
        problems.append(Refusal("founding_year", _("Give the year the organisation was founded.")))
    elif today.year - founding_year < rule("MIN_YEARS_ACTIVE"):
        problems.append(
            Refusal(
                "too_recent",
                _(
                    "An organisation must have existed and been active for at least "
                    "%(years)d years before it requests a partnership."
                )
                % {"years": rule("MIN_YEARS_ACTIVE")},
            )
        )
    if not has_legal_status:
        problems.append(Refusal("legal_status", _("The organisation must have legal status.")))
    if not has_statutes:
        problems.append(Refusal("statutes", _("The organisation must have adopted statutes.")))
    if not has_headquarters:
        problems.append(
            Refusal("headquarters", _("The organisation must have an established headquarters."))
        )
    if kind == KIND_ASSOCIATE:
        if scope == SCOPE_NATIONAL:
            problems.append(
                Refusal(
                    "national",
                    _("Only international or regional organisations may request associate status."),
                )
            )
        needed = rule("ASSOCIATE_MIN_CONSULTATIVE_YEARS")
        if consultative_since is None:
            problems.append(
                Refusal(
                    "not_consultative",
                    _(
                        "Associate status may be requested only by a partner that has held "
                        "consultative status for at least %(years)d years."
                    )
                    % {"years": needed},
                )
            )
        elif add_years(consultative_since, needed) > today:
            problems.append(
                Refusal(
                    "consultative_too_recent",
                    _(
                        "Consultative status since %(since)s: associate status may be "
                        "requested from %(from)s."
                    )
                    % {
                        "since": display.date(consultative_since),
                        "from": display.date(add_years(consultative_since, needed)),
                    },
                )
            )
    return problems
