"""Settings for SocialU, driven entirely by environment variables.

Every value a deployment may need to change is read from the environment here,
and only here. See ``docs/deployment.md`` for the full list.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP  # type: ignore[import-not-found,unused-ignore]


def env_bool(name: str, default: bool) -> bool:
    """Return the environment variable *name* read as a boolean."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Return the comma-separated environment variable *name* as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("SOCIALU_DATA_DIR", Path.cwd() / "var")).resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as _error:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"SOCIALU_DATA_DIR: the data directory {DATA_DIR} cannot be created ({_error.strerror}); "
        "point SOCIALU_DATA_DIR at a folder the SocialU user may write to."
    ) from None

DEBUG = env_bool("DEBUG", False)
# A key for local development only; production refuses to start without its own.
_DEVELOPMENT_KEY = "socialu-development-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("SOCIALU_ALLOW_DEVELOPMENT_KEY", False):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Set SECRET_KEY to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), "
            "or set DEBUG=true for local development."
        )
    SECRET_KEY = _DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # django-ninja: its Swagger UI template and static files for /api/v1/docs (no CDN).
    "ninja",
    # Our core app comes before allauth so that its templates override allauth's layout.
    "socialu.core",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "socialu.accounts",
    "socialu.people",
    "socialu.curriculum",
    "socialu.learning",
    "socialu.preflight",
    "socialu.governance",
    "socialu.readiness",
    "socialu.certification",
    "socialu.practice",
    "socialu.sessions",
    "socialu.coaching",
    "socialu.mentoring",
    "socialu.community",
    "socialu.escalation",
    "socialu.strategy",
    "socialu.dashboard",
    "socialu.operations",
    "socialu.skills",
    "socialu.scim",
    "socialu.webhooks",
    "socialu.demo",
]

MIDDLEWARE = [
    # First: decide who the client is and whether forwarding headers are believed.
    "socialu.core.proxies.TrustedProxyMiddleware",
    "socialu.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "socialu.core.middleware.CleanSubmittedTextMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body: refuses an oversized request on its Content-Length alone.
    "socialu.core.middleware.RequestSizeLimitMiddleware",
    "socialu.core.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "socialu.config.urls"
WSGI_APPLICATION = "socialu.config.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "socialu.core.context_processors.organisation",
            ],
        },
    }
]

# Database: SQLite in the data directory unless DATABASE_URL says otherwise.
SQLITE_PATH = DATA_DIR / "socialu.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
SQLITE_OPTIONS: dict[str, Any] = {
    # IMMEDIATE takes the write lock at BEGIN, so read-then-write transactions
    # wait for each other instead of failing with "database is locked".
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA busy_timeout=20000;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA temp_store=MEMORY;"
        "PRAGMA cache_size=-65536;"
    ),
}
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(SQLITE_PATH),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caching: Redis when REDIS_URL is set, otherwise a file cache shared by all
# server processes on the machine (login throttling needs a shared cache).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("SOCIALU_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        # Roster imports have a queue (and a worker) of their own: see docs/roster-import.md.
        "QUEUES": ["default", "imports"],
    }
}
# Limits on one roster import (dry runs included) run by the imports worker: wall-clock
# seconds, and the memory (address space) of the imports worker process. 0 turns a limit off.
SOCIALU_IMPORT_TIME_LIMIT_SECONDS = int(os.environ.get("SOCIALU_IMPORT_TIME_LIMIT_SECONDS", "3600"))
SOCIALU_IMPORT_MEMORY_LIMIT_MB = int(os.environ.get("SOCIALU_IMPORT_MEMORY_LIMIT_MB", "3072"))

# Accounts: email login through django-allauth; people join by invitation.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_ADAPTER = "socialu.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# Accounts are made by invitation (the link proves the address), so signing in
# does not ask for a confirmed address. Changing it does: a new address stays
# pending until its owner opens the link sent to it, and only then replaces the
# old one (see socialu.accounts.views.AccountEmailView).
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"add_email": "socialu.accounts.forms.AddEmailForm"}
# Where single sign-on manages people's identities, set SOCIALU_EMAIL_CHANGE=false:
# the address can then be changed only by the identity provider.
SOCIALU_EMAIL_CHANGE = env_bool("SOCIALU_EMAIL_CHANGE", True)

# Integrations' secrets (webhook signing secrets) are encrypted at rest with this key. Set it to a long
# random string of its own; without it the SECRET_KEY is used, and changing that then breaks the secrets.
SOCIALU_SECRETS_KEY = os.environ.get("SOCIALU_SECRETS_KEY", "") or SECRET_KEY
# Webhooks are refused for private, loopback and link-local addresses unless this is true.
SOCIALU_WEBHOOKS_ALLOW_PRIVATE = env_bool("SOCIALU_WEBHOOKS_ALLOW_PRIVATE", False)
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # Password guessing is stopped per account: five failed sign-ins for one
    # email address in five minutes. A whole company may sign in from one NAT
    # address (through a trusted proxy the address is the real client's), so
    # the per-address limits are far higher: they only stop one machine from
    # trying passwords across many accounts.
    "login_failed": "5/5m/key,300/5m/ip",
    "login": "1200/m/ip",
    "reset_password": "100/m/ip,5/m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "SocialU <socialu@localhost>")
SITE_URL = os.environ.get("SOCIALU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security. HTTPS is assumed in production; SOCIALU_HTTPS=false is for a
# machine-local demo served over plain HTTP on 127.0.0.1.
HTTPS = env_bool("SOCIALU_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# SECURE_PROXY_SSL_HEADER is set in the "Reverse proxies" block below.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("SOCIALU_SESSION_SECONDS", str(12 * 60 * 60)))
# Production sends through SMTP; a local demo prints messages to the terminal.
_EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if HTTPS else "django.core.mail.backends.console.EmailBackend",
)
_EMAIL_OPTIONS: dict[str, Any] = {}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    _EMAIL_OPTIONS = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND, "OPTIONS": _EMAIL_OPTIONS}}
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Uploads: roster files can be large; anything above this is refused with a
# message that says the limit.
SOCIALU_MAX_UPLOAD_BYTES = int(os.environ.get("SOCIALU_MAX_UPLOAD_MB", "200")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Bigger uploads are spooled here, in the data directory rather than the system's /tmp, so that
# what a killed request leaves behind is found and deleted (the people.upload_cleanup job).
FILE_UPLOAD_TEMP_DIR = str(DATA_DIR / "upload-tmp")
with contextlib.suppress(OSError):  # a read-only data directory is reported by the checks that write to it
    Path(FILE_UPLOAD_TEMP_DIR).mkdir(mode=0o700, exist_ok=True)
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Spooled uploads older than this are left over from killed requests.
UPLOAD_TEMP_MAX_AGE_HOURS = 6
UPLOAD_DIR = DATA_DIR / "uploads"
# The most a request may declare in Content-Length, checked before its body is
# read (socialu.core.middleware.RequestSizeLimitMiddleware). The first path
# pattern that matches decides; a little room is left for the form around a file.
_FORM_ROOM = 1024 * 1024
SOCIALU_REQUEST_LIMITS: dict[str, Any] = {
    "paths": [
        (r"^/o/[^/]+/people/import/$", SOCIALU_MAX_UPLOAD_BYTES + _FORM_ROOM),
        (r"^/api/v1/orgs/[^/]+/roster-imports$", SOCIALU_MAX_UPLOAD_BYTES + _FORM_ROOM),
        (r"^/o/[^/]+/accounts/import/$", 2 * 1024 * 1024 + _FORM_ROOM),
        (r"^/api/v1/orgs/[^/]+/social-accounts/import$", 2 * 1024 * 1024 + _FORM_ROOM),
        # Signing in, password resets, address changes, accepting an invitation.
        (r"^/(accounts|account|invitations)/", 64 * 1024),
    ],
    # Every other form and API call of someone signed in (or presenting a token).
    "signed_in": DATA_UPLOAD_MAX_MEMORY_SIZE + _FORM_ROOM,
    # Anyone else, whatever the path: a respondent's answers, a sign-in.
    "anonymous": 256 * 1024,
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("SOCIALU_STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("SOCIALU_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not env_bool("SOCIALU_MANIFEST_STATIC", True)

# Logs go to standard error, one JSON object per line (SOCIALU_LOG_FORMAT=text
# for plain lines); the socialu.requests logger writes one line per request
# (SOCIALU_REQUEST_LOG=false turns it off).
LOG_FORMAT = os.environ.get("SOCIALU_LOG_FORMAT", "json").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "socialu.core.requestlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "text" if LOG_FORMAT == "text" else "json"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "socialu.requests": {
            "handlers": ["console"],
            "level": "INFO" if env_bool("SOCIALU_REQUEST_LOG", True) else "WARNING",
            "propagate": False,
        },
    },
}

# --- Reverse proxies -------------------------------------------------------
# The proxies in front of SocialU, as addresses or networks. From them alone
# X-Forwarded-For names the client (rate limits, logs, the audit log) and
# X-Forwarded-Proto says whether the request came over HTTPS; from anyone
# else those headers are dropped (socialu.core.proxies).
# SOCIALU_BEHIND_PROXY=true, the old switch, still means "a proxy on this machine".
TRUSTED_PROXIES = env_list("SOCIALU_TRUSTED_PROXIES", "")
if not TRUSTED_PROXIES and env_bool("SOCIALU_BEHIND_PROXY", False):
    TRUSTED_PROXIES = ["127.0.0.1", "::1"]
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"SOCIALU_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network; "
            "write the proxies' addresses separated by commas, like 127.0.0.1,10.0.0.0/8."
        ) from None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None

# --- Two-step sign-in (django-allauth's mfa) --------------------------------
# An authenticator app (TOTP), a security key or passkey (WebAuthn), and
# recovery codes. An organisation can require it of its programme admins
# (Operations page); anyone may turn it on for themselves.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("SOCIALU_MFA_ISSUER", "SocialU")
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers allow WebAuthn on https:// and on localhost only; a plain-HTTP demo gets TOTP.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not HTTPS

# --- Health checks -----------------------------------------------------------
# /healthz answers while the process is up; /readyz also needs the database and
# a worker heartbeat no older than this (set SOCIALU_READYZ_REQUIRES_WORKER=false
# when no worker runs on purpose). Both answer over plain HTTP too, so a load
# balancer can ask before TLS.
READYZ_REQUIRES_WORKER = env_bool("SOCIALU_READYZ_REQUIRES_WORKER", True)
WORKER_HEARTBEAT_GRACE_SECONDS = int(os.environ.get("SOCIALU_WORKER_HEARTBEAT_GRACE_SECONDS", "120"))
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
