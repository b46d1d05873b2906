"""Run the newsletter crash test many times and count the outcomes.

    .venv/bin/python bench/crash_loop.py --runs 50            # as the machine is
    .venv/bin/python bench/crash_loop.py --runs 50 --load     # with a busy loop on every core

Each run is one pytest process running
tests/newsletter/test_integration.py::test_worker_killed_mid_sending_every_address_gets_exactly_one
with NEWSLETTER_CRASH_REPORT set, so that the test appends what it saw: how
many addresses the server had at the instant the issue was marked sent
("at once", what the test used to count), how many once the count settled,
and the worker's and the server's timeline for every message that arrived
after that instant. Needs DATABASE_URL (PostgreSQL) and REDIS_URL, as the
integration tests do; use a database name of the loop's own, since pytest
creates and drops its test database.
"""

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEST = (
    "tests/newsletter/test_integration.py"
    "::test_worker_killed_mid_sending_every_address_gets_exactly_one"
)


def _busy() -> None:
    while True:
        pass


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--load", action="store_true", help="a busy loop on every core")
    parser.add_argument("--out", type=Path, help="append one JSON line per run here")
    args = parser.parse_args()

    burners = []
    if args.load:
        burners = [
            multiprocessing.Process(target=_busy, daemon=True) for _ in range(os.cpu_count() or 1)
        ]
        for burner in burners:
            burner.start()
    passed = would_have_failed = 0
    try:
        for run in range(1, args.runs + 1):
            with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as report:
                report_path = report.name
            started = time.monotonic()
            completed = subprocess.run(
                [
                    str(ROOT / ".venv/bin/pytest"),
                    TEST,
                    "-m",
                    "integration",
                    "-p",
                    "no:xdist",
                    "-q",
                    "--reuse-db",
                ],
                cwd=ROOT,
                env={**os.environ, "NEWSLETTER_CRASH_REPORT": report_path},
                capture_output=True,
                text=True,
            )
            seen = [json.loads(line) for line in Path(report_path).read_text().splitlines() if line]
            os.unlink(report_path)
            summary = seen[-1] if seen else {}
            result = {
                "run": run,
                "load": args.load,
                "passed": completed.returncode == 0,
                "at_once": summary.get("at_once"),
                "settled": summary.get("settled"),
                "missing": summary.get("missing"),
                "wrong": summary.get("wrong"),
                "late": summary.get("late"),
                "counted_at": summary.get("counted_at"),
                "marked_sent_at": summary.get("marked_sent_at"),
                "accepted_after_marked_sent": summary.get("accepted_after_marked_sent"),
                "timeline_after_marked_sent": summary.get("timeline_after_marked_sent"),
                "seconds": round(time.monotonic() - started, 1),
                "loadavg": round(os.getloadavg()[0], 2),
            }
            passed += result["passed"]
            would_have_failed += (result["at_once"] or 0) < 500
            print(
                f"run {run:3d}: {'pass' if result['passed'] else 'FAIL'} "
                f"settled {result['settled']}/500, at once {result['at_once']}/500, "
                f"accepted after the issue was marked sent: "
                f"{len(result['accepted_after_marked_sent'] or [])}, "
                f"{result['seconds']} s, load {result['loadavg']}",
                flush=True,
            )
            if not result["passed"]:
                print(completed.stdout[-3000:], flush=True)
            if args.out:
                with args.out.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(result) + "\n")
    finally:
        for burner in burners:
            burner.terminate()
    print(
        f"{passed}/{args.runs} runs passed; {would_have_failed} would have failed "
        "had the count been taken when the issue was marked sent",
        flush=True,
    )
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
