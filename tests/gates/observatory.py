"""Serve the portal with production settings on 127.0.0.1 (a plain-HTTP
gunicorn that redirects to an HTTPS gunicorn with a throw-away certificate)
and grade it with the MDN HTTP Observatory's own tests."""

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.gates.checks import NODE_MODULES, REPO_ROOT, production_env

PACKAGE = NODE_MODULES / "@mdn" / "mdn-http-observatory"
DRIVER = Path(__file__).with_name("observatory.mjs")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1; the scan trusts it as its own CA."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1",
         "-addext", "basicConstraints=critical,CA:TRUE"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def wait_for(url: str, *, seconds: float = 60) -> None:
    import ssl

    context = ssl._create_unverified_context()  # noqa: S323 - our own throw-away certificate
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2, context=context)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


@contextlib.contextmanager
def production_servers(directory: Path, database_url: str):
    """Yield (http_port, https_port) of two gunicorns serving production settings."""
    http_port, https_port = free_port(), free_port()
    cert, key = make_certificate(directory)
    env = production_env(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="tests.gates.observatory_settings",
        GATE_SSL_HOST=f"127.0.0.1:{https_port}",
        GATE_STATIC_ROOT=str(directory / "static"),
        ALLOWED_HOSTS="127.0.0.1",
    )
    env.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO_ROOT, env=env, check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    gunicorn = [python, "-m", "gunicorn", "portal.wsgi:application", "--workers", "1"]
    processes = [
        subprocess.Popen(
            [*gunicorn, "--bind", f"127.0.0.1:{http_port}"],
            cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [*gunicorn, "--bind", f"127.0.0.1:{https_port}",
             "--certfile", str(cert), "--keyfile", str(key)],
            cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ),
    ]  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{http_port}/healthz")
        wait_for(f"https://127.0.0.1:{https_port}/healthz")
        yield http_port, https_port, cert
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def observatory_scan(http_port: int, https_port: int, ca_file: Path | None = None) -> dict:
    """The Observatory's verdict on 127.0.0.1 at these ports, as JSON."""
    node = shutil.which("node")
    if not node or not PACKAGE.exists():
        raise RuntimeError("node and `npm ci` (for @mdn/mdn-http-observatory) are needed")
    # The package's postinstall downloads Chromium's HSTS preload list; CI
    # installs with --ignore-scripts (no network but the registries), and
    # 127.0.0.1 is in no preload list, so an empty list gives the same grade.
    preload = PACKAGE / "conf" / "hsts-preload.json"
    if not preload.exists():
        preload.write_text("{}")
    env = {"PATH": "/usr/bin:/bin"}
    if ca_file:
        env["NODE_EXTRA_CA_CERTS"] = str(ca_file)
    result = subprocess.run(
        [node, str(DRIVER), "127.0.0.1", str(http_port), str(https_port)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise RuntimeError(f"scan failed: {result.stdout}\n{result.stderr}") from error


def points_lost(report: dict) -> list[str]:
    return [
        f"{name}: {test['result']} ({test['scoreModifier']}) {test['scoreDescription']}"
        for name, test in report["tests"].items()
        if (test.get("scoreModifier") or 0) < 0 or not test.get("pass")
    ]
