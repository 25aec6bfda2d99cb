"""TrackChild settings, read from environment variables (listed in docs/operations.md).

Nothing set means a demo-safe laptop setup: SQLite under ./var/. Production sets DATABASE_URL, SECRET_KEY,
ALLOWED_HOSTS and leaves DEBUG off. Malformed values stop the start-up with a clear message.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEMO_MODE = env_bool("TRACKCHILD_DEMO")
DEBUG = env_bool("DEBUG")
VAR_DIR = Path(env_str("TRACKCHILD_VAR_DIR", str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEMO_MODE or DEBUG or env_bool("TRACKCHILD_TESTING"):
        SECRET_KEY = "insecure-demo-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set (or TRACKCHILD_DEMO=1 for a local demo)")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEMO_MODE or DEBUG) else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    # ninja as an app serves its Swagger UI from its own static files instead of a CDN.
    "ninja",
    "trackchild.geo",
    "trackchild.accounts",
    "trackchild.registry",
    "trackchild.cases",
    "trackchild.care",
    "trackchild.audit",
    "trackchild.api",
    "trackchild.web",
    "trackchild.demo",
    "trackchild.exchange",
    "trackchild.notifications",
    "trackchild.reports",
    "trackchild.matching",
    "trackchild.faces",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trackchild.audit.middleware.RequestOriginMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trackchild.urls"
WSGI_APPLICATION = "trackchild.wsgi.application"
ASGI_APPLICATION = "trackchild.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    # The embedded default: a bare `trackchild migrate` on a fresh checkout must work without a manual mkdir.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "trackchild.sqlite3",
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Shared office computers: a session ends after SESSION_IDLE_MINUTES without a request, and with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not (DEMO_MODE or DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind nginx terminating HTTPS (docs/operations.md), Django sees plain HTTP; the proxy's
# X-Forwarded-Proto header says what the browser used. Only set this when a proxy always sets the header.
if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login lockout: after AXES_FAILURE_LIMIT failures for one username from one address, locked for the cool-off.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["trackchild.formats"]  # English dates day first, as in India
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"  # never served publicly: photos go through an authorised, audited view

PHOTO_MAX_BYTES = env_int("PHOTO_MAX_MB", 8) * 1024 * 1024
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 40) * 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = PHOTO_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "trackchild@localhost")
# With EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend: the mail server to send through.
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT_SECONDS", 20)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true: choose STARTTLS or SSL")
# Links in emails need the site's address; SMS goes out only when a gateway (dotted path to send(phone, text)) is set.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SMS_GATEWAY = env_str("SMS_GATEWAY")

API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)
PAGE_SIZE = env_int("PAGE_SIZE", 25)

# Data exchange (docs/exchange.md): spreadsheet uploads, API keys, rate limits.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 50)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 100_000)
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# How long a batch answered under an Idempotency-Key is kept for its retries (then deleted).
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24)
# The rate limit counts in Django's cache: local memory (one process) unless CACHE_URL names a shared Redis.
CACHE_URL = env_str("CACHE_URL")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// address or empty, not {CACHE_URL!r}")

# Matching (docs/matching.md, "Portal"): candidates at or above the floor are stored; without a running
# match_worker a save matches inline, within a time budget, while the database is small enough to index.
MATCHING_INLINE = env_bool("MATCHING_INLINE", True)
MATCHING_SPARK = env_bool("MATCHING_SPARK")
MATCHING_FLOOR = 0.2
MATCHING_DUPLICATE_FLOOR = 0.5
MATCHING_LIMIT = 10
MATCHING_INLINE_BUDGET_SECONDS = 2.0
MATCHING_INLINE_MAX_RECORDS = 200_000
MATCHING_WORKER_STALE_SECONDS = 30

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
