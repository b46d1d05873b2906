"""Settings for the NGO–UNESCO partnership portal.

One module for every environment: production differs from development only
through environment variables (see README, "Configuration"). With nothing
set, the portal runs on SQLite, a local-memory cache, eager Celery tasks and
the console email backend, so that `make demo` works on any machine.
"""

import sys
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from foundation.countries import OVERRIDE as UN_COUNTRY_NAMES
from foundation.email_config import mailer_from_url, smtp_mailer
from foundation.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Management commands that neither serve requests nor sign anything may run
# without a secret (building migrations or translations on a fresh clone);
# `check --deploy` then reports the placeholder key as insecure.
OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "check"}
offline_command = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] in (
    [command] for command in OFFLINE_COMMANDS
)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or offline_command):
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-key-never-used-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many proxies in front of the portal append to X-Forwarded-For (and may
# be trusted for X-Forwarded-Proto). 0: the peer's own address is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
# Links in emails, the newsletter and the hreflang alternates start with
# SITE_URL: in production a plain-HTTP address would send people (and their
# sign-in links) over an unencrypted connection. Offline commands are spared,
# as for SECRET_KEY.
if not (DEBUG or offline_command) and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "SITE_URL must be an https:// URL when DEBUG is off "
        f"(got {SITE_URL!r}); set it to the portal's public address, e.g. "
        "SITE_URL=https://ngo-partnership.unesco.org"
    )

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "portal.admin_config.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "auditlog",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "portal",
    "foundation.web",
    "foundation.accounts",
    "foundation.mail",
    "partners",
    "forums",
    "dialogue",
    "newsletter",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # CORS, conditional GETs and JSON errors under API_PATH_PREFIX only.
    "foundation.api_http.ApiHttpMiddleware",
    "foundation.request_limits.RequestSizeLimitMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "foundation.accounts.middleware.SecondFactorMiddleware",
    "foundation.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "foundation.accounts.middleware.ClientAddressAuditlogMiddleware",
    "foundation.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.language_alternates",
            ],
            # foundation's display filters everywhere; its ``date`` replaces
            # Django's to write the French "1er" (see portal/formats).
            "builtins": ["foundation.web.templatetags.display"],
        },
    },
]

# One field template and error summary for every form (foundation/web).
FORM_RENDERER = "foundation.web.renderers.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The shared cache of public pages (foundation/public_cache.py). RELEASE (an
# image tag or commit) is part of every page key, so that a deploy never
# serves pages rendered by the previous code's templates.
PUBLIC_CACHE_RELEASE = env_str("RELEASE", "")
PUBLIC_CACHE_TIMEOUT = env_int("PUBLIC_CACHE_TIMEOUT", 600)
PUBLIC_CACHE_PROXY_MAX_AGE = env_int("PUBLIC_CACHE_PROXY_MAX_AGE", 30)

# Sessions live in the database so that the web tier stays stateless.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "foundation.accounts.backends.SecretariatPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# django-allauth: email login, mandatory verification, no account enumeration.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# The subject tag and the sender's name are in each recipient's language:
# foundation.mail.outbox.subject_prefix and sender (allauth's emails too, through
# the account adapter). DEFAULT_FROM_EMAIL gives the address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
ACCOUNT_ADAPTER = "foundation.accounts.adapter.AccountAdapter"
# Public sign-up is for Member State delegates: it asks their country and body.
ACCOUNT_SIGNUP_FORM_CLASS = "foundation.accounts.forms.DelegateSignupForm"
# Changing a password, an address, a role or a permission (and the portal's
# sensitive actions: foundation.accounts.decorators.fresh_authentication_required)
# asks for a sign-in (password or TOTP code) within this many seconds.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("REAUTHENTICATION_TIMEOUT", 15 * 60)
# allauth's own per-IP limits read the same client address as the portal's.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_TOTP_ISSUER = "UNESCO NGO Portal"

LANGUAGE_CODE = "en"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
# Day-first dates and 24-hour times in every language.
FORMAT_MODULE_PATH = ["portal.formats"]
USE_I18N = True
USE_TZ = True

# The translated model fields follow the interface languages: adding one to
# LANGUAGES (and running makemigrations) adds its columns everywhere.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# A missing translation falls back to the default language, then to the
# others in the order of LANGUAGES (English, French, Spanish).
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": (LANGUAGE_CODE, *(c for c in MODELTRANSLATION_LANGUAGES if c != LANGUAGE_CODE))
}

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Private uploads (working-group drafts, request attachments, event outcome
# documents) are never under MEDIA_URL: a view checks permission and streams them.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The open-data dump (portal/open_data, docs/open-data.md): a public file,
# under MEDIA_ROOT so that the front server can serve it as it serves media;
# the portal serves it too at /open-data/ngo-unesco-open-data.zip.
OPEN_DATA_ROOT = Path(env_str("OPEN_DATA_ROOT", str(MEDIA_ROOT / "open-data")))
# Public changes queue a rebuild (at most one an hour); off in the tests.
OPEN_DATA_AUTO_REBUILD = env_bool("OPEN_DATA_AUTO_REBUILD", True)
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# A request body above the largest upload is refused before it is read
# (foundation.request_limits); form fields other than files stay small.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    _default_mailer = mailer_from_url(EMAIL_URL, timeout=env_int("EMAIL_TIMEOUT", 30))
elif env_str("EMAIL_HOST"):
    _default_mailer = smtp_mailer(
        host=env_str("EMAIL_HOST"),
        port=env_int("EMAIL_PORT", 25),
        username=env_str("EMAIL_HOST_USER"),
        password=env_str("EMAIL_HOST_PASSWORD"),
        use_tls=env_bool("EMAIL_USE_TLS", False),
        use_ssl=env_bool("EMAIL_USE_SSL", False),
        timeout=env_int("EMAIL_TIMEOUT", 30),
    )
elif DEBUG:
    _default_mailer = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
else:
    # In production with nothing configured, hand mail to a local MTA.
    _default_mailer = smtp_mailer(host="localhost", port=25)
MAILERS = {"default": _default_mailer}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "UNESCO NGO partnership <ngo@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address the contact, privacy and accessibility pages give (requests about
# personal data, accessibility problems): by default DEFAULT_FROM_EMAIL's.
CONTACT_EMAIL = (
    env_str("CONTACT_EMAIL", "") or parseaddr(DEFAULT_FROM_EMAIL)[1] or DEFAULT_FROM_EMAIL
)

# Celery: Redis when REDIS_URL is set; otherwise tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest retry countdown, so that an unacknowledged task is
# not redelivered while a retry of it is still waiting.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Transactional email left pending: a task lost with the broker, a retry due.
    "mail-sweep-outbox": {
        "task": "foundation.mail.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    # Bounces (foundation/mail/bounces.py); does nothing without BOUNCE_MAILBOX_URL.
    "mail-process-bounces": {
        "task": "foundation.mail.tasks.process_bounces",
        "schedule": 300.0,
    },
    "newsletter-build-monthly": {
        "task": "newsletter.tasks.build_previous_month",
        "schedule": crontab(minute=0, hour=6, day_of_month=1),
    },
    "partners-review-reminders": {
        "task": "partners.tasks.send_review_reminders",
        "schedule": crontab(minute=30, hour=7),
    },
    "partners-report-reminders": {
        "task": "partners.tasks.send_report_reminders",
        "schedule": crontab(minute=45, hour=7),
    },
    "partners-open-review-cases": {
        "task": "partners.tasks.open_review_cases",
        "schedule": crontab(minute=15, hour=7),
    },
    # Import files uploaded but never confirmed (partners/imports/services.py).
    "partners-delete-stale-import-uploads": {
        "task": "partners.tasks.delete_stale_import_uploads",
        "schedule": crontab(minute=5, hour="*"),
    },
    "dialogue-stale-request-reminders": {
        "task": "dialogue.tasks.remind_stale_requests",
        "schedule": crontab(minute=0, hour=8),
    },
    # Issue 19: a place offered from a waiting list and not confirmed in time.
    "forums-expire-offers": {
        "task": "forums.tasks.expire_offers",
        "schedule": crontab(minute="*/15"),
    },
    # Public changes rebuild the open-data dump within the hour; this is the
    # safety net should a queued rebuild be lost with its broker.
    "portal-rebuild-open-data": {
        "task": "portal.tasks.rebuild_open_data",
        "schedule": crontab(minute=40, hour=3),
    },
}
NEWSLETTER_AUTO_SEND = env_bool("NEWSLETTER_AUTO_SEND", False)
# Bounces: imaps://user:password@host:993/INBOX (imap:// on 127.0.0.1 only);
# empty: bounces are not read. BOUNCE_DOMAIN: the domain of the per-delivery
# return paths bounces+<token>@BOUNCE_DOMAIN (default: DEFAULT_FROM_EMAIL's).
BOUNCE_MAILBOX_URL = env_str("BOUNCE_MAILBOX_URL", "")
BOUNCE_DOMAIN = env_str("BOUNCE_DOMAIN", "")

# The numbers of the Directives on partnership with NGOs (36 C/Res.108):
# eligibility, the associate deadline, terms, the reporting cycle. Empty keeps
# the Directives' values (partners/lifecycle/rules.py, docs/partnership.md).
PARTNERSHIP_RULES: dict[str, int] = {}
# The name under which decision letters are signed; empty: "The Director-General".
PARTNERSHIP_LETTER_SIGNATORY = env_str("PARTNERSHIP_LETTER_SIGNATORY", "")

API_PATH_PREFIX = "/api/"
# Paths of the API being withdrawn: prefix -> (announced, sunset), ISO dates at
# least six months apart (docs/api.md, "Versioning and deprecation"). None yet.
API_DEPRECATIONS: dict[str, tuple[str, str]] = {}
# The page that announces a withdrawal, sent as `Link: <…>; rel="deprecation"`.
API_DEPRECATION_POLICY_URL = ""
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Page numbers where v1.0 had them, cursors on the lists added since
    # (foundation/api_pagination.py, docs/api.md).
    "DEFAULT_PAGINATION_CLASS": "foundation.api_pagination.PortalPageNumberPagination",
    "PAGE_SIZE": 25,
    # Every answer an operation can give, error bodies included (foundation/api_schema.py).
    "DEFAULT_SCHEMA_CLASS": "foundation.api_schema.PortalAutoSchema",
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["foundation.api_throttle.ClientRateThrottle"],
}
# Requests per client and window (seconds) for what is cheap to ask and dear
# to answer: whole-directory exports, calendar feeds, the sitemap, the API.
PUBLIC_RATE_LIMITS = {
    "export": (env_int("RATE_LIMIT_EXPORTS_PER_MINUTE", 20), 60),
    "calendar": (env_int("RATE_LIMIT_CALENDARS_PER_MINUTE", 60), 60),
    "sitemap": (env_int("RATE_LIMIT_SITEMAP_PER_MINUTE", 30), 60),
    "api": (env_int("RATE_LIMIT_API_PER_MINUTE", 120), 60),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UNESCO NGO partnership portal API",
    "DESCRIPTION": (
        "Read-only public data: partner NGOs, forums and conference sessions, working groups "
        "and their published documents, hearings, the newsletter archive and the statistics. "
        "Versioning, pagination, caching and deprecation: docs/api.md."
    ),
    "VERSION": "1.2.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a choice field named "kind": name each enum.
    "ENUM_NAME_OVERRIDES": {
        "PartnerKindEnum": "partners.models.Partner.Kind",
        "EventKindEnum": "forums.models.events.Event.Kind",
        "ProgrammeItemKindEnum": "forums.models.events.ProgrammeItem.Kind",
        "DocumentKindEnum": "forums.models.groups.Document.Kind",
        # The v1.0 names stay; the enums added with hearings and newsletters get their own.
        "StateEnum": "forums.models.events.Event.State",
        "StatusEnum": "partners.models.PartnershipStatus",
        "HearingStateEnum": "dialogue.models.State",
        "IssueStatusEnum": "newsletter.models.Issue.Status",
    },
}

COUNTRIES_FIRST_REPEAT = False
# Country names as the UN names them (UNTERM short names), in each language;
# the territories no one lives in are removed. Data and sources in
# foundation/countries.py; the lists forms offer are restricted there too.
COUNTRIES_OVERRIDE = UN_COUNTRY_NAMES

# Security. Everything below is on unless DEBUG is on, and passes
# `manage.py check --deploy` with no warning.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and container health checks probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if TRUSTED_PROXY_COUNT:
        # Only a trusted proxy may say the request came over HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Secure-sessionid"
    CSRF_COOKIE_NAME = "__Secure-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
