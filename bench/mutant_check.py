"""Which mutants do some tests kill? For checking new tests against the
survivors of a `make mutate` run without a whole re-run.

    .venv/bin/python bench/mutant_check.py dialogue/services.py \
        tests/dialogue/test_cosponsors.py -- dialogue.services.x_cosponsor_join__mutmut_9 ...

Runs in the module's scratch copy (.mutation/<module>/mutants/, left by
`bench/mutate.py`), after copying the given test files into it: first with no
mutant (the tests must pass), then once per mutant named (or per survivor of
the last run when none is named), in one process so that Django and the test
database (`--reuse-db`) are set up once. Prints "killed" or "SURVIVED" for
each. Uses DATABASE_URL like `bench/mutate.py`.
"""

import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKERS = "not integration and not e2e and not concurrency and not transactional"
SURVIVED = 0


def survivors(mutants: Path) -> list[str]:
    names = []
    for meta in mutants.rglob("*.py.meta"):
        exit_codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        names += [name for name, code in exit_codes.items() if code == SURVIVED]
    return sorted(names)


def pin_test_databases() -> None:
    """Keep each connection on the test database it uses now.

    pytest-django with --reuse-db leaves a connection named after its test
    database when a run ends, so the next run in this process would prefix
    "test_" once more: a new database for every mutant, then a name longer
    than PostgreSQL allows, whose error counted as a kill.
    """
    from django.db import connections

    for connection in connections.all():
        connection.settings_dict["TEST"]["NAME"] = connection.settings_dict["NAME"]


def forget_process_state() -> None:
    """What an earlier run left in this process and a fresh pytest would not see:
    cached counts (the rate limits: the sixth subscription in an hour is
    refused) and cached rows. Kept, they fail later runs whatever the mutant."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    Site.objects.clear_cache()


def refresh_configuration(mutants: Path) -> None:
    """The test configuration as it is now, not as it was when the run copied it:
    tests/conftest.py and pytest's markers (in pyproject.toml) may have changed."""
    shutil.copyfile(ROOT / "tests" / "conftest.py", mutants / "tests" / "conftest.py")
    scratch = (mutants / "pyproject.toml").read_text(encoding="utf-8")
    mutmut_section = scratch[scratch.index("[tool.mutmut]") :]
    current = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (mutants / "pyproject.toml").write_text(f"{current}\n{mutmut_section}", encoding="utf-8")


def main() -> int:
    arguments = sys.argv[1:]
    names = arguments[arguments.index("--") + 1 :] if "--" in arguments else []
    module, *tests = arguments[: arguments.index("--")] if "--" in arguments else arguments
    mutants = ROOT / ".mutation" / module.removesuffix(".py").replace("/", ".") / "mutants"
    if not mutants.is_dir():
        print(f"No scratch copy for {module}: run bench/mutate.py {module} first.")
        return 2
    for test in tests:
        # A test file may be new since the run: the scratch copy needs it.
        path = test.split("::")[0]
        (mutants / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / path, mutants / path)
    refresh_configuration(mutants)
    names = names or survivors(mutants)
    os.chdir(mutants)
    sys.path.insert(0, str(mutants))
    import pytest

    arguments = ["-p", "no:xdist", "-p", "no:cacheprovider", "--reuse-db", "-x", "-qq"]
    arguments += ["--no-header", "-m", MARKERS, *tests]
    os.environ["MUTANT_UNDER_TEST"] = ""
    if pytest.main(arguments) != 0:
        print("The tests fail without any mutant: fix them first.")
        return 1
    pin_test_databases()
    still_alive = []
    for name in names:
        forget_process_state()
        os.environ["MUTANT_UNDER_TEST"] = name
        killed = pytest.main(arguments) != 0
        print(f"{'killed  ' if killed else 'SURVIVED'} {name}", flush=True)
        if not killed:
            still_alive.append(name)
    print(f"{len(names) - len(still_alive)} of {len(names)} killed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
