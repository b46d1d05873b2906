"""Smoke run of the embedded default configuration, as `make demo` uses it.

Migrates a throw-away SQLite database, loads the demo data twice, starts the
development server on a free port and fetches the key pages in the three
languages, after building and sending this month's newsletter (eager tasks,
console email). Exits non-zero if any of them failed.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/healthz",
    "/en/",
    "/fr/",
    "/es/",
    "/en/partners/",
    "/fr/partners/?q=education",
    "/es/partners/?sector=culture",
    "/en/partners/export.csv",
    "/api/v1/partners/",
    "/api/v1/forums/",
    "/fr/partners/wcll/",
    "/en/working-groups/",
    "/es/forums/",
    "/en/dialogue/",
    "/fr/newsletters/",
    "/en/accounts/login/",
    "/sitemap.xml",
    "/robots.txt",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def send_newsletter(manage: list[str], env: dict) -> int:
    """Build and send this month's letter (eager tasks, console email); 1 if it fails."""
    month = time.strftime("%Y-%m")
    subprocess.run([*manage, "build_newsletter", "--month", month], env=env, capture_output=True)
    sent = subprocess.run(
        [*manage, "send_newsletter", "--month", month, "--approve"],
        env=env,
        capture_output=True,
        text=True,
    )
    summary = [line for line in sent.stdout.splitlines() if line.startswith("Newsletter ")]
    ok = sent.returncode == 0 and bool(summary) and summary[-1].endswith("pending 0, failed 0.")
    last_words = (sent.stderr or sent.stdout).strip().splitlines()[-1:] or ["no output"]
    outcome = summary[-1] if summary else last_words[0]
    print(f"{'ok  ' if ok else 'FAIL'} newsletter {month}: {outcome}")
    return 0 if ok else 1


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="portal-smoke-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL"}
    }
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private"),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    for _ in range(2):
        subprocess.run([*manage, "seed_demo", "--with-accounts"], env=env, check=True)
    failures = send_newsletter(manage, env)
    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        for page in PAGES:
            try:
                with urllib.request.urlopen(base + page, timeout=30) as response:  # noqa: S310
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            ok = status == 200
            failures += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {status} {page}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"smoke: {len(PAGES) + 1 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
