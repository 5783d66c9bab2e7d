"""Django settings for yekuo. Every value comes from the environment (see .env.example)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from yekuo.config import environment

# Lets Django's generic classes be subscripted at run time (ModelAdmin[Event]) as the type checker wants.
django_stubs_ext.monkeypatch()

PACKAGE_DIRECTORY = Path(__file__).resolve().parent.parent
DATA_DIRECTORY = environment.data_directory()

SECRET_KEY = environment.secret_key(DATA_DIRECTORY)
# Debug pages leak internals: only the demo turns them on.
DEBUG = environment.read_flag("YEKUO_DEMO") and environment.read_flag("YEKUO_DEBUG", default=True)
ALLOWED_HOSTS = environment.read_list("YEKUO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = environment.read_list("YEKUO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "treebeard",
    "yekuo.core",
    "yekuo.accounts",
    "yekuo.events",
    "yekuo.notifications",
    "yekuo.org",
    "yekuo.calendar",
    "yekuo.customers",
    "yekuo.applications",
    "yekuo.workflow",
    "yekuo.analytics",
    "yekuo.web",
    "yekuo.portal",
    "yekuo.workbench",
    "yekuo.monitoring",
    "yekuo.api",
    "yekuo.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "yekuo.web.middleware.RoleAssignmentsPerRequestMiddleware",
    "yekuo.web.middleware.UserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yekuo.config.urls"
WSGI_APPLICATION = "yekuo.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yekuo.web.context_processors.navigation",
                "yekuo.monitoring.context_processors.dashboard_navigation",
            ],
        },
    },
    {
        # Long lists' rows only (web.templatetags.yekuo_web.partial), from each app's jinja2/ folder.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "partials",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "yekuo.web.partials.environment"},
    },
]

_database = environment.database(DATA_DIRECTORY)
DATABASES = {"default": _database.config}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/address pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:landing"

# Log-in throttling (django-axes): 5 failures for one account from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = environment.read_int("YEKUO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=environment.read_int("YEKUO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = environment.read_int("YEKUO_PROXY_COUNT", 0)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIRECTORY / "locale"]
LANGUAGE_COOKIE_NAME = "yekuo_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIRECTORY / "static"
MEDIA_ROOT = DATA_DIRECTORY / "uploads"  # no MEDIA_URL: uploads are streamed only after an access check
# Customers' documents and evidence: PDF, JPEG or PNG, checked by content, at most this many bytes.
YEKUO_UPLOAD_MAXIMUM_BYTES = environment.read_int("YEKUO_UPLOAD_MAXIMUM_BYTES", 10 * 1024 * 1024)
# The columnar copy of the event log and the imported logs (yekuo.analytics), a DuckDB file.
ANALYTICS_DATABASE = DATA_DIRECTORY / "analytics.duckdb"
# DuckDB's memory ceiling per connection; past it, sorts and aggregates spill to a folder beside the file.
ANALYTICS_MEMORY_LIMIT = environment.read_text("YEKUO_ANALYTICS_MEMORY_LIMIT", "1GB")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Security headers. HTTPS-only settings switch on with YEKUO_HTTPS=1 (behind a TLS-terminating proxy).
HTTPS = environment.read_flag("YEKUO_HTTPS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: every script, style and font is vendored and served from our own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": environment.read_text("YEKUO_LOG_LEVEL", "INFO")},
}
