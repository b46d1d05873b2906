"""Production settings for the Observatory's local scan, plus where to find
things on this machine. Nothing here weakens security; SECURE_SSL_HOST only
says on which local port the HTTPS twin of the plain-HTTP server listens."""

import os

from portal.settings import *  # noqa: F403

SECURE_SSL_HOST = os.environ["GATE_SSL_HOST"]
STATIC_ROOT = os.environ["GATE_STATIC_ROOT"]
