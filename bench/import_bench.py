"""Import benchmark: 1,000 and 5,000 generated partners (each with its
admission decision), as CSV and as XLSX, into an empty directory; then the
same 5,000-row file again, which must change nothing.

Prints the time and the peak Python memory (tracemalloc, measured in a
separate run so that tracing does not slow the timed one) of each import.
Targets: 5,000 rows in under 30 s; the peak memory for 5,000 rows at most
1.5 times that for 1,000 (rows are read in chunks, not loaded whole).

Runs against PostgreSQL (BENCH_IMPORT_DATABASE_URL, default a fresh
`portal_bench_import` database on 127.0.0.1), which it drops and recreates.
"""

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "BENCH_IMPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_import"
)
SIZES = (1000, 5000)
TARGET_SECONDS = 30.0
TARGET_MEMORY_RATIO = 1.5

SECTORS = ["education", "natural-sciences", "social-human-sciences", "culture"]
COUNTRIES = ["SN", "FR", "BR", "JP", "EG", "KE", "MX", "IN", "CA", "DE"]
PARTNER_HEADINGS = [
    "slug",
    "name_en",
    "name_fr",
    "name_es",
    "acronym",
    "status",
    "since",
    "sectors",
    "country",
    "city",
    "website",
    "email",
    "founding_year",
    "mission_en",
    "mission_fr",
    "contact_name",
    "contact_email",
    "contact_public",
]
DECISION_HEADINGS = ["slug", "decision", "status", "decided_on", "reference", "board_session"]


def partner_rows(count: int):
    for n in range(count):
        status = "associate" if n % 3 == 0 else "consultative"
        year = 1990 + n % 30
        yield [
            f"bench-{n}",
            f"Bench Association {n}",
            f"Association banc {n}",
            f"Asociación banco {n}",
            f"BA{n}",
            status,
            f"{year}-03-01",
            "; ".join(SECTORS[: 1 + n % 4]),
            COUNTRIES[n % len(COUNTRIES)],
            "Capital",
            f"https://bench-{n}.example.org",
            f"office@bench-{n}.example.org",
            str(1950 + n % 60),
            f"Association number {n} works for education and culture in many countries.",
            f"L'association numéro {n} œuvre pour l'éducation et la culture.",
            f"Contact {n}",
            f"contact@bench-{n}.example.org",
            "yes",
        ]


def decision_rows(count: int):
    for n in range(count):
        status = "associate" if n % 3 == 0 else "consultative"
        yield [f"bench-{n}", "admission", status, f"{1990 + n % 30}-03-01", f"DG/{n}/1", "190"]


def write_csv(folder: Path, count: int) -> tuple[Path, Path]:
    partners, decisions = folder / f"partners-{count}.csv", folder / f"decisions-{count}.csv"
    for path, headings, rows in (
        (partners, PARTNER_HEADINGS, partner_rows(count)),
        (decisions, DECISION_HEADINGS, decision_rows(count)),
    ):
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(headings)
            writer.writerows(rows)
    return partners, decisions


def write_xlsx(folder: Path, count: int) -> Path:
    from openpyxl import Workbook  # noqa: PLC0415 -- the venv's, once Django's is set up

    workbook = Workbook(write_only=True)
    for title, headings, rows in (
        ("Partners", PARTNER_HEADINGS, partner_rows(count)),
        ("Decisions", DECISION_HEADINGS, decision_rows(count)),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
    path = folder / f"partners-{count}.xlsx"
    workbook.save(path)
    return path


def environment() -> dict:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=DATABASE_URL,
        DEBUG="false",
        SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    return env


def prepare_database(env) -> None:
    import psycopg  # noqa: PLC0415 -- only the benchmark needs a raw connection

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
    )


IMPORT_SCRIPT = """
import sys, time, tracemalloc, django
django.setup()
from partners.imports.reader import open_source
from partners.imports.services import import_partners
from django.db import connection

def run(trace, empty):
    if empty:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE partners_partner CASCADE")
    handles = [open(path, "rb") for path in sys.argv[2:]]
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    sources = [open_source(handle, name=handle.name) for handle in handles]
    report = import_partners(
        source=sources[0], decisions=sources[1] if len(sources) > 1 else None
    )
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    for handle in handles:
        handle.close()
    assert not report.has_errors, report.problems[:3]
    return report, elapsed, peak

empty = sys.argv[1] == "empty"
report, elapsed, _ = run(False, empty)
if empty:
    _, _, peak = run(True, True)
else:
    _, _, peak = run(True, False)
print(report.created, report.unchanged, report.decisions_added, f"{elapsed:.3f}",
      f"{peak / 1e6:.1f}")
"""


def run_import(env, mode: str, *paths: Path) -> list[str]:
    output = subprocess.run(
        [PYTHON, "-c", IMPORT_SCRIPT, mode, *map(str, paths)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode:
        print(output.stderr[-2000:])
        raise SystemExit(1)
    return output.stdout.split()


def main() -> int:
    env = environment()
    prepare_database(env)
    ok = True
    peaks: dict[tuple, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for count in SIZES:
            files = {"CSV": write_csv(folder, count), "XLSX": (write_xlsx(folder, count),)}
            for kind, paths in files.items():
                created, _unchanged, decisions, seconds, peak = run_import(env, "empty", *paths)
                peaks[(kind, count)] = float(peak)
                print(
                    f"import {kind} {count} rows: {created} partners and {decisions} decisions "
                    f"created in {float(seconds):.1f} s, peak Python memory {peak} MB"
                )
                if float(seconds) > TARGET_SECONDS:
                    ok = False
                    print(f"  target missed: {seconds} s > {TARGET_SECONDS} s")
        _created, unchanged, _d, seconds, peak = run_import(env, "again", *files["CSV"])
        print(
            f"import CSV {SIZES[-1]} rows again: {unchanged} unchanged in {float(seconds):.1f} s, "
            f"peak Python memory {peak} MB"
        )
    for kind in ("CSV", "XLSX"):
        ratio = peaks[(kind, SIZES[-1])] / max(peaks[(kind, SIZES[0])], 0.1)
        print(f"{kind}: peak memory {SIZES[-1]} rows / {SIZES[0]} rows = {ratio:.2f}")
        if ratio > TARGET_MEMORY_RATIO:
            ok = False
            print(f"  target missed: memory grows with the row count ({ratio:.2f}x)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
