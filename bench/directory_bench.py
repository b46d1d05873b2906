"""Directory benchmark: 5,000 partners, p50/p95 server time per page, and the
time and peak memory of the CSV export.

Runs against PostgreSQL (BENCH_DATABASE_URL, default a fresh `portal_bench`
database on 127.0.0.1) behind gunicorn with production settings, the way the
portal is deployed. Prints its figures; exits non-zero if a target is missed.
"""

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PARTNERS = int(os.environ.get("BENCH_PARTNERS", "5000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
PORT = int(os.environ.get("BENCH_PORT", "8190"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
)
TARGET_P95_MS = 60.0
TARGET_EXPORT_S = 3.0
TARGET_EXPORT_MEMORY_RATIO = 1.5

PAGES = {
    "floor (robots.txt)": "/robots.txt",
    "directory list": "/en/partners/",
    "directory page 40": "/en/partners/?page=40",
    "search": "/fr/partners/?q=education+adultes",
    "filtered list": "/en/partners/?sector=culture&region=africa&status=consultative",
    "profile": "/en/partners/synthetic-42/",
}


def environment() -> dict:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=DATABASE_URL,
        DEBUG="false",
        SECRET_KEY="bench-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(*args, env):
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def prepare_database(env) -> None:
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    manage("migrate", "--noinput", "-v0", env=env)
    started = time.perf_counter()
    manage("generate_partners", "--count", str(PARTNERS), "--seed", "7", env=env)
    print(f"generated {PARTNERS} partners in {time.perf_counter() - started:.1f} s")
    # A live database is vacuumed and analysed by autovacuum; a freshly bulk-
    # loaded one is not yet, and would be measured with stale statistics.
    with psycopg.connect(DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    manage("collectstatic", "--noinput", "-v0", env=env)


def measure(url: str, count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            response.read()
            assert response.status == 200, url
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_pages(env) -> bool:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{PORT}"
    ok = True
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        print(f"\n{'page':<24}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        for label, path in PAGES.items():
            measure(base + path, 10)  # warm-up: connections, caches
            timings = measure(base + path, REQUESTS)
            p50, p95 = statistics.median(timings), percentile(timings, 0.95)
            print(f"{label:<24}{p50:>10.1f}{p95:>10.1f}{max(timings):>10.1f}")
            if label in {"directory list", "search", "filtered list"} and p95 > TARGET_P95_MS:
                ok = False
                print(f"  target missed: p95 {p95:.1f} ms > {TARGET_P95_MS} ms")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return ok


EXPORT_SCRIPT = """
import sys, time, tracemalloc, django
django.setup()
from django.test import Client
client = Client()
query = sys.argv[1]

def export(trace):
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.get("/en/partners/export.csv" + query, secure=True, HTTP_HOST="127.0.0.1")
    rows = sum(chunk.count(b"\\n") for chunk in response.streaming_content) - 1
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    return rows, elapsed, peak

export(False)  # warm-up: imports, connection
rows, elapsed, _ = export(False)
_, _, peak = export(True)
print(rows, f"{elapsed:.3f}", f"{peak / 1e6:.1f}")
"""


def run_export(env, query: str) -> tuple[int, float, float]:
    output = subprocess.run(
        [PYTHON, "-c", EXPORT_SCRIPT, query],
        env=env | {"DJANGO_SETTINGS_MODULE": "portal.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(output[0]), float(output[1]), float(output[2])


def bench_export(env) -> bool:
    """Time the full export; compare peak memory of a small and the full one."""
    print()
    ok = True
    peaks = {}
    for label, query in (("associate only", "?status=associate"), ("all partners", "")):
        rows, seconds, peak_mb = run_export(env, query)
        peaks[label] = peak_mb
        print(
            f"CSV export, {label}: {rows} rows in {seconds:.2f} s, "
            f"peak Python memory {peak_mb:.1f} MB"
        )
        if label == "all partners" and seconds > TARGET_EXPORT_S:
            ok = False
            print(f"  target missed: {seconds:.2f} s > {TARGET_EXPORT_S} s")
    # The export streams chunk by chunk: five times the rows must not cost
    # five times the memory.
    if peaks["all partners"] > TARGET_EXPORT_MEMORY_RATIO * peaks["associate only"]:
        ok = False
        ratio = peaks["all partners"] / peaks["associate only"]
        print(f"  target missed: peak memory grows with the row count ({ratio:.1f}x)")
    return ok


def main() -> int:
    env = environment()
    prepare_database(env)
    pages_ok = bench_pages(env)
    export_ok = bench_export(env)
    return 0 if pages_ok and export_ok else 1


if __name__ == "__main__":
    sys.exit(main())
