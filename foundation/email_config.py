"""Build Django's MAILERS setting from EMAIL_URL or the usual EMAIL_HOST… variables.

EMAIL_URL takes the forms smtp://user:password@host:port, smtp+tls://…,
smtp+ssl://…, console:// and locmem://.
"""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_BACKENDS = {
    "smtp": SMTP_BACKEND,
    "smtp+tls": SMTP_BACKEND,
    "smtp+ssl": SMTP_BACKEND,
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def smtp_mailer(*, host, port, username="", password="", use_tls=False, use_ssl=False, timeout=30):
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": host,
            "port": port,
            "username": username,
            "password": password,
            "use_tls": use_tls,
            "use_ssl": use_ssl,
            "timeout": timeout,
        },
    }


def mailer_from_url(url: str, *, timeout: int = 30) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in _BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL has an unsupported scheme: {parts.scheme!r}")
    if not parts.scheme.startswith("smtp"):
        return {"BACKEND": _BACKENDS[parts.scheme]}
    return smtp_mailer(
        host=parts.hostname or "localhost",
        port=parts.port or (465 if parts.scheme == "smtp+ssl" else 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=parts.scheme == "smtp+tls",
        use_ssl=parts.scheme == "smtp+ssl",
        timeout=timeout,
    )
