"""Hyōka settings: read from the environment only (see the README's configuration table).

The embedded default needs nothing running: SQLite in ``var/``, Celery tasks run
eagerly in-process, e-mail goes to the console. ``DATABASE_URL`` switches to
PostgreSQL, ``REDIS_URL`` to real Celery workers, ``DJANGO_ENV=production`` to the
hardened configuration that ``check --deploy`` accepts.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from compliance.lib.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_secret,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
# Templates, static files, locale and fixtures: the repository's folders when running from a
# checkout (make run, make test); the copy a built wheel carries otherwise (setup.py).
RESOURCES_DIR = (
    BASE_DIR if (BASE_DIR / "templates").is_dir() else Path(__file__).resolve().parent / "_resources"
)
VAR_DIR = Path(env_str("HYOKA_VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_choice("DJANGO_ENV", ("development", "test", "production"), "development")
PRODUCTION = DJANGO_ENV == "production"

# The development keys are public (they are in this file): production refuses them, and
# any key too short or too repetitive to be secret (Django's own rule, security.W009).
SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY",
    development_default="development-only-insecure-key-never-used-in-production-0123456789",
    production=PRODUCTION,
    min_length=50,
)
if PRODUCTION and not env_list("DJANGO_ALLOWED_HOSTS"):
    raise ConfigurationError("DJANGO_ALLOWED_HOSTS: required in production (comma-separated host names)")

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigurationError("DJANGO_DEBUG: must be off in production")

# The audit log's hashes and checkpoints are keyed with this (HMAC-SHA256), and the key
# never enters the database: someone who can write to the database cannot recompute a
# hash or sign a checkpoint. Losing it means old events can no longer be verified.
HYOKA_AUDIT_KEY = env_secret(
    "HYOKA_AUDIT_KEY",
    development_default="development-only-insecure-audit-key-never-used-in-production",
    production=PRODUCTION,
    min_length=32,
)
# Signed checkpoints of the chain head (manage.py audit_checkpoint), one JSON line each:
# outside the database, so that truncating or rewriting the log there is detected.
HYOKA_AUDIT_CHECKPOINTS = Path(env_str("HYOKA_AUDIT_CHECKPOINTS", str(VAR_DIR / "audit-checkpoints.jsonl")))

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",  # API write side: officers' systems (compliance/public/api/permissions.py)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # the API's documentation page, served from static files (no CDN)
    "django_filters",
    "django_htmx",
    "csp",
    "compliance.accounts",
    "compliance.audit",
    "compliance.law",
    "compliance.registry",
    "compliance.checks",
    "compliance.assessments",
    "compliance.public",
    "compliance.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "compliance.accounts.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # One gate for the second factor, from the access table (compliance/accounts/second_factor.py).
    "compliance.accounts.second_factor.SecondFactorGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "compliance.urls"
WSGI_APPLICATION = "compliance.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [RESOURCES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "compliance.accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if not DATABASES["default"].get("NAME"):
        raise ConfigurationError("DATABASE_URL: no database name (postgresql://USER@HOST:PORT/NAME)")
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "hyoka.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "public:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password reset by e-mail (compliance/accounts/password_reset.py): the link works once and
# for this long; the requests are counted per client address and per e-mail address.
PASSWORD_RESET_TIMEOUT = env_int("HYOKA_PASSWORD_RESET_MINUTES", 60, minimum=5) * 60
OTP_TOTP_ISSUER = "Hyōka"
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
# Not even administrators see a user's TOTP secret or QR code in the admin site.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Failed logins are throttled with a cool-off, never a permanent lock.
AXES_FAILURE_LIMIT = env_int("HYOKA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("HYOKA_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
# Each entry is counted on its own against the one limit and any of them locks: failures
# of the account from every address together ("username"), so guesses spread over many
# addresses lock the account too, and of the account from one address (which axes' own
# security check asks for; the account count reaches the limit first).
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False
# A login name that holds a My Number is stored redacted (with a keyed tag, so the
# lockout still counts per name), and the request details axes copies are redacted.
AXES_USERNAME_CALLABLE = "compliance.accounts.login_attempts.attempted_username"
AXES_HANDLER = "compliance.accounts.login_attempts.RedactingDatabaseHandler"
# The two-factor wizard names its fields auth-username / auth-password: neither is
# copied into axes_accessattempt.post_data.
AXES_SENSITIVE_PARAMETERS = ["username", "auth-username", "password", "auth-password", "ip_address"]

# --- Internationalisation: Japanese first, English second ------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [RESOURCES_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [RESOURCES_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Outside production whitenoise serves straight from the finders; an (empty)
    # STATIC_ROOT keeps it from warning on every request cycle. Production runs
    # `collectstatic` into it at deploy time.
    STATIC_ROOT.mkdir(exist_ok=True)

# --- Background work ------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Embedded default: no broker, tasks run in-process (eager) so a fresh machine works.
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
# A killed worker must not lose a job: acknowledge after the task ran, requeue on loss.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("HYOKA_TASK_TIME_LIMIT", 300, minimum=1)
# The soft limit leaves the task up to 30 s (a tenth of a short limit) to record its failure.
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - min(30, max(1, CELERY_TASK_TIME_LIMIT // 10)))
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("HYOKA_WORKER_MAX_MEMORY_KB", 1_000_000, minimum=10_000)
# One process by default: only a single render is a tagged PDF/UA-1 with each font subset
# embedded once (docs/decisions.md, "Documents"); more processes render faster, untagged.
HYOKA_PDF_PROCESSES = env_int("HYOKA_PDF_PROCESSES", 1, minimum=1)
# A message taken by a worker that then vanished (killed, machine lost) is handed
# out again after this many seconds; it must exceed the longest task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("HYOKA_BROKER_VISIBILITY_TIMEOUT", 3600, minimum=1)
}
# Periodic jobs (celery beat). Each task is thin and safe to run eagerly or twice.
CELERY_BEAT_SCHEDULE = {
    # Verifies the whole chain, then appends a signed checkpoint of its head: what an
    # attacker removes or rewrites after this hour's checkpoint is detected.
    "audit-checkpoint": {
        "task": "compliance.audit.checkpoint",
        "schedule": crontab(minute=5),
    },
    "assessments-close-expired-comment-periods": {
        "task": "compliance.assessments.close_expired_comment_periods",
        "schedule": crontab(hour=0, minute=15),
    },
    "assessments-send-reminders": {
        "task": "compliance.assessments.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # A render whose worker was killed would otherwise stay 作成中 until the broker's
    # visibility timeout; a minute after the time limit at most, it is marked failed.
    "documents-fail-dead-renders": {
        "task": "compliance.documents.fail_dead_renders",
        "schedule": 60.0,
    },
}

# --- Declarations ---------------------------------------------------------------
# One size limit for a pia-declaration/1 document sent over the network: the upload that
# is previewed (and applied from what the server kept of it) and the API's JSON body.
HYOKA_DECLARATION_MAX_BYTES = env_int("HYOKA_DECLARATION_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# --- Caches ---------------------------------------------------------------------
# "public" holds whole pages of the anonymous portal (compliance.public.cache), keyed by
# the publication revision, so a publication, withdrawal or rename shows at once. The
# embedded default keeps them in each process's memory (still correct with several
# processes: the revision is read from the database); HYOKA_CACHE_URL (redis://…/N, use a
# database number other than the broker's) shares them between processes.
HYOKA_CACHE_URL = env_url("HYOKA_CACHE_URL", ("redis", "rediss"))
HYOKA_PUBLIC_CACHE_SECONDS = env_int("HYOKA_PUBLIC_CACHE_SECONDS", 300, minimum=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hyoka-default"},
    "public": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": HYOKA_CACHE_URL}
        if HYOKA_CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hyoka-public",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    )
    | {"TIMEOUT": HYOKA_PUBLIC_CACHE_SECONDS, "KEY_PREFIX": "hyoka-public"},
    # "throttle" counts requests per client for the request throttles
    # (compliance.accounts.throttling); shared between processes with HYOKA_CACHE_URL.
    "throttle": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": HYOKA_CACHE_URL}
        if HYOKA_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hyoka-throttle"}
    )
    | {"KEY_PREFIX": "hyoka-throttle"},
}

# --- E-mail ---------------------------------------------------------------------
# --- Public interfaces ------------------------------------------------------------
# The portal's canonical origin (https://hyoka.example.jp): the API's `servers`, and the
# absolute links of the open-data files, which are read outside any request. Unset, the
# links are built from the request (pages, feeds, API) or are relative (management commands).
HYOKA_PUBLIC_ORIGIN = (env_url("HYOKA_PUBLIC_ORIGIN", ("http", "https")) or "").rstrip("/")
# The authority of the Atom feeds' tag: URIs (RFC 4151): a domain the operator owns. Entry
# and feed ids must never change, so they do not follow the host a visitor happened to use.
HYOKA_TAG_AUTHORITY = env_str("HYOKA_TAG_AUTHORITY", "hyoka.example")
# Open data, feeds and the API are offered under the Japanese government's standard terms
# for public data (docs/decisions.md explains the choice).
HYOKA_OPEN_DATA_LICENSE = {
    "name": "公共データ利用規約（第1.0版）(PDL1.0)",
    "url": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
}

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "hyoka@localhost")

# --- API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Requests per client: anonymous callers by address, signed-in ones by account; document
    # renders (documents:request) have their own rate. Over the rate: 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "compliance.accounts.throttling.AnonymousRateThrottle",
        "compliance.accounts.throttling.AccountRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_rate("HYOKA_API_ANON_RATE", "120/min"),
        "user": env_rate("HYOKA_API_USER_RATE", "600/min"),
        "documents": env_rate("HYOKA_DOCUMENT_REQUEST_RATE", "30/hour"),
        "password_reset": env_rate("HYOKA_PASSWORD_RESET_RATE", "5/hour"),
    },
    # The client address is the one the last HYOKA_PROXY_COUNT proxies report in
    # X-Forwarded-For (0: the connection's own address), so a caller cannot pick its own.
    "NUM_PROXIES": env_int("HYOKA_PROXY_COUNT", 0, minimum=0),
    # Every API error is a JSON problem list (compliance/public/api/errors.py), 429 included.
    "EXCEPTION_HANDLER": "compliance.public.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hyōka API",
    "DESCRIPTION": "Published protection assessments, findings, organisations and the legal catalog.",
    "VERSION": "1",
    # 3.1: its schemas are JSON Schema 2020-12, the dialect of the pia-declaration/1 schema.
    "OAS_VERSION": "3.1.0",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "compliance.public.api.schema.postprocess",
    ],
}

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Logging: no My Number ever reaches a log (see compliance.lib.mynumber) -------
# Every handler carries the redacting filter, and Django's own loggers are routed to
# these handlers: left alone, "django" keeps the handlers of Django's default
# configuration (which print "Not Found: <path>" unfiltered) and "django.server"
# (runserver's access log) its own unfiltered handler. gunicorn's loggers get the
# filter from gunicorn.conf.py, Celery's from compliance/celery.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_my_number": {"()": "compliance.lib.mynumber.RedactMyNumberFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_my_number"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_my_number"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step of every page at INFO: one line per page per render.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

HYOKA_SITE_NAME = _("Hyōka 特定個人情報保護評価ワークベンチ")
HYOKA_FIXTURES_DIR = RESOURCES_DIR / "fixtures"
#: The Act's official texts the catalog is derived from and verified against (not part of the repo).
HYOKA_LAW_TEXTS_DIR = Path(env_str("HYOKA_LAW_TEXTS_DIR", str(BASE_DIR.parent / "shared" / "law")))
