"""Newsletter sending benchmark: 3,000 recipients in three languages, a local
SMTP server, one Celery worker with two pool processes.

Prints the number of PDF renderings (must be 3), the total time from
approval to the last message, messages per second and the worker's peak
memory; then, in the same run, the plain-sending floor (one Python process
sending the same messages, built beforehand, to the same server over one
connection) and the portal's rate as a ratio of it (target: at least 0.7).
Needs PostgreSQL (DATABASE_URL, used only to reach the server: the
benchmark creates and drops its own database) and Redis (REDIS_URL).

As in production, the draft's PDFs are rendered ahead (tasks.render_issue,
queued when the draft is built or edited), before the clock starts; at
sending they are kept because their sources are unchanged. --render-at-send
leaves them to the sending task, as before that change.

    .venv/bin/python bench/newsletter_bench.py [--recipients 3000] [--render-at-send]
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_kib(pids) -> dict[int, int]:
    peaks = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[pid] = int(line.split()[1])
        except OSError:
            continue
    return peaks


def _group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _floor(issue, port: int, handler) -> float:
    """Messages per second of plain smtplib sending the same messages over one connection."""
    import email.policy
    import smtplib

    from newsletter import delivery
    from newsletter.models import Delivery

    campaign = delivery.Campaign(issue=issue)
    messages = []
    for row in Delivery.objects.filter(issue=issue).order_by("pk"):
        row.issue = issue
        outgoing = delivery.Outgoing(
            to=[row.email],
            envelope_from="bounces@portal.example.org",
            delivery=row,
            campaign=campaign,
        )
        body = outgoing.django_message().message(policy=email.policy.SMTP).as_bytes()
        messages.append((row.email, body))
    handler.messages.clear()
    started = time.monotonic()
    with smtplib.SMTP("127.0.0.1", port) as connection:
        for to, body in messages:
            connection.sendmail("bounces@portal.example.org", [to], body)
    elapsed = time.monotonic() - started
    assert len(handler.messages) == len(messages)
    return len(messages) / elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--render-at-send", action="store_true")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url:
        print("newsletter bench: needs DATABASE_URL (PostgreSQL) and REDIS_URL; skipped.")
        return 1

    import psycopg

    parts = urlsplit(database_url)
    bench_db = f"portal_newsletter_bench_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{bench_db}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{bench_db}"))
    os.environ["SECRET_KEY"] = (
        os.environ.get("SECRET_KEY") or "newsletter-bench-secret-key-0123456789"
    )
    os.environ["SITE_URL"] = "https://portal.example.org"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.newsletter.worker_settings"
    os.environ["LOG_LEVEL"] = "WARNING"
    worker = controller = None
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from newsletter import tasks
        from newsletter.models import Delivery, Issue
        from partners.models import Contact, Partner
        from tests.newsletter.smtp import RecordingHandler, start_server
        from tests.newsletter.worker import Worker

        partners = Partner.objects.bulk_create(
            Partner(
                name_en=f"Bench NGO {index}",
                name_fr=f"ONG banc {index}",
                name_es=f"ONG banco {index}",
                slug=f"bench-ngo-{index}",
                status="consultative",
                since=datetime.date(2017, 1, 1),
                country="FR",
            )
            for index in range(100)
        )
        Contact.objects.bulk_create(
            Contact(
                partner=partners[index % len(partners)],
                name=f"Contact {index}",
                email=f"bench{index:05d}@example.org",
                preferred_language=["fr", "en", "es"][index % 3],
                newsletter_opt_in=True,
            )
            for index in range(args.recipients)
        )
        issue = Issue.objects.create(
            month=datetime.date(2025, 1, 1),
            editorial_note_fr="Note de la rédaction.",
            editorial_note_en="Editorial note.",
            editorial_note_es="Nota editorial.",
        )
        ahead = None
        if not args.render_at_send:
            from newsletter import services

            clock = time.monotonic()
            services.issue_render_ahead(issue_id=issue.pk)
            ahead = time.monotonic() - clock
        handler = RecordingHandler()
        controller, port = start_server(handler)
        worker = Worker(
            redis_url=redis_url,
            database=settings.DATABASES["default"],
            smtp_port=port,
            concurrency=2,
        )
        worker.start()
        # The clock measures sending, not booting: in production the worker is up already.
        if not worker.wait_ready():
            print("newsletter bench: the worker did not start.")
            return 1
        started = time.monotonic()
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
        tasks.send_issue.apply_async((issue.pk,), queue=worker.queue)
        peaks: dict[int, int] = {}
        deadline = started + 1800
        while time.monotonic() < deadline:
            peaks.update(_peak_kib(_group_pids(worker.process.pid)))
            issue.refresh_from_db()
            if issue.status == Issue.Status.SENT:
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        final = _peak_kib(_group_pids(worker.process.pid))
        peaks.update(final)
        sent = Delivery.objects.filter(issue=issue, status="sent").count()
        received = len(handler.messages)
        print("newsletter bench")
        print(f"  recipients:             {args.recipients} (fr/en/es, one third each)")
        print("  worker:                 1 Celery worker, 2 pool processes (prefork)")
        print(f"  PDF renders:            {issue.pdf_renders}")
        if ahead is not None:
            print(f"  rendered ahead:         {ahead:.1f} s, before approval (not counted)")
        print(f"  messages sent:          {sent} (SMTP server received {received})")
        print(f"  total time:             {elapsed:.1f} s (approval to last message)")
        print(f"  messages per second:    {sent / elapsed:.1f}")
        if peaks:
            largest = max(peaks.values())
            print(
                f"  worker peak memory:     {largest / 1024:.0f} MiB in the largest process, "
                f"{sum(final.values()) / 1024:.0f} MiB over its {len(final)} processes (VmHWM)"
            )
        worker.stop()
        from django.db.models import Max, Min

        span = Delivery.objects.filter(issue=issue).aggregate(
            first=Min("sent_at"), last=Max("accepted_at")
        )
        sending = (span["last"] - span["first"]).total_seconds() if span["last"] else elapsed
        print(
            f"  sending phase:          {sending:.1f} s from the first message to the last, "
            f"{sent / sending:.1f} per second"
        )
        what = "checking" if ahead is not None else "rendering"
        print(f"                          (before it: {elapsed - sending:.1f} s {what} the three")
        print("                          PDFs and creating the deliveries)")
        floor = _floor(issue, port, handler)
        rate = sent / elapsed
        print(f"  plain-sending floor:    {floor:.1f} messages per second (same messages,")
        print("                          same server, one process, one connection)")
        print(
            f"  ratio to the floor:     {rate / floor:.2f} approval to last message, "
            f"{sent / sending / floor:.2f} sending phase (target: at least 0.70)"
        )
        ok = issue.pdf_renders == 3 and sent == args.recipients == received
        print(f"  result:                 {'ok' if ok else 'FAILED'}")
        return 0 if ok else 1
    finally:
        if worker is not None:
            worker.stop()
            worker.purge(redis_url)
        if controller is not None:
            controller.stop()
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{bench_db}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
