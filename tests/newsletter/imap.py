"""A real IMAP server for the bounce tests: Debian's dovecot-imapd on 127.0.0.1.

Each server gets a throwaway configuration, mail directory and port; it runs
in the foreground (dovecot -F) and is stopped at the end of the test. The
package is installed by .ci/run and the Dockerfile; without it the tests fail
rather than pass vacuously.
"""

import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "bounces", "bounce-secret"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = portal-test-{port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
first_valid_uid = 1
default_internal_user = {internal}
default_login_user = {login}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ImapServer:
    def __init__(self):
        if not os.path.exists(DOVECOT):
            raise RuntimeError("dovecot is not installed: apt-get install -y dovecot-imapd")
        # Not pytest's tmp_path: dovecot's own users must be able to enter it.
        self.root = Path(tempfile.mkdtemp(prefix="portal-imap-"))
        self.root.chmod(0o755)
        self.port = _free_port()
        if os.getuid() == 0:
            # Dovecot refuses to deliver as root: the mail belongs to its own user.
            owner = pwd.getpwnam("dovecot")
            uid, gid, internal, login = owner.pw_uid, owner.pw_gid, "dovecot", "dovenull"
        else:
            uid, gid = os.getuid(), os.getgid()
            internal = login = pwd.getpwuid(uid).pw_name
        for folder in ("mail", "home"):
            (self.root / folder).mkdir()
            os.chown(self.root / folder, uid, gid)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        (self.root / "passwd").chmod(0o644)
        config = CONFIG.format(
            root=self.root, port=self.port, uid=uid, gid=gid, internal=internal, login=login
        )
        (self.root / "dovecot.conf").write_text(config)
        self.process = None

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def start(self) -> "ImapServer":
        self.process = subprocess.Popen(  # noqa: S603 -- our own fixed command line
            [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not start:\n{self.log()}")

    def log(self) -> str:
        try:
            return (self.root / "dovecot.log").read_text()
        except FileNotFoundError:
            return ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)

    def client(self) -> imaplib.IMAP4:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        connection.login(USER, PASSWORD)
        return connection

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        connection = self.client()
        try:
            status, data = connection.append(folder, None, None, raw)
            assert status == "OK", data
        finally:
            connection.logout()

    def count(self, folder: str) -> int:
        connection = self.client()
        try:
            status, data = connection.select(folder, readonly=True)
            return int(data[0]) if status == "OK" else 0
        finally:
            connection.logout()
