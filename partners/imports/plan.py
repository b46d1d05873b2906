"""Reading the file against the directory: what each row would change.

`Importer.check()` reads the file and works out, row by row, whether it
creates a partner, updates one or changes nothing, and every problem with its
sheet, row, column and value; it writes nothing. `Importer.apply()` reads the
file again and writes, inside the caller's transaction, skipping the rows
that had problems (the caller only calls it with problems when the
Secretariat chose to import the valid rows only).

Memory: partner rows are read in chunks of CHUNK rows and forgotten after;
what must be kept per row (its matching keys, to find duplicates and to let
the decisions find new partners; the decisions, read back per partner in date
order) goes to a temporary on-disk store (`spool`), so memory does not grow
with the row count; the report keeps at most PREVIEW_LIMIT changes and
PROBLEM_LIMIT problems.

Matching: by slug, then by acronym and country, then by name (in any
language). A row that matches two partners is a problem, never a guess; so
is a slug that names no partner while the acronym or name names one.
"""

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from foundation.languages import fallback_languages, language_codes, localized_field_names
from partners.imports import spool
from partners.imports import values as cells
from partners.imports.columns import (
    Column,
    Headings,
    decision_columns,
    partner_columns,
    read_headings,
)
from partners.imports.reader import DECISIONS, PARTNERS, SHEET_TITLES, FileRefused, Source
from partners.lifecycle import rules
from partners.models import Contact, Partner, PartnershipStatus, Standing, StatusChange
from partners.regions import region_of
from partners.search import normalize

CHUNK = 500
NEEDS_DECISION = _lazy(
    "A change of status needs its decision (date and reference) in the Decisions sheet."
)
NEEDS_STANDING_DECISION = _lazy(
    "A suspension or an end needs its decision (date, reference and reason) in the Decisions sheet."
)
STATUS_FOR_KIND = _lazy(
    "A foundation holds official relations; an NGO holds consultative or associate status."
)
SINCE_FROM_ADMISSION = _lazy(
    "The admission date comes from the recorded admission decision; it cannot be changed here."
)
OLDER_THAN_LATEST = _lazy(
    "This decision is older than the partner's latest recorded decision (%(date)s)."
)
BAD_STANDING_MOVE = _lazy("This decision does not follow from the partner's standing at that date.")
PREVIEW_LIMIT = 200
PROBLEM_LIMIT = 1000

# Partner columns that are model fields, compared and written as they are.
PLAIN_FIELDS = {
    "acronym": "acronym",
    "kind": "kind",
    "since": "since",
    "admission_reference": "decision_reference",
    "admission_board_session": "executive_board_session",
    "next_review_date": "next_review_date",
    "country": "country",
    "address": "address",
    "city": "city",
    "website": "website",
    "email": "email",
    "phone": "phone",
    "founding_year": "founding_year",
}
STANDING_KINDS = {
    StatusChange.Kind.SUSPENSION: Standing.SUSPENDED,
    StatusChange.Kind.REINSTATEMENT: Standing.ACTIVE,
    StatusChange.Kind.TERMINATION: Standing.ENDED,
}
STANDING_MOVES = {
    (Standing.ACTIVE, Standing.SUSPENDED),
    (Standing.SUSPENDED, Standing.ACTIVE),
    (Standing.ACTIVE, Standing.ENDED),
    (Standing.SUSPENDED, Standing.ENDED),
}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    value: str
    message: str


@dataclass
class Change:
    """What one row does, for the preview: (column, before, after) triples."""

    sheet: str
    row: int
    partner: str
    action: str  # "create", "update" or "decision"
    fields: list[tuple[str, str, str]]


@dataclass
class Report:
    language: str = ""
    refused: str = ""
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    error_rows: set = field(default_factory=set)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    decisions_added: int = 0
    decisions_unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    change_count: int = 0
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.refused or self.problem_count)

    @property
    def nothing_to_change(self) -> bool:
        return not (self.created or self.updated or self.decisions_added)

    @property
    def problems_left_out(self) -> int:
        return self.problem_count - len(self.problems)

    @property
    def changes_left_out(self) -> int:
        return self.change_count - len(self.changes)


class RowProblem(Exception):
    def __init__(self, key: str, value, message: str):
        super().__init__(message)
        self.key, self.value, self.message = key, value, message


@dataclass(slots=True)
class Decision:
    row: int
    kind: str | None
    status: str | None
    decided_on: datetime.date | None
    reference: str
    board_session: int | None
    decided_by: str
    note: str
    # Worked out by the check: the kind written, and whether it is new.
    resolved_kind: str = ""
    new: bool = True

    def summary(self) -> str:
        label = StatusChange.Kind(self.resolved_kind).label
        return f"{label} {self.decided_on.isoformat()} ({self.reference})"


@dataclass
class State:
    """What the importer knows of one partner (existing or to be created)."""

    kind: str
    status: str | None
    standing: str
    has_admission: bool
    latest: datetime.date | None
    recorded: set  # {(decided_on, reference)}


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(str(item) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "code", value))


class _Index(spool.Index):
    """Keys → targets: a partner's pk, or ("new", row) for a row that creates one."""

    def find(self, *, slug="", acronym="", country="", names=()):
        """(target or None, (key, message) or None)."""
        if slug:
            # A slug is an identity: one that names nobody matches nobody.
            return self.by_slug(slug), None
        if acronym and country:
            found = self.by_acronym(acronym, country)
            if len(found) > 1:
                return None, (
                    "acronym",
                    _("More than one partner has this acronym in this country."),
                )
            if found:
                return found[0], None
        found = self.by_names(names)
        if len(found) > 1:
            return None, ("name", _("More than one partner has this name: give the slug."))
        if found:
            return found[0], None
        return None, None


class Importer:
    """One import of one file (and, for CSV, an optional decisions file)."""

    def __init__(self, source: Source, decisions: Source | None = None, *, user=None):
        self.source = source
        self.decisions_source = decisions or (source if source.has(DECISIONS) else None)
        self.user = user
        self.report = Report()
        self.vocabulary = cells.Vocabulary()
        self.partner_columns = {column.key: column for column in partner_columns()}
        self.decision_columns = {column.key: column for column in decision_columns()}
        self.decision_headings = None
        self.writer = None

    # --- the report ----------------------------------------------------------

    def _problem(self, sheet: str, row: int, column: str, value, message: str) -> None:
        if self.writer is not None and (sheet, row) in self.report.error_rows:
            return  # reported by the check already
        self.report.problem_count += 1
        self.report.error_rows.add((sheet, row))
        if len(self.report.problems) < PROBLEM_LIMIT:
            self.report.problems.append(
                Problem(
                    sheet=str(SHEET_TITLES[sheet]),
                    row=row,
                    column=column,
                    value=_display(value)[:200],
                    message=message,
                )
            )

    def _change(self, change: Change) -> None:
        self.report.change_count += 1
        if len(self.report.changes) < PREVIEW_LIMIT:
            self.report.changes.append(change)

    def _heading(self, headings: Headings, columns: dict, key: str) -> str:
        """The column as the file names it, or its label when the file lacks it."""
        if key in headings.keys:
            return headings.written[headings.keys.index(key)]
        column = columns.get(key)
        return str(column.label) if column else key

    # --- reading ---------------------------------------------------------------

    def _rows(self, source: Source, sheet: str, columns: dict):
        """(headings, iterator of (row number, {key: raw value}))."""
        rows = source.rows(sheet)
        first = next(rows, None)
        if first is None:
            raise FileRefused(_("The file is empty."))
        headings = read_headings(first, list(columns.values()))
        headings.written = ["" if cell is None else str(cell) for cell in first]

        def body():
            for number, row in enumerate(rows, start=2):
                if not any(cell not in (None, "") for cell in row):
                    continue
                yield (
                    number,
                    {
                        key: row[position]
                        for position, key in enumerate(headings.keys)
                        if key and position < len(row)
                    },
                )

        return headings, body()

    def _check_headings(self, sheet: str, headings: Headings, required: set) -> bool:
        for _position, heading in headings.unknown:
            self._problem(sheet, 1, heading, heading, _("Unknown column."))
        for _position, heading in headings.duplicates:
            self._problem(sheet, 1, heading, heading, _("This column appears twice."))
        missing = required - headings.present()
        columns = self.partner_columns if sheet == PARTNERS else self.decision_columns
        for key in sorted(missing):
            self._problem(sheet, 1, str(columns[key].label), "", _("This column is required."))
        return not (headings.unknown or headings.duplicates or missing)

    def _parse(self, raw: dict, parsers: dict) -> tuple[dict, list[RowProblem]]:
        parsed, problems = {}, []
        for key, value in raw.items():
            parser = parsers.get(key, cells.text)
            try:
                parsed[key] = parser(value)
            except cells.CellError as error:
                problems.append(RowProblem(key, value, error.text()))
                continue
            model_field = self._model_field(key)
            if model_field and parsed[key] not in (None, ""):
                try:
                    model_field.clean(parsed[key], None)
                except ValidationError as error:
                    problems.append(RowProblem(key, value, " ".join(error.messages)))
        return parsed, problems

    @staticmethod
    def _model_field(key: str):
        name = PLAIN_FIELDS.get(key, key)
        if key in _NOT_CHECKED_BY_MODEL:
            return None
        if key in {"contact_name"}:
            return Contact._meta.get_field("name")
        if key in {"contact_email", "public_contact_email"}:
            return Contact._meta.get_field("email")
        try:
            return Partner._meta.get_field(name)
        except Exception:  # noqa: BLE001 -- not a model field: nothing more to check
            return None

    def _partner_parsers(self) -> dict:
        vocabulary = self.vocabulary
        return {
            "kind": vocabulary.kind,
            "status": vocabulary.status,
            "since": cells.date,
            "admission_board_session": lambda v: cells.whole_number(v, low=1, high=999),
            "standing": vocabulary.standing,
            "next_review_date": cells.date,
            "sectors": vocabulary.sector_list,
            "country": vocabulary.country,
            "region": vocabulary.region,
            "founding_year": lambda v: cells.whole_number(v, low=1800, high=2100),
            "contact_public": cells.boolean,
            "latest_decision": lambda v: None,
        }

    def _decision_parsers(self) -> dict:
        vocabulary = self.vocabulary
        return {
            "country": vocabulary.country,
            "decision": vocabulary.decision_kind,
            "status": vocabulary.status,
            "decided_on": cells.date,
            "board_session": lambda v: cells.whole_number(v, low=1, high=999),
            "decided_by": vocabulary.decider,
        }

    def _identity_key(self, identity: dict, headings: Headings) -> str:
        """The column a matching problem is reported on: the key that decided."""
        if identity["slug"]:
            return "slug"
        if identity["acronym"] and identity["country"]:
            return "acronym"
        present = headings.present()
        return next(
            (key for key in ("name", *self._name_keys) if key in present),
            "name",
        )

    def _names(self, parsed: dict) -> list[str]:
        return [parsed.get("name") or "", *(parsed.get(key) or "" for key in self._name_keys)]

    # --- the check ---------------------------------------------------------------

    def check(self) -> Report:
        """Read everything, write nothing; the report says what would change."""
        try:
            self._run(write=False)
        except FileRefused as refusal:
            self.report.refused = str(refusal.message)
        return self.report

    def apply(self) -> Report:
        """Write what check() found, skipping the rows with problems.

        Call inside a transaction, after check() on the same importer.
        """
        counts = self.report
        self.report = Report(
            language=counts.language,
            problems=counts.problems,
            problem_count=counts.problem_count,
            error_rows=counts.error_rows,
        )
        self._run(write=True)
        self.report.applied = True
        return self.report

    def _run(self, *, write: bool) -> None:
        self.spool = spool.Spool()
        try:
            self._run_spooled(write=write)
        finally:
            self.spool.close()

    def _run_spooled(self, *, write: bool) -> None:
        from partners.imports import apply as writer  # noqa: PLC0415 -- writes need services

        self.writer = writer if write else None
        self._name_keys = localized_field_names("name")
        self.db_index = _Index(self.spool, "db", normalize)
        for pk, slug, acronym, country, *names in Partner.objects.values_list(
            "pk", "slug", "acronym", "country", *self._name_keys
        ).iterator(chunk_size=2000):
            self.db_index.add(pk, slug=slug, acronym=acronym, country=country, names=names)
            self.spool.add_slug(slug)
        self.file_index = _Index(self.spool, "file", normalize)
        headings, rows = self._rows(self.source, PARTNERS, self.partner_columns)
        self.report.language = headings.language
        self.headings = headings
        if not self._check_headings(PARTNERS, headings, set()):
            return
        self._match_partner_rows(rows)
        self._read_decisions()
        _headings, rows = self._rows(self.source, PARTNERS, self.partner_columns)
        self.new_partners = writer.NewPartners(self) if write else None
        for chunk in itertools.batched(rows, CHUNK, strict=False):
            self._partner_chunk(chunk)
            if self.new_partners is not None:
                self.new_partners.flush()
        self._remaining_decisions()

    # Pass one: which partner each row is, and duplicates inside the file.
    def _match_partner_rows(self, rows) -> None:
        identity_keys = {"slug", "acronym", "country", "name", *self._name_keys}
        parsers = self._partner_parsers()
        for number, raw in rows:
            parsed, problems = self._parse(
                {key: value for key, value in raw.items() if key in identity_keys}, parsers
            )
            if problems:
                # Reported by the full reading of the row.
                self.spool.set_target(number, None)
                continue
            identity = {
                "slug": parsed.get("slug", ""),
                "acronym": parsed.get("acronym", ""),
                "country": parsed.get("country") or "",
                "names": self._names(parsed),
            }
            target, ambiguity = self.db_index.find(**identity)
            if ambiguity:
                key, message = ambiguity
                self._problem(
                    PARTNERS,
                    number,
                    self._heading(self.headings, self.partner_columns, key),
                    raw.get(key, ""),
                    message,
                )
                self.spool.set_target(number, None)
                continue
            if target is None and identity["slug"]:
                other, _ambiguity = self.db_index.find(**{**identity, "slug": ""})
                if other is not None:
                    self._problem(
                        PARTNERS,
                        number,
                        self._heading(self.headings, self.partner_columns, "slug"),
                        identity["slug"],
                        _(
                            "No partner has this slug, but the acronym or name is that of "
                            "another partner: correct the slug or leave it empty."
                        ),
                    )
                    self.spool.set_target(number, None)
                    continue
            if target is None:
                earlier, _ambiguity = self.file_index.find(**identity)
                target = earlier if earlier is not None else ("new", number)
            earlier = self.spool.claim(target, number)
            if earlier is not None:
                key = self._identity_key(identity, self.headings)
                self._problem(
                    PARTNERS,
                    number,
                    self._heading(self.headings, self.partner_columns, key),
                    raw.get(key, ""),
                    _("Duplicate: row %(row)s already describes this partner.") % {"row": earlier},
                )
                self.spool.set_target(number, None)
                continue
            self.spool.set_target(number, target)
            self.file_index.add(target, **identity)

    # The decisions, spooled to disk with the partner they concern, to be read
    # back per partner in date order.
    def _read_decisions(self) -> None:
        if self.decisions_source is None:
            return
        headings, rows = self._rows(self.decisions_source, DECISIONS, self.decision_columns)
        self.decision_headings = headings
        if not self._check_headings(DECISIONS, headings, {"decided_on", "reference"}):
            return
        parsers = self._decision_parsers()
        for number, raw in rows:
            parsed, problems = self._parse(raw, parsers)
            for problem in problems:
                self._problem(
                    DECISIONS,
                    number,
                    self._heading(headings, self.decision_columns, problem.key),
                    problem.value,
                    problem.message,
                )
            if problems:
                continue
            identity = {
                "slug": parsed.get("slug", ""),
                "acronym": parsed.get("acronym", ""),
                "country": parsed.get("country") or "",
                "names": [parsed.get("name", "")],
            }
            target, ambiguity = self.file_index.find(**identity)
            if target is None and not ambiguity:
                target, ambiguity = self.db_index.find(**identity)
            if ambiguity:
                key, message = ambiguity
                self._problem(
                    DECISIONS,
                    number,
                    self._heading(headings, self.decision_columns, key),
                    raw.get(key, ""),
                    message,
                )
                continue
            if target is None:
                key = self._identity_key(identity, headings)
                self._problem(
                    DECISIONS,
                    number,
                    self._heading(headings, self.decision_columns, key),
                    raw.get(key, ""),
                    _("No partner in the directory or in the Partners sheet matches this row."),
                )
                continue
            for key in ("decided_on", "reference"):
                if not parsed.get(key):
                    self._problem(
                        DECISIONS,
                        number,
                        self._heading(headings, self.decision_columns, key),
                        "",
                        _("Required."),
                    )
                    problems = True
            if problems:
                continue
            earlier = self.spool.decision_row(target, parsed["decided_on"], parsed["reference"])
            if earlier is not None:
                self._problem(
                    DECISIONS,
                    number,
                    self._heading(headings, self.decision_columns, "reference"),
                    parsed["reference"],
                    _("Duplicate: row %(row)s already records this decision.") % {"row": earlier},
                )
                continue
            self.spool.add_decision(
                target,
                Decision(
                    row=number,
                    kind=parsed.get("decision"),
                    status=parsed.get("status"),
                    decided_on=parsed["decided_on"],
                    reference=parsed["reference"],
                    board_session=parsed.get("board_session"),
                    decided_by=parsed.get("decided_by") or "",
                    note=parsed.get("note", ""),
                ),
            )

    # Pass two: each row read whole, compared, and written when asked.
    def _partner_chunk(self, chunk) -> None:
        targets = self.spool.targets(number for number, _raw in chunk)
        existing_ids = [
            target for number, _raw in chunk if isinstance(target := targets.get(number), int)
        ]
        partners = Partner.objects.in_bulk(existing_ids)
        sectors: dict[int, set] = defaultdict(set)
        for partner_id, sector_id in Partner.sectors.through.objects.filter(
            partner_id__in=existing_ids
        ).values_list("partner_id", "sector_id"):
            sectors[partner_id].add(sector_id)
        contacts: dict[int, dict] = defaultdict(dict)
        for partner_id, pk, name, email, public in Contact.objects.filter(
            partner_id__in=existing_ids
        ).values_list("partner_id", "pk", "name", "email", "is_public"):
            contacts[partner_id][email.lower()] = (pk, name, public)
        history = self._history(existing_ids)
        parsers = self._partner_parsers()
        for number, raw in chunk:
            target = targets.get(number)
            if self.writer is not None and (PARTNERS, number) in self.report.error_rows:
                # Valid rows only: this one and its decisions are left out.
                self.spool.handle(target)
                self.report.skipped += 1
                continue
            parsed, problems = self._parse(raw, parsers)
            partner = partners.get(target) if isinstance(target, int) else None
            try:
                self._partner_row(
                    number,
                    raw,
                    parsed,
                    problems,
                    target,
                    partner,
                    sectors.get(target, set()),
                    contacts.get(target, {}),
                    history.get(target),
                )
            except RowProblem as problem:
                self._problem(
                    PARTNERS,
                    number,
                    self._heading(self.headings, self.partner_columns, problem.key),
                    problem.value,
                    problem.message,
                )

    def _history(self, partner_ids) -> dict[int, State]:
        states: dict[int, State] = {}
        for partner_id, kind, status, standing in Partner.objects.filter(
            pk__in=partner_ids
        ).values_list("pk", "kind", "status", "standing"):
            states[partner_id] = State(kind, status, standing, False, None, set())
        for partner_id, kind, decided_on, reference in StatusChange.objects.filter(
            partner_id__in=partner_ids
        ).values_list("partner_id", "kind", "decided_on", "reference"):
            state = states[partner_id]
            state.recorded.add((decided_on, reference))
            state.has_admission = state.has_admission or kind == StatusChange.Kind.ADMISSION
            state.latest = max(filter(None, (state.latest, decided_on)))
        return states

    def _resolved(self, partner: Partner, language: str, field_name: str) -> str:
        chain = [language, *(code for code in fallback_languages() if code != language)]
        for code in chain:
            value = getattr(partner, f"{field_name}_{code}", "") or ""
            if value:
                return value
        return ""

    def _wanted(self, parsed: dict) -> dict:
        """The model values the row asks for, per-language columns winning over
        the plain Name and Mission (which are in the language of the headings)."""
        wanted = {}
        language = self.headings.language
        for generic in ("name", "mission"):
            if generic in parsed and f"{generic}_{language}" not in parsed:
                wanted[f"{generic}_{language}"] = ("generic", parsed[generic])
        for key in (*localized_field_names("name"), *localized_field_names("mission")):
            if key in parsed:
                wanted[key] = ("exact", parsed[key])
        for key, name in PLAIN_FIELDS.items():
            if key in parsed:
                value = parsed[key]
                wanted[name] = ("exact", "" if value is None and name in _TEXT_FIELDS else value)
        return wanted

    def _partner_row(
        self, number, raw, parsed, problems, target, partner, sector_ids, contacts, state
    ):
        heading = lambda key: self._heading(self.headings, self.partner_columns, key)  # noqa: E731
        for problem in problems:
            self._problem(PARTNERS, number, heading(problem.key), problem.value, problem.message)
        if target is None or problems:
            self._leave_out(target)
            return
        decisions = self.spool.decisions(target, Decision)
        creating = partner is None
        status = parsed.get("status")
        if creating:
            for key in ("status", "since", "country"):
                if not parsed.get(key) and not (key in {"status", "since"} and decisions):
                    raise RowProblem(key, "", _("Required for a new partner."))
            if not any(self._names(parsed)):
                raise RowProblem("name", "", _("Required for a new partner."))
        kind = parsed.get("kind")
        if kind is None and partner is not None:
            kind = partner.kind
        elif kind is None:
            first_status = status or next((d.status for d in decisions if d.status), None)
            kind = (
                Partner.Kind.FOUNDATION
                if first_status == PartnershipStatus.OFFICIAL_RELATIONS
                else Partner.Kind.NGO
            )
        country = parsed.get("country") or (partner.country.code if partner else "")
        if parsed.get("region") and parsed["region"] != region_of(country):
            raise RowProblem(
                "region", raw.get("region"), _("This region is not the country's region.")
            )
        if state is None:
            state = State(
                kind=kind,
                status=None,
                standing=Standing.ACTIVE,
                has_admission=False,
                latest=None,
                recorded=set(),
            )
        else:
            state.kind = kind
        final = self._check_decisions(target, state, decisions)
        if final is None:
            raise RowProblem(
                "status",
                raw.get("status", ""),
                _("The decisions of this partner have problems: see the Decisions sheet."),
            )
        final_status, final_standing = final
        if status and final_status and status != final_status:
            raise RowProblem(
                "status",
                raw.get("status"),
                _("The latest decision in the Decisions sheet gives another status (%(status)s).")
                % {"status": PartnershipStatus(final_status).label},
            )
        if not creating and status and status != partner.status and final_status is None:
            raise RowProblem(
                "status",
                raw.get("status"),
                str(NEEDS_DECISION),
            )
        standing = parsed.get("standing")
        if standing and standing != final_standing and (not creating or decisions):
            raise RowProblem(
                "standing",
                raw.get("standing"),
                str(NEEDS_STANDING_DECISION),
            )
        target_status = final_status or status
        if target_status and (kind == Partner.Kind.FOUNDATION) != (
            target_status == PartnershipStatus.OFFICIAL_RELATIONS
        ):
            raise RowProblem(
                "status",
                raw.get("status", ""),
                str(STATUS_FOR_KIND),
            )
        if (
            creating
            and decisions
            and parsed.get("since")
            and decisions[0].decided_on != parsed["since"]
        ):
            raise RowProblem(
                "since",
                raw.get("since"),
                _("The admission in the Decisions sheet is dated %(date)s.")
                % {"date": decisions[0].decided_on.isoformat()},
            )
        wanted = self._wanted(parsed)
        fields: list[tuple[str, str, str]] = []
        updates: dict = {}
        for name, (how, value) in wanted.items():
            if name == "kind" and value is None:
                continue
            current = None
            if partner is not None:
                if how == "generic":
                    current = self._resolved(
                        partner, self.headings.language, name.rsplit("_", 1)[0]
                    )
                else:
                    current = getattr(partner, name)
                    current = getattr(current, "code", current)
                    if current == "" and value is None:
                        continue
            if partner is None and value in (None, ""):
                continue
            if current != value and not (current in (None, "") and value in (None, "")):
                updates[name] = value
                fields.append((self._field_label(name), _display(current), _display(value)))
        if partner is not None and "since" in updates and state.has_admission:
            raise RowProblem(
                "since",
                raw.get("since"),
                str(SINCE_FROM_ADMISSION),
            )
        new_sectors = parsed.get("sectors")
        sectors_change = new_sectors is not None and set(new_sectors) != set(sector_ids)
        if "sectors" in parsed and sectors_change:
            codes = self.vocabulary.sector_codes
            fields.append(
                (
                    heading("sectors"),
                    _display(sorted(codes[s] for s in sector_ids)),
                    _display([codes[s] for s in new_sectors]),
                )
            )
        contact = self._contact_change(parsed, contacts)
        if contact:
            fields.append((heading("contact_email"), "", contact["email"]))
        new_decisions = [decision for decision in decisions if decision.new]
        for decision in new_decisions:
            fields.append(
                (
                    str(SHEET_TITLES[DECISIONS]),
                    "",
                    decision.summary(),
                )
            )
        label = next(filter(None, self._names(parsed)), "") or (str(partner) if partner else "")
        if creating:
            self.report.created += 1
            action = "create"
        elif fields:
            self.report.updated += 1
            action = "update"
        else:
            self.report.unchanged += 1
            action = ""
        self.report.decisions_added += len(new_decisions)
        self.report.decisions_unchanged += len(decisions) - len(new_decisions)
        self.spool.handle(target)
        slug = parsed.get("slug") or ""
        if creating:
            slug = slug or self._new_slug(parsed)
            fields.insert(0, (heading("slug"), "", slug))
        if action:
            self._change(Change(PARTNERS, number, label, action, fields))
        if self.writer is None:
            return
        self.writer.write_partner(
            importer=self,
            target=target,
            partner=partner,
            slug=slug,
            kind=kind,
            status=target_status,
            parsed=parsed,
            updates=updates,
            sectors=new_sectors if (sectors_change or (creating and new_sectors)) else None,
            contact=contact,
            decisions=new_decisions,
        )

    def _leave_out(self, target) -> None:
        """A partner row with problems: its decisions are left out with it."""
        if target is None:
            return
        self.spool.handle(target)
        for decision in self.spool.decisions(target, Decision):
            self.report.error_rows.add((DECISIONS, decision.row))

    def _field_label(self, name: str) -> str:
        for key, model_name in PLAIN_FIELDS.items():
            if model_name == name:
                return self._heading(self.headings, self.partner_columns, key)
        return self._heading(self.headings, self.partner_columns, name)

    def _new_slug(self, parsed: dict) -> str:
        names = [parsed.get(f"name_{settings.LANGUAGE_CODE}"), *self._names(parsed)]
        base = (
            slugify(next(filter(None, names), "") or parsed.get("acronym", ""))[:100] or "partner"
        )
        slug, counter = base, 2
        while self.spool.has_slug(slug):
            slug = f"{base}-{counter}"
            counter += 1
        self.spool.add_slug(slug)
        return slug

    def _contact_change(self, parsed: dict, contacts: dict) -> dict | None:
        email = parsed.get("contact_email") or parsed.get("public_contact_email") or ""
        if not email:
            return None
        public = (
            True
            if parsed.get("public_contact_email") and not parsed.get("contact_email")
            else parsed.get("contact_public")
        )
        known = contacts.get(email.lower())
        name = parsed.get("contact_name") or ""
        if known is None:
            return {"pk": None, "email": email, "name": name or email, "public": bool(public)}
        pk, current_name, current_public = known
        if (name and name != current_name) or (public is not None and public != current_public):
            return {
                "pk": pk,
                "email": email,
                "name": name or current_name,
                "public": current_public if public is None else public,
            }
        return None

    def _check_decisions(self, target, state: State, decisions: list[Decision]):
        """(final status, final standing) after the new decisions, or None if one
        has a problem (reported on its row). Marks the ones already recorded."""
        heading = lambda key: self._heading(self.decision_headings, self.decision_columns, key)  # noqa: E731
        status, standing = state.status, state.standing
        has_admission = state.has_admission
        ok = True
        changed_status = None
        for decision in decisions:
            if (decision.decided_on, decision.reference) in state.recorded:
                decision.new = False
                continue
            try:
                if state.latest and decision.decided_on < state.latest:
                    raise RowProblem(
                        "decided_on",
                        decision.decided_on,
                        str(OLDER_THAN_LATEST) % {"date": state.latest.isoformat()},
                    )
                kind = decision.kind
                if kind in STANDING_KINDS:
                    new_standing = STANDING_KINDS[kind]
                    if (standing, new_standing) not in STANDING_MOVES:
                        raise RowProblem(
                            "decision",
                            kind,
                            str(BAD_STANDING_MOVE),
                        )
                    if not decision.note:
                        raise RowProblem("note", "", _("Give the reason for this decision."))
                    if decision.status and status and decision.status != status:
                        raise RowProblem(
                            "status", decision.status, _("A suspension or an end keeps the status.")
                        )
                    if status is None:
                        raise RowProblem(
                            "decision", kind, _("The first decision of a partner is its admission.")
                        )
                    standing = new_standing
                    decision.resolved_kind = kind
                    continue
                if not decision.status:
                    raise RowProblem("status", "", _("Required."))
                if (state.kind == Partner.Kind.FOUNDATION) != (
                    decision.status == PartnershipStatus.OFFICIAL_RELATIONS
                ):
                    raise RowProblem(
                        "status",
                        decision.status,
                        str(STATUS_FOR_KIND),
                    )
                if kind == StatusChange.Kind.ADMISSION or (
                    kind is None and not has_admission and status is None
                ):
                    if has_admission:
                        raise RowProblem(
                            "decision", kind, _("This partner's admission is already recorded.")
                        )
                    decision.resolved_kind = StatusChange.Kind.ADMISSION
                    has_admission = True
                elif status is None:
                    raise RowProblem(
                        "decision",
                        kind or "",
                        _("The first decision of a partner is its admission."),
                    )
                else:
                    derived = (
                        StatusChange.Kind.STATUS_CHANGE
                        if decision.status != status
                        else StatusChange.Kind.RENEWAL
                    )
                    if kind not in (None, derived):
                        raise RowProblem(
                            "decision",
                            kind,
                            _("This kind of decision does not match the status before it."),
                        )
                    decision.resolved_kind = derived
                status = decision.status
                changed_status = status
            except RowProblem as problem:
                self._problem(
                    DECISIONS, decision.row, heading(problem.key), problem.value, problem.message
                )
                ok = False
        if not ok:
            for decision in decisions:
                self.report.error_rows.add((DECISIONS, decision.row))
            return None
        return changed_status, standing

    def _remaining_decisions(self) -> None:
        """Decisions about partners the Partners sheet does not list."""
        for batch in itertools.batched(self.spool.unhandled_targets(), CHUNK, strict=False):
            self._remaining_batch(batch)

    def _remaining_batch(self, left) -> None:
        states = self._history([target for target in left if isinstance(target, int)])
        for target in left:
            decisions = self.spool.decisions(target, Decision)
            state = states.get(target)
            if self.writer is not None and any(
                (DECISIONS, decision.row) in self.report.error_rows for decision in decisions
            ):
                continue
            if state is None:
                # A new partner whose row had problems: its decisions wait for it.
                for decision in decisions:
                    self.report.error_rows.add((DECISIONS, decision.row))
                continue
            if self._check_decisions(target, state, decisions) is None:
                continue
            new = [decision for decision in decisions if decision.new]
            self.report.decisions_added += len(new)
            self.report.decisions_unchanged += len(decisions) - len(new)
            if new:
                partner = Partner.objects.get(pk=target)
                self._change(
                    Change(
                        DECISIONS,
                        new[0].row,
                        str(partner),
                        "decision",
                        [
                            (
                                str(SHEET_TITLES[DECISIONS]),
                                "",
                                d.summary(),
                            )
                            for d in new
                        ],
                    )
                )
                if self.writer is not None:
                    self.writer.write_decisions(importer=self, partner=partner, decisions=new)


_NOT_CHECKED_BY_MODEL = {
    "country",
    "kind",
    "since",
    "next_review_date",
    "founding_year",
    "sectors",
    "region",
    "status",
    "standing",
    "contact_public",
    "latest_decision",
    "decision",
    "decided_on",
    "board_session",
    "decided_by",
}
_TEXT_FIELDS = {"acronym", "decision_reference", "address", "city", "website", "email", "phone"}


def next_review(status: str, decided_on: datetime.date) -> datetime.date:
    return rules.period_end(status, decided_on)


def language_columns() -> list[Column]:
    return [column for column in partner_columns() if column.language in language_codes()]
