"""Every function-level import says why (`# noqa: PLC0415 -- <reason>`).

Ruff's PLC0415 flags an import inside a function; the noqa that silences it
must carry a reason after `--`, so the real cycles and the deliberately slow
imports stand out and the rest move to the top of their module.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Local scratch trees (mutation runs copy the project into .mutation/) are not the project.
SKIPPED_DIRS = {".venv", "node_modules", "migrations", ".git", ".mutation", "mutants"}
NOQA = re.compile(r"#\s*noqa:[^#]*\bPLC0415\b(?P<rest>[^#]*)")
REASON = re.compile(r"^[\s,A-Z0-9]*--\s*\S")


def unexplained_lazy_imports(text: str) -> list[int]:
    """Line numbers whose PLC0415 noqa gives no reason after `--`."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = NOQA.search(line)
        if match and not REASON.match(match.group("rest")):
            problems.append(number)
    return problems


def _python_files():
    for path in ROOT.rglob("*.py"):
        # This file's own sample of bad lines is not a lazy import.
        if path != Path(__file__).resolve() and not SKIPPED_DIRS.intersection(
            path.relative_to(ROOT).parts
        ):
            yield path


def test_every_lazy_import_of_the_project_says_why():
    problems = {
        str(path.relative_to(ROOT)): lines
        for path in _python_files()
        if (lines := unexplained_lazy_imports(path.read_text()))
    }
    assert problems == {}


def test_checker_refuses_a_noqa_without_a_reason():
    sample = (
        "def f():\n"
        "    from a import b  # noqa: PLC0415\n"
        "    from a import c  # noqa: PLC0415 --\n"
        "    from a import d  # noqa: F401, PLC0415\n"
        "    from a import e  # noqa: PLC0415 -- cycle: a imports this module\n"
        "    from a import g  # noqa: F401, PLC0415 -- importing connects receivers\n"
        "    from a import h  # noqa: F401\n"
    )
    assert unexplained_lazy_imports(sample) == [2, 3, 4]
