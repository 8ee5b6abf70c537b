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
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("HYOKA_VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_choice("DJANGO_ENV", ("development", "test", "production"), "development")
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if PRODUCTION:
    if len(SECRET_KEY) < 50:
        raise ConfigurationError("DJANGO_SECRET_KEY: required in production, at least 50 characters")
    if not env_list("DJANGO_ALLOWED_HOSTS"):
        raise ConfigurationError("DJANGO_ALLOWED_HOSTS: required in production (comma-separated host names)")
elif not SECRET_KEY:
    SECRET_KEY = "development-only-insecure-key-never-used-in-production-0123456789"

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ConfigurationError("DJANGO_DEBUG: must be off in production")

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
        "DIRS": [BASE_DIR / "templates"],
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
OTP_TOTP_ISSUER = "Hyōka"
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
# Not even administrators see a user's TOTP secret or QR code in the admin site.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Failed logins are throttled with a cool-off, never a permanent lock.
AXES_FAILURE_LIMIT = env_int("HYOKA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("HYOKA_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_VERBOSE = False

# --- Internationalisation: Japanese first, English second ------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
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
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - 30)
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
    "assessments-close-expired-comment-periods": {
        "task": "compliance.assessments.close_expired_comment_periods",
        "schedule": crontab(hour=0, minute=15),
    },
    "assessments-send-reminders": {
        "task": "compliance.assessments.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}

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
}

# --- E-mail ---------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "hyoka@localhost")

# --- API --------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hyōka API",
    "DESCRIPTION": "Published protection assessments, findings, organisations and the legal catalog.",
    "VERSION": "1",
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
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_my_number": {"()": "compliance.lib.mynumber.RedactMyNumberFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_my_number"]}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every layout step of every page at INFO: one line per page per render.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

HYOKA_SITE_NAME = _("Hyōka 特定個人情報保護評価ワークベンチ")
HYOKA_FIXTURES_DIR = BASE_DIR / "fixtures"
