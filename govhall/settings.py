"""GovHall settings: one module, driven by environment variables (twelve-factor).

Required in production: SECRET_KEY, GOVHALL_DATA_KEY, DATABASE_URL, ALLOWED_HOSTS.
`make demo` and `make test` write or set development values; nothing here
falls back to a secret silently when DEBUG is off.
"""

import datetime as dt
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # local state of a checkout: SQLite files, media, job queue
VAR_DIR.mkdir(exist_ok=True)
env = environ.Env()
# A local .env (written by `make demo`) is read when present; real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
# Key material for personal data (ID numbers): encryption and the keyed lookup hash.
GOVHALL_DATA_KEY = env.str("GOVHALL_DATA_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
GOVHALL_BASE_URL = env.str("GOVHALL_BASE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "govhall.core.admin_apps.AdminConfig",  # the scoped admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "huey.contrib.djhuey",
    "axes",
    "ninja",  # Swagger UI from our own static files, not a CDN
    "govhall.core",
    "govhall.catalog",
    "govhall.hall",
    "govhall.staff",
    "govhall.queueing",
    "govhall.cases",
    "govhall.booking",
    "govhall.feedback",
    "govhall.assist",
    "govhall.convenience",
    "govhall.knowledge",
    "govhall.standards",
    "govhall.planning",
    "govhall.reports",
    "govhall.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "govhall.core.middleware.RequestBodyGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "govhall.core.session_guard.SessionGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "govhall.core.middleware.ApiErrorShapeMiddleware",
    "govhall.core.idempotency.IdempotencyMiddleware",
    # Last, as axes asks: turns a locked-out login into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "govhall.urls"
WSGI_APPLICATION = "govhall.wsgi.application"
ASGI_APPLICATION = "govhall.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "govhall" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "govhall.core.calendar_watch.calendar_warning",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'govhall.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str(
        "SQLITE_TEST_NAME", default=str(VAR_DIR / "test.sqlite3")
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# Membership's NULLS NOT DISTINCT uniqueness is enforced on PostgreSQL; SQLite
# (the single-centre demo) cannot express it and says so at every start.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# The test run only (testenv.py): every factory user hashes a password, and
# PBKDF2's 10^6 rounds took most of the suite's time.
if env.bool("GOVHALL_FAST_PASSWORD_HASHER", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The workplace's login for every staff role; the admin keeps its own (is_staff).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workplace"
# A staff session ends after this long without a request (core.session_guard).
GOVHALL_SESSION_IDLE_MINUTES = env.int("GOVHALL_SESSION_IDLE_MINUTES", default=30)

# Login lockout (django-axes) for every call of authenticate(request=...): the API
# token, the admin login and any staff login page. Failures are counted per
# username and, separately, per address in the database, so every web process
# sees the same count; the right password fails too until the cool-off ends or
# an administrator unlocks (`govhall unlock <username>`, or the admin).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("GOVHALL_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("GOVHALL_LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A success does not wipe the count: axes would delete every failure of the
# address too, so one valid account could reset an attacker's count on another's.
AXES_RESET_ON_SUCCESS = False
# Tries during a lockout do not extend it: else anyone could keep a user out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "govhall.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "govhall.core.throttle.login_address"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password"]
# The version banner at every start of every command is noise in logs.
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "govhall" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "govhall" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Serve static files straight from the apps (tests, a demo without collectstatic).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
# No MEDIA_URL is served: staff photos leave only through staff:photo, which
# checks who asks (staff pages and the window service board).
GOVHALL_STAFF_PHOTO_MAX_BYTES = env.int("GOVHALL_STAFF_PHOTO_MAX_BYTES", default=2 * 1024 * 1024)

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Jobs: SQLite-backed huey in the demo, Redis or PostgreSQL in production
# (PostgresHuey keeps its tables beside the data and wakes on LISTEN/NOTIFY).
HUEY_URL = env.str("HUEY_URL", default="")
if HUEY_URL.startswith("redis://"):
    HUEY = {"huey_class": "huey.RedisHuey", "name": "govhall", "url": HUEY_URL}
elif HUEY_URL.startswith(("postgres://", "postgresql://")):
    HUEY = {"huey_class": "huey.PostgresHuey", "name": "govhall", "dsn": HUEY_URL}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "govhall",
        "filename": env.str("HUEY_SQLITE", default=str(VAR_DIR / "huey.sqlite3")),
        "immediate": env.bool("HUEY_IMMEDIATE", default=False),
    }

# Domain settings (per-centre overrides live on the Center row).
GOVHALL_CATALOG_PUBLISH_WORKING_DAYS = env.int("GOVHALL_CATALOG_PUBLISH_WORKING_DAYS", default=5)
GOVHALL_STAFF_TOKEN_HOURS = env.int("GOVHALL_STAFF_TOKEN_HOURS", default=12)
GOVHALL_PUBLIC_RATE = env.str("GOVHALL_PUBLIC_RATE", default="120/m")
# Proxies in front that append to X-Forwarded-For (nginx: 1). With the default 0
# the API's throttles count REMOTE_ADDR alone; left unset, ninja would count the
# whole header, which any client can rewrite to escape its limit.
NINJA_NUM_PROXIES = env.int("GOVHALL_NUM_PROXIES", default=0)
if NINJA_NUM_PROXIES:
    # The same proxy terminates TLS and overwrites X-Forwarded-Proto (deploy/nginx).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Public web forms (booking, cancelling, home visits, complaints, ratings): POSTs
# per client address and form (django-ratelimit, on the default cache: production
# needs a shared CACHE_URL so every web process counts together).
GOVHALL_WEB_FORM_RATE = env.str("GOVHALL_WEB_FORM_RATE", default="30/h")
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
GOVHALL_AUTH_RATE = env.str("GOVHALL_AUTH_RATE", default="1200/m")
# Wrong case-progress check codes, counted per (address, case number) and per
# address, never per case number alone: a stranger cannot lock out the applicant.
GOVHALL_PROGRESS_FAILURES_PER_CASE = env.int("GOVHALL_PROGRESS_FAILURES_PER_CASE", default=10)
GOVHALL_PROGRESS_FAILURES_PER_ADDRESS = env.int("GOVHALL_PROGRESS_FAILURES_PER_ADDRESS", default=30)
GOVHALL_PROGRESS_FAILURE_SECONDS = env.int("GOVHALL_PROGRESS_FAILURE_SECONDS", default=3600)
# Idempotency-Key: a key whose first request never finished (the process died) is
# free again after this many seconds.
GOVHALL_IDEMPOTENCY_STALE_SECONDS = env.int("GOVHALL_IDEMPOTENCY_STALE_SECONDS", default=30)

# Notifications to citizens: an SMS gateway class and Django mail for e-mail.
GOVHALL_SMS_BACKEND = env.str("GOVHALL_SMS_BACKEND", default="govhall.core.notify.ConsoleSms")
GOVHALL_EMAIL_BACKEND = env.str("GOVHALL_EMAIL_BACKEND", default="govhall.core.notify.DjangoEmail")
GOVHALL_OUTBOX_FILE = env.path("GOVHALL_OUTBOX_FILE", default=VAR_DIR / "outbox.jsonl")
# The TrueType Song font every notice embeds (Debian's fonts-arphic-uming; index 0
# of the collection is AR PL UMing CN). Only TrueType outlines can be embedded by
# ReportLab: the OpenType/CFF Noto CJK fonts cannot.
GOVHALL_PDF_FONT = env.str("GOVHALL_PDF_FONT", default="/usr/share/fonts/truetype/arphic/uming.ttc")
GOVHALL_PDF_FONT_INDEX = env.int("GOVHALL_PDF_FONT_INDEX", default=0)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Codes and tokens in paths and query strings are masked in every line.
    "filters": {"secrets": {"()": "govhall.core.logmask.MaskSecretsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes logs every failed login at INFO; the lockout itself is a WARNING.
        "axes": {"level": "WARNING"},
    },
}

# Exchange with the other platforms (core/outbox_send.py): the post's timeout,
# how often a message is tried before it is failed, and the backoff between tries.
GOVHALL_OUTBOX_TIMEOUT_SECONDS = env.float("GOVHALL_OUTBOX_TIMEOUT_SECONDS", default=5)
GOVHALL_OUTBOX_MAX_ATTEMPTS = env.int("GOVHALL_OUTBOX_MAX_ATTEMPTS", default=10)
GOVHALL_OUTBOX_BACKOFF_SECONDS = env.int("GOVHALL_OUTBOX_BACKOFF_SECONDS", default=60)
GOVHALL_OUTBOX_BACKOFF_CAP_SECONDS = env.int("GOVHALL_OUTBOX_BACKOFF_CAP_SECONDS", default=3600)

# Payment providers (cases/payments, issue 13): the adapters a fee may be paid
# online through, as dotted class paths. The built-in "told" provider records
# what it is told, in a body signed (core/outbox_sign.py) with the told secret;
# without one it refuses every notification. An online order not paid within
# the minutes expires.
GOVHALL_PAYMENT_PROVIDERS = env.list(
    "GOVHALL_PAYMENT_PROVIDERS", default=["govhall.cases.payments.told.ToldProvider"]
)
GOVHALL_PAYMENT_TOLD_SECRET = env.str("GOVHALL_PAYMENT_TOLD_SECRET", default="")
GOVHALL_PAYMENT_ORDER_MINUTES = env.int("GOVHALL_PAYMENT_ORDER_MINUTES", default=30)
