"""The MDN HTTP Observatory grades the portal served with production settings.

Two gunicorns on 127.0.0.1 (plain HTTP redirecting to HTTPS with a throw-away
certificate that the scan trusts) serve the test database. The grade must be
A+; a deliberately bare server gets a failing grade from the same scan.
"""

import http.server
import json
import tempfile
import threading
from pathlib import Path

import pytest
from django.db import connection

from tests.gates.checks import REPO_ROOT
from tests.gates.observatory import (
    free_port,
    observatory_scan,
    points_lost,
    production_servers,
)


def database_url() -> str:
    config = connection.settings_dict
    assert connection.vendor == "postgresql", "the Observatory gate runs on PostgreSQL"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return (
        f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:"
        f"{config['PORT'] or 5432}/{config['NAME']}"
    )


@pytest.mark.django_db
def test_observatory_grades_the_production_site_a_plus():
    with (
        tempfile.TemporaryDirectory() as directory,
        production_servers(Path(directory), database_url()) as (http_port, https_port, cert),
    ):
        report = observatory_scan(http_port, https_port, cert)
    summary = REPO_ROOT / "test-results" / "gates" / "observatory.json"
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text(json.dumps(report, indent=2))
    scan = report["scan"]
    print(f"Observatory: grade {scan['grade']}, score {scan['score']}, {points_lost(report)}")
    assert scan["statusCode"] == 200
    assert scan["grade"] == "A+", points_lost(report)


class BareHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<!DOCTYPE html><title>bare</title><script>x()</script>")

    def log_message(self, *args):
        pass


def test_observatory_gate_fails_a_server_without_security_headers():
    server = http.server.HTTPServer(("127.0.0.1", 0), BareHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        report = observatory_scan(server.server_address[1], free_port())
    finally:
        server.shutdown()
    assert report["scan"]["grade"] in {"D", "D-", "F"}, report["scan"]
    lost = " ".join(points_lost(report))
    assert "csp-not-implemented" in lost and "hsts-not-implemented" in lost
