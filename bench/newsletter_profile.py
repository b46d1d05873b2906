"""Where one worker's sending time goes: cProfile of a drain, in one process.

Creates its own database (from DATABASE_URL's server), N recipients in three
languages, renders the issue, creates the deliveries, starts the test SMTP
server, then profiles delivery.deliveries_drain() sending them all. Prints
the rate and the functions that took the most time (own time, and
cumulative for the main stages).

    .venv/bin/python bench/newsletter_profile.py [--recipients 1500]
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path.cwd()
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=1500)
    parser.add_argument("--top", type=int, default=18)
    args = parser.parse_args()
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    name = f"portal_newsletter_profile_{os.getpid()}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    os.environ.setdefault("SECRET_KEY", "newsletter-profile-secret-key-0123456789")
    os.environ["SITE_URL"] = "https://portal.example.org"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.newsletter.worker_settings"
    os.environ["LOG_LEVEL"] = "WARNING"
    from tests.newsletter.smtp import RecordingHandler, start_server

    handler = RecordingHandler()
    controller, port = start_server(handler)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from newsletter import delivery, services
        from newsletter.models import Delivery, Issue
        from partners.models import Contact, Partner

        partner = Partner.objects.create(
            name_en="Profile NGO",
            slug="profile-ngo",
            status="consultative",
            since=datetime.date(2017, 1, 1),
            country="FR",
        )
        Contact.objects.bulk_create(
            Contact(
                partner=partner,
                name=f"C{index}",
                email=f"p{index:05d}@example.org",
                preferred_language=["fr", "en", "es"][index % 3],
                newsletter_opt_in=True,
            )
            for index in range(args.recipients)
        )
        issue = Issue.objects.create(month=datetime.date(2025, 1, 1))
        clock = time.monotonic()
        services.issue_render_ahead(issue_id=issue.pk)
        print(f"rendered ahead (draft, three PDFs): {time.monotonic() - clock:.1f} s")
        Issue.objects.filter(pk=issue.pk).update(status="sending")
        issue.refresh_from_db()
        clock = time.monotonic()
        for language in services.LANGUAGES:
            services.issue_rendition(issue=issue, language=language)
        print(f"approval: renditions checked and kept: {time.monotonic() - clock:.2f} s")
        clock = time.monotonic()
        services.issue_prepare_sending(issue=issue)
        print(f"approval: {args.recipients} deliveries created: {time.monotonic() - clock:.2f} s")
        clock = time.monotonic()
        for language in services.LANGUAGES:
            delivery._template(delivery.Campaign(issue=issue), language)
        print(f"drain start: three messages built: {time.monotonic() - clock:.2f} s")
        profile = cProfile.Profile()
        started = time.monotonic()
        profile.enable()
        delivery.deliveries_drain(issue_id=issue.pk, budget_seconds=3600, limit=10**6)
        profile.disable()
        elapsed = time.monotonic() - started
        sent = Delivery.objects.filter(issue=issue, status="sent").count()
        print(
            f"profile: {sent} messages in {elapsed:.1f} s, {sent / elapsed:.1f} per second "
            f"(one process, in-process profiler overhead included)"
        )
        print("--- where the drain's time went (cumulative seconds) ---")
        stats = pstats.Stats(profile)
        stages = [
            ("database, through Django's cursor", "django/db/backends/utils.py", "execute"),
            ("database, the worker's own transactions (send)", "newsletter/delivery.py", "send"),
            ("database, the worker's own transactions (fetch)", "newsletter/delivery.py", "fetch"),
            ("SMTP: waiting for the server's answers", "smtplib.py", "getreply"),
            ("message bytes (MessageTemplate.render)", "newsletter/delivery.py", "render"),
        ]
        for label, path, function in stages:
            seconds = sum(
                row[3]
                for (filename, _line, name), row in stats.stats.items()
                if filename.endswith(path) and name == function
            )
            print(f"  {label:50} {seconds:7.1f} s")
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(order).print_stats(args.top)
            lines = [line for line in out.getvalue().splitlines() if line.strip()]
            start = next(i for i, line in enumerate(lines) if "ncalls" in line)
            print(f"--- by {order} ---")
            print("\n".join(lines[start : start + args.top + 1]))
        return 0
    finally:
        controller.stop()
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
