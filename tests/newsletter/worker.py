"""Start and kill a real Celery worker process for the integration tests and the benchmark."""

import os
import signal
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"


def database_url(db: dict) -> str:
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{db['NAME']}"


class Worker:
    def __init__(self, *, redis_url, database, smtp_port, concurrency=2, extra_env=None):
        self.queue = f"newsletter-test-{uuid.uuid4().hex[:12]}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.newsletter.worker_settings",
            "DATABASE_URL": database_url(database),
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SITE_URL": "https://portal.example.org",
            "NEWSLETTER_TEST_QUEUE": self.queue,
            "DEBUG": "false",
            **(extra_env or {}),
        }
        self.concurrency = concurrency
        self.process: subprocess.Popen | None = None
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"{self.queue}.log"

    def start(self) -> "Worker":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "portal",
                "worker",
                "--loglevel=WARNING",
                f"--concurrency={self.concurrency}",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}-{uuid.uuid4().hex[:6]}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill() reaches the pool too
        )
        return self

    def wait_ready(self, timeout: float = 120) -> bool:
        """Wait until the worker answers a ping (booted, pool forked)."""
        from portal.celery import app  # noqa: PLC0415 -- the bench imports this module before Django is configured

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=1.0)
            if any(name.startswith(self.queue) for reply in replies for name in reply):
                return True
        return False

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def purge(self, redis_url: str) -> None:
        import redis

        client = redis.Redis.from_url(redis_url)
        client.delete(self.queue)
        client.close()
