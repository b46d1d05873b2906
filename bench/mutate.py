"""Mutation testing of the modules that hold the rules (`make mutate`), with mutmut.

    .venv/bin/python bench/mutate.py                       # every rule module
    .venv/bin/python bench/mutate.py partners/permissions.py foundation/uploads.py
    .venv/bin/python bench/mutate.py --list                # what would run, with its tests

mutmut changes one thing at a time in a module (a comparison, a constant, a
`return`, an argument...) and runs the tests that execute the changed
function. A mutant the tests notice is "killed"; one they do not notice
"survived": a rule that can break with every test still green. See
docs/testing.md, "Mutation testing", for how to read a survivor.

Each module runs in a scratch directory of its own (.mutation/<module>/, not
in git): mutmut reads its settings from pyproject.toml's [tool.mutmut], so
each run gets a copy of pyproject.toml naming that one module and its own
tests (tests/<app>/ by the mirror convention, see TESTS below), and links to
the project's apps. Runs use DATABASE_URL (PostgreSQL, test database reused
between mutants) and no Redis. Prints a score per module and every survivor
with its diff; writes the same to .mutation/report.md.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".mutation"
MUTMUT = ROOT / ".venv" / "bin" / "mutmut"

# The modules that hold rules: who may do what, workflows, reads that filter,
# the upload checks, the signed links, the exports, the newsletter delivery.
PATTERNS = [
    "*/permissions.py",
    "*/*/permissions.py",
    "*/services.py",
    "*/*/services.py",
    # Workflows split out of an app's services.py (forums: proposals,
    # attendance, event setup).
    "*/services_*.py",
    "*/selectors.py",
    "*/*/selectors.py",
    "*/uploads.py",
    "*/tokens.py",
    "*/*/tokens.py",
    "*/exports.py",
    "foundation/links.py",
    "foundation/roles.py",
    "foundation/client_ip.py",
    "foundation/ratelimit.py",
    "foundation/mail/outbox.py",
    "*/delivery.py",
    "*/*/delivery.py",
    # The lifecycle's and the elections' rules live beside their services.
    "partners/lifecycle/rules.py",
    "partners/lifecycle/reports.py",
    "partners/lifecycle/reviews.py",
    "forums/elections/counting.py",
    # The partner import's upload rules: what a file may hold, and each cell.
    "partners/imports/reader.py",
    "partners/imports/values.py",
]
# Tests to run for a module when the mirror convention (tests/<app>/) is not
# the whole story: rules used by other apps' tests too.
# Narrowed to the test files that exercise the module where a whole app's
# tests would make a run last hours (mutmut runs, for each mutant, every
# selected test that executes the mutated function).
EXTRA_TESTS = {
    "foundation/uploads.py": [
        "tests/foundation/test_uploads.py",
        "tests/forums/test_uploads.py",
        "tests/forums/test_event_documents.py",
        "tests/dialogue/test_request_form.py",
        # check_document's callers: the lifecycle's documents.
        "tests/partners/lifecycle/test_application_documents.py",
    ],
    "dialogue/uploads.py": ["tests/dialogue/test_request_form.py"],
    "foundation/accounts/permissions.py": ["tests/foundation"],
    "foundation/links.py": ["tests/foundation", "tests/partners", "tests/newsletter"],
    "foundation/roles.py": [
        "tests/foundation",
        # The focal points' sectors are read by the partners' rules.
        "tests/partners/test_permissions.py",
        "tests/partners/lifecycle/test_application_comments.py",
        "tests/forums/test_permissions.py",
        "tests/dialogue/test_permissions.py",
    ],
    "foundation/client_ip.py": ["tests/foundation"],
    "foundation/ratelimit.py": [
        "tests/foundation/test_ratelimit.py",
        "tests/foundation/test_client_limits.py",
    ],
    # Suppression and bounces are exercised by the newsletter's tests.
    "foundation/mail/outbox.py": [
        "tests/foundation",
        "tests/newsletter/test_bounces.py",
        "tests/newsletter/test_bounce_review.py",
        "tests/newsletter/test_mailings.py",
    ],
    "partners/lifecycle/rules.py": ["tests/partners/lifecycle/test_rules.py"],
    "forums/elections/services.py": ["tests/forums/elections"],
    "forums/elections/permissions.py": [
        "tests/forums/elections/test_permissions.py",
        "tests/forums/elections/test_views.py",
    ],
    "forums/elections/counting.py": [
        "tests/forums/elections/test_counting.py",
        "tests/forums/elections/test_command.py",
    ],
    # The import's rule-by-rule tests and its refusals (the round trips and
    # the page run every reader function too, for minutes a mutant).
    "partners/imports/reader.py": [
        "tests/partners/imports/test_reader_rules.py",
        "tests/partners/imports/test_errors.py",
    ],
    "partners/imports/values.py": [
        "tests/partners/imports/test_cell_values.py",
        "tests/partners/imports/test_errors.py",
    ],
    # review_decide is reached through the review page and the status page.
    "partners/lifecycle/reviews.py": [
        "tests/partners/lifecycle/test_reviews.py",
        "tests/partners/lifecycle/test_review_decisions.py",
        "tests/partners/test_status.py",
    ],
    # The rule-level tables (the whole of tests/partners and tests/foundation,
    # 1,250 tests, took longer than a sweep has on a shared machine).
    "partners/permissions.py": [
        "tests/partners/test_permissions.py",
        "tests/foundation/accounts/test_permissions.py",
        "tests/foundation/test_roles.py",
    ],
    # The files that call the services directly: the whole of tests/partners
    # (1,200 tests with the pages) made a run of hours on a two-core machine.
    "partners/services.py": [
        "tests/partners/test_service_rules.py",
        "tests/partners/test_invitations.py",
        "tests/partners/test_invitation_pages.py",
        "tests/partners/test_revisions.py",
        "tests/partners/lifecycle/test_review_decisions.py",
    ],
    "forums/services.py": [
        "tests/forums/test_service_rules.py",
        "tests/forums/test_working_groups.py",
        "tests/forums/test_event_documents.py",
    ],
    "newsletter/services.py": [
        "tests/newsletter/test_service_rules.py",
        "tests/newsletter/test_mailings.py",
        "tests/newsletter/test_bounces.py",
    ],
    "partners/exports.py": [
        "tests/partners/test_exports.py",
        "tests/partners/test_hostile_input.py",
    ],
    # The sending rules shared by every path (claiming, failures, backoff,
    # skipping, the drain's loop). The workers' raw-transaction path
    # (_send_batch, _Wire) is reached only by transactional tests, which the
    # runs leave out: see docs/testing.md.
    "newsletter/delivery.py": [
        "tests/newsletter/test_delivery.py",
        "tests/newsletter/test_mailings.py",
        "tests/newsletter/test_bounces.py",
    ],
    # The forums' split-out workflows, each with the pages that reach it.
    "forums/services_proposals.py": [
        "tests/forums/test_proposals.py",
        "tests/forums/test_organisers.py",
    ],
    "forums/services_attendance.py": [
        "tests/forums/test_attendance.py",
        "tests/forums/test_events.py",
    ],
    "forums/services_setup.py": [
        "tests/forums/test_organisers.py",
        "tests/forums/test_events.py",
        "tests/forums/test_proposals.py",
    ],
}
# mutmut leaves decorated functions alone (it cannot wrap them safely in its
# trampoline), so every `@transaction.atomic` service would go unmutated: the
# workflows themselves. In the scratch copy, such a function is written
# undecorated and wrapped just after, `f = transaction.atomic(f)`: the same
# function at run time, which mutmut does mutate.
UNWRAP_DECORATORS = {"transaction.atomic"}
# Non-Python files the tests need beside the apps.
ALSO_COPY = ["templates", "static", "locale", "manage.py"]
# The test database is created once and reused by every mutant's run. Tests
# that empty the tables (transactional: the concurrency and integration ones,
# and every other test marked `transactional` by tests/conftest.py)
# would leave it without the data migrations' rows, so they are left out.
MARKERS = "not integration and not e2e and not concurrency and not transactional"
PYTEST_ARGS = ["-p", "no:xdist", "--reuse-db", "-m", MARKERS, "-q"]
# Rules that only transactional tests reach: the workers' raw-transaction path
# of the newsletter delivery (_send_batch, _Wire) and the SMTP Sender it drives.
# `--transactional` measures them with these tests, the concurrency ones
# included: a transactional test now puts the data migrations' rows back as
# soon as it has emptied the tables (tests/conftest.py), so the reused test
# database stays whole from one mutant's run to the next.
TRANSACTIONAL_TESTS = {
    "newsletter/delivery.py": [
        "tests/newsletter/test_delivery.py",
        "tests/newsletter/test_bounces.py",
    ],
}
TRANSACTIONAL_MARKERS = "not integration and not e2e"


def source_packages() -> list[str]:
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "bench", "mutants"}
    )


def rule_modules() -> list[str]:
    found = set()
    for pattern in PATTERNS:
        for path in ROOT.glob(pattern):
            relative = path.relative_to(ROOT).as_posix()
            if relative.split("/")[0] in source_packages():
                found.add(relative)
    return sorted(found)


def pytest_args(transactional: bool) -> list[str]:
    if not transactional:
        return PYTEST_ARGS
    return ["-p", "no:xdist", "--reuse-db", "-m", TRANSACTIONAL_MARKERS, "-q"]


def tests_for(module: str, *, transactional: bool = False) -> list[str]:
    if transactional:
        return TRANSACTIONAL_TESTS[module]
    if module in EXTRA_TESTS:
        return EXTRA_TESTS[module]
    # The mirror: partners/x.py -> tests/partners; forums/elections/x.py ->
    # tests/forums/elections; the nearest existing one up the path, so a
    # sub-package without tests of its own falls back to its app's, never to
    # the whole suite unless the app has none.
    parts = module.split("/")[:-1]
    while parts:
        candidate = "tests/" + "/".join(parts)
        if (ROOT / candidate).is_dir():
            return [candidate]
        parts.pop()
    return ["tests"]


def unwrap_decorators(source: str) -> tuple[str, list[str]]:
    """`source` with each top-level function decorated only by one of
    UNWRAP_DECORATORS written as an undecorated function wrapped after its
    definition; and the names of those functions."""
    import libcst as cst  # mutmut's own dependency

    module = cst.parse_module(source)
    body, unwrapped = [], []
    for statement in module.body:
        decorators = getattr(statement, "decorators", ())
        if isinstance(statement, cst.FunctionDef) and len(decorators) == 1:
            decorator = module.code_for_node(decorators[0].decorator)
            if decorator in UNWRAP_DECORATORS:
                name = statement.name.value
                body.append(statement.with_changes(decorators=[]))
                body.append(cst.parse_statement(f"{name} = {decorator}({name})"))
                unwrapped.append(name)
                continue
        body.append(statement)
    return module.with_changes(body=body).code, unwrapped


def prepare(module: str, *, transactional: bool = False) -> Path:
    work = SCRATCH / module.removesuffix(".py").replace("/", ".")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    packages = source_packages()
    source, unwrapped = unwrap_decorators((ROOT / module).read_text(encoding="utf-8"))
    for name in [*packages, *ALSO_COPY, "tests"]:
        if not (ROOT / name).exists():
            continue
        if unwrapped and name == module.split("/")[0]:
            # A copy of the module's package, with the module rewritten.
            shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
            (work / module).write_text(source, encoding="utf-8")
        else:
            (work / name).symlink_to(ROOT / name)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    settings = {
        "source_paths": packages,
        "only_mutate": [module],
        "also_copy": ALSO_COPY,
        "pytest_add_cli_args": pytest_args(transactional),
        "pytest_add_cli_args_test_selection": tests_for(module, transactional=transactional),
        "use_git_change_detection": False,
    }
    lines = ["", "[tool.mutmut]"]
    for key, value in settings.items():
        lines.append(f"{key} = {toml_value(value)}")
    (work / "pyproject.toml").write_text(pyproject + "\n".join(lines) + "\n", encoding="utf-8")
    tomllib.loads((work / "pyproject.toml").read_text(encoding="utf-8"))  # fail early if malformed
    return work


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(f'"{item}"' for item in value) + "]"
    return f'"{value}"'


def run(module: str, *, children: int, only: list[str], transactional: bool = False) -> dict:
    work = prepare(module, transactional=transactional)
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    log = work / "mutmut.log"
    with log.open("w") as out:
        subprocess.run(
            [str(MUTMUT), "run", "--max-children", str(children), *only],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    listing = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    statuses = dict(re.findall(r"^\s+(\S+): (.+)$", listing, flags=re.MULTILINE))
    survivors = {}
    for name, status in statuses.items():
        if status in {"survived", "no tests", "timeout", "suspicious"}:
            shown = subprocess.run(
                [str(MUTMUT), "show", name], cwd=work, env=env, capture_output=True, text=True
            )
            survivors[name] = (status, shown.stdout.strip())
    counted = [s for s in statuses.values() if s not in {"skipped", "not checked"}]
    killed = sum(s in {"killed", "caught by type check"} for s in counted)
    return {
        "module": module,
        "tests": tests_for(module, transactional=transactional),
        "total": len(counted),
        "killed": killed,
        "score": killed / len(counted) if counted else None,
        "survivors": survivors,
        "log": log,
    }


def report(results: list[dict]) -> str:
    lines = ["# Mutation score per module", "", "| module | killed | total | score |"]
    lines.append("| --- | ---: | ---: | ---: |")
    for result in results:
        score = "n/a" if result["score"] is None else f"{result['score']:.0%}"
        row = f"| {result['module']} | {result['killed']} | {result['total']} | {score} |"
        lines.append(row)
    for result in results:
        if not result["survivors"]:
            continue
        lines += ["", f"## Survivors in {result['module']} (tests: {' '.join(result['tests'])})"]
        for name, (status, diff) in result["survivors"].items():
            lines += ["", f"### {name} ({status})", "", "```diff", diff, "```"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("modules", nargs="*", help="default: every rule module")
    parser.add_argument("--list", action="store_true")
    # One child by default: the machine is shared; pass --children 2 on an idle one.
    parser.add_argument("--children", type=int, default=1)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="GLOB",
        help="only the mutants whose names match, e.g. 'dialogue.services.x_request_transition*'",
    )
    parser.add_argument(
        "--transactional",
        action="store_true",
        help=f"with the transactional tests of {', '.join(TRANSACTIONAL_TESTS)} (use --only)",
    )
    args = parser.parse_args()
    modules = args.modules or rule_modules()
    if args.transactional and not set(modules) <= set(TRANSACTIONAL_TESTS):
        print(f"--transactional measures {', '.join(TRANSACTIONAL_TESTS)} only.")
        return 2
    if args.list:
        for module in modules:
            print(f"{module}: {' '.join(tests_for(module))}")
        return 0
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database (its test database is reused).")
        return 2
    # A fresh test database, with the data migrations' rows, for all the runs.
    # mutmut runs pytest several times in one process (stats, the clean run,
    # then each mutant in a fork) and pytest-django prefixes the already
    # prefixed name each time: test_test_<name>, test_test_test_<name>. Those
    # left by an earlier run may be stale; they are dropped and rebuilt.
    import psycopg  # a dependency of the project's PostgreSQL backend

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        names = connection.execute("SELECT datname FROM pg_database").fetchall()
        for (database,) in names:
            if re.fullmatch(rf"(test_){{2,}}{re.escape(name)}", database):
                connection.execute(f'DROP DATABASE IF EXISTS "{database}"')
    subprocess.run(
        [str(ROOT / ".venv/bin/pytest"), "tests/partners/test_exports.py", "--create-db"]
        + ["-p", "no:xdist", "-q", "-m", MARKERS],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        check=True,
        capture_output=True,
    )
    results = []
    SCRATCH.mkdir(exist_ok=True)
    for module in modules:
        tests = tests_for(module, transactional=args.transactional)
        print(f"--- {module} ({' '.join(tests)})", flush=True)
        result = run(
            module, children=args.children, only=args.only, transactional=args.transactional
        )
        results.append(result)
        score = "n/a" if result["score"] is None else f"{result['score']:.0%}"
        print(
            f"{module}: {result['killed']}/{result['total']} killed ({score}), "
            f"{len(result['survivors'])} survivors; log {result['log']}",
            flush=True,
        )
        text = report(results)  # after each module, so a stopped run keeps what it found
        (SCRATCH / "report.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
