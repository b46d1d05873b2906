"""The shared cache of public pages under load, as ratios to a trivial view.

Same database and server as directory_bench.py (5,000 partners, PostgreSQL,
gunicorn with production settings and 2 workers), with the cache in Redis
(BENCH_REDIS_URL, default database 2) when reachable. Sixteen concurrent
clients (4 processes of 4 threads, so the client is not one GIL) ask each page
for a few seconds; the floor is robots.txt measured in the same run. Each page
is measured anonymously (served from the cache after the first request) and
with a session cookie (never cached), and the hit rate is read from the
``X-Public-Cache`` header. Targets (issue 15): anonymous directory list, search
and filtered list at least 0.3 of the floor's throughput, median within 3x.
"""

import http.client
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import directory_bench  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8191"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
PROCESSES, THREADS = 4, 4
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
SESSION = "sessionid=bench; __Secure-sessionid=bench"
PAGES = {
    "floor (robots.txt)": "/robots.txt",
    "directory list": "/en/partners/",
    "search": "/fr/partners/?q=education+adultes",
    "filtered list": "/en/partners/?sector=culture&region=africa&status=consultative",
    "profile": "/en/partners/synthetic-42/",
    "statistics": "/en/statistics/",
    "home": "/en/",
}
TARGETED = {"directory list", "search", "filtered list"}


def _client(path, cookie, deadline, out):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Host": "127.0.0.1", "Accept-Encoding": "gzip"}
    if cookie:
        headers["Cookie"] = cookie
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            continue
        out.append(
            (time.perf_counter() - started, response.status, response.getheader("X-Public-Cache"))
        )
        if response.getheader("Connection", "").lower() == "close":
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)


def _process(path, cookie, deadline, queue):
    results: list = []
    threads = [
        threading.Thread(target=_client, args=(path, cookie, deadline, results))
        for _ in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(results)


def load(path, cookie=None):
    queue = multiprocessing.Queue()
    deadline = time.perf_counter() + SECONDS
    processes = [
        multiprocessing.Process(target=_process, args=(path, cookie, deadline, queue))
        for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    results = [item for _ in processes for item in queue.get()]
    for process in processes:
        process.join()
    ok = [r for r in results if r[1] == 200]
    timings = [r[0] * 1000 for r in ok]
    hits = sum(1 for r in ok if r[2] == "hit")
    return {
        "rps": len(ok) / SECONDS,
        "p50": statistics.median(timings) if timings else float("nan"),
        "p95": directory_bench.percentile(timings, 0.95) if timings else float("nan"),
        "errors": len(results) - len(ok),
        "hits": hits,
        "count": len(ok),
    }


def main() -> int:
    env = directory_bench.environment()
    env["REDIS_URL"] = REDIS_URL
    if not os.environ.get("BENCH_REUSE"):
        directory_bench.prepare_database(env)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=directory_bench.ROOT,
    )
    ok = True
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        floor = load(PAGES["floor (robots.txt)"])
        print(
            f"\n16 clients, {SECONDS:g} s per page; floor {floor['rps']:.0f} req/s, "
            f"median {floor['p50']:.2f} ms"
        )
        print(
            f"{'page':<22}{'mode':<11}{'req/s':>8}{'ratio':>7}{'p50 ms':>8}{'x floor':>8}"
            f"{'p95 ms':>8}{'hit rate':>9}"
        )
        total_hits = total = 0
        for label, path in PAGES.items():
            if label.startswith("floor"):
                continue
            # One request first, as a visitor's would: the page's first build
            # is the uncached figure below, not a herd of 16 misses at once.
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60).read()  # noqa: S310
            for mode, cookie in (("cached", None), ("uncached", SESSION)):
                figures = load(path, cookie)
                ratio = figures["rps"] / floor["rps"]
                latency = figures["p50"] / floor["p50"]
                rate = figures["hits"] / figures["count"] if figures["count"] else 0
                if mode == "cached":
                    total_hits += figures["hits"]
                    total += figures["count"]
                print(
                    f"{label:<22}{mode:<11}{figures['rps']:>8.0f}{ratio:>7.2f}"
                    f"{figures['p50']:>8.2f}{latency:>8.1f}{figures['p95']:>8.1f}{rate:>9.1%}"
                )
                if mode == "cached" and label in TARGETED and (ratio < 0.3 or latency > 3):
                    ok = False
                    print("  target missed: throughput below 0.3 of the floor or median over 3x")
        print(f"\nanonymous hit rate over the run: {total_hits / max(total, 1):.2%}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
