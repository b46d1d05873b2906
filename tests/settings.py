"""Test settings: the portal's settings with a throw-away secret and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789abcdef")

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Private uploads made by tests go to a throw-away directory, never the project's.
import tempfile  # noqa: E402

STORAGES["private"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="portal-test-private-")  # noqa: F405
