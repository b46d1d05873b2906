"""Run every benchmark in bench/ and print its figures."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BENCHMARKS = [
    "directory_bench.py",
    "public_cache_bench.py",
    "newsletter_bench.py",
    "import_bench.py",
]


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        path = BENCH / name
        if not path.exists():
            continue
        print(f"=== {name}")
        failed += subprocess.run([sys.executable, str(path)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
