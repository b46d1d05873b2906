"""Test settings: the portal's settings with a throw-away secret and a fast hasher."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789abcdef")

from portal.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
