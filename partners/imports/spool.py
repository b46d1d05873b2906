"""The import's per-row state, kept on disk rather than in memory.

What the import must remember of every row (which partner it is, the keys
that find it again, the decisions to write in date order) lives in a private
temporary SQLite database (the stdlib's `sqlite3`; deleted when closed), so
the import's memory stays flat however many rows the file has: SQLite's page
cache is bounded (CACHE_KIB) and the rest is on disk.

A target is a partner's pk, or ("new", row) for the row that creates one;
stored as the pk, or as minus the row number.
"""

import datetime
import sqlite3

CACHE_KIB = 2048

SCHEMA = """
CREATE TABLE slug_key (ix TEXT, slug TEXT, target INTEGER, PRIMARY KEY (ix, slug));
CREATE TABLE acronym_key (ix TEXT, acronym TEXT, country TEXT, target INTEGER,
    PRIMARY KEY (ix, acronym, country, target));
CREATE TABLE name_key (ix TEXT, name TEXT, target INTEGER, PRIMARY KEY (ix, name, target));
CREATE TABLE row_target (row INTEGER PRIMARY KEY, target INTEGER);
CREATE TABLE claimed (target INTEGER PRIMARY KEY, row INTEGER);
CREATE TABLE handled (target INTEGER PRIMARY KEY);
CREATE TABLE slug (slug TEXT PRIMARY KEY);
CREATE TABLE decision (
    target INTEGER, decided_on TEXT, reference TEXT, row INTEGER, kind TEXT, status TEXT,
    board_session INTEGER, decided_by TEXT, note TEXT,
    UNIQUE (target, decided_on, reference)
);
CREATE INDEX decision_order ON decision (target, decided_on, row);
"""


def encode(target) -> int | None:
    if target is None:
        return None
    if isinstance(target, tuple):
        return -target[1]
    return target


def decode(value: int | None):
    if value is None:
        return None
    return value if value > 0 else ("new", -value)


class Spool:
    def __init__(self):
        # An empty file name: a private on-disk database, removed on close.
        self.db = sqlite3.connect("", isolation_level=None)
        self.db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self.db.execute("PRAGMA synchronous = OFF")
        self.db.execute("PRAGMA journal_mode = OFF")
        self.db.executescript(SCHEMA)
        self.db.execute("BEGIN")

    def close(self) -> None:
        self.db.close()

    def one(self, sql: str, *params):
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    # --- rows and the partners they are -----------------------------------------

    def set_target(self, row: int, target) -> None:
        self.db.execute("INSERT OR REPLACE INTO row_target VALUES (?, ?)", (row, encode(target)))

    def targets(self, rows) -> dict:
        rows = list(rows)
        if not rows:
            return {}
        found = self.db.execute(
            "SELECT row, target FROM row_target WHERE row BETWEEN ? AND ?", (min(rows), max(rows))
        )
        return {row: decode(target) for row, target in found}

    def claim(self, target, row: int) -> int | None:
        """The row that claimed `target` before, or None (and `row` claims it)."""
        earlier = self.one("SELECT row FROM claimed WHERE target = ?", encode(target))
        if earlier is None:
            self.db.execute("INSERT INTO claimed VALUES (?, ?)", (encode(target), row))
        return earlier

    def handle(self, target) -> None:
        if target is not None:
            self.db.execute("INSERT OR IGNORE INTO handled VALUES (?)", (encode(target),))

    def add_slug(self, slug: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO slug VALUES (?)", (slug,))

    def has_slug(self, slug: str) -> bool:
        return self.one("SELECT 1 FROM slug WHERE slug = ?", slug) is not None

    # --- decisions ----------------------------------------------------------------

    def decision_row(self, target, decided_on: datetime.date, reference: str) -> int | None:
        return self.one(
            "SELECT row FROM decision WHERE target = ? AND decided_on = ? AND reference = ?",
            encode(target),
            decided_on.isoformat(),
            reference,
        )

    def add_decision(self, target, decision) -> None:
        self.db.execute(
            "INSERT INTO decision VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                encode(target),
                decision.decided_on.isoformat(),
                decision.reference,
                decision.row,
                decision.kind,
                decision.status,
                decision.board_session,
                decision.decided_by,
                decision.note,
            ),
        )

    def decisions(self, target, make) -> list:
        """The decisions about `target`, oldest first, each built by `make`."""
        found = self.db.execute(
            "SELECT row, kind, status, decided_on, reference, board_session, decided_by, note "
            "FROM decision WHERE target = ? ORDER BY decided_on, row",
            (encode(target),),
        )
        return [
            make(
                row=row,
                kind=kind,
                status=status,
                decided_on=datetime.date.fromisoformat(decided_on),
                reference=reference,
                board_session=board_session,
                decided_by=decided_by,
                note=note,
            )
            for row, kind, status, decided_on, reference, board_session, decided_by, note in found
        ]

    def unhandled_targets(self):
        """Targets with decisions whose partner row was not read, in file order."""
        found = self.db.execute(
            "SELECT target FROM decision WHERE target NOT IN (SELECT target FROM handled) "
            "GROUP BY target ORDER BY MIN(row)"
        )
        for (target,) in found:
            yield decode(target)


class Index:
    """Keys → targets, in the spool; `ix` names the index ("db" or "file")."""

    def __init__(self, spool: Spool, ix: str, normalize):
        self.spool, self.ix, self.normalize = spool, ix, normalize

    def add(self, target, *, slug="", acronym="", country="", names=()):
        db, ix, value = self.spool.db, self.ix, encode(target)
        if slug:
            db.execute("INSERT OR IGNORE INTO slug_key VALUES (?, ?, ?)", (ix, slug, value))
        if acronym and country:
            db.execute(
                "INSERT OR IGNORE INTO acronym_key VALUES (?, ?, ?, ?)",
                (ix, self.normalize(acronym), country, value),
            )
        for name in {self.normalize(name) for name in names if name}:
            db.execute("INSERT OR IGNORE INTO name_key VALUES (?, ?, ?)", (ix, name, value))

    def by_slug(self, slug: str):
        return decode(
            self.spool.one("SELECT target FROM slug_key WHERE ix = ? AND slug = ?", self.ix, slug)
        )

    def by_acronym(self, acronym: str, country: str) -> list:
        found = self.spool.db.execute(
            "SELECT DISTINCT target FROM acronym_key WHERE ix = ? AND acronym = ? AND country = ? "
            "LIMIT 2",
            (self.ix, self.normalize(acronym), country),
        )
        return [decode(target) for (target,) in found]

    def by_names(self, names) -> list:
        keys = sorted({self.normalize(name) for name in names if name})
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        query = f"SELECT DISTINCT target FROM name_key WHERE ix = ? AND name IN ({marks}) LIMIT 2"  # noqa: S608 -- placeholders only
        found = self.spool.db.execute(query, (self.ix, *keys))
        return [decode(target) for (target,) in found]
