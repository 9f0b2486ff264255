"""Settings for Campaign Ledger: one file, read from the environment, safe defaults for development."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} 必须是整数 (must be an integer), got {value!r}.") from None


MB = 1024 * 1024


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A guessable key in production would let anyone forge sessions.
        raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY 环境变量 (SECRET_KEY is required when DEBUG is off).")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "bureau.ledger.admin_site.LedgerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "bureau.axes_config.AxesConfig",  # django-axes, named in Chinese in the admin
    "csp",
    "bureau",
    "campaigns",
    "surveys",
    "enterprises",
    "reports",
]

MIDDLEWARE = [
    "bureau.middleware.DropNulFromHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bureau.passwords.PasswordPolicyMiddleware",
    "bureau.middleware.AuditorConfinementMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # Reads a multipart body before any view or CSRF check does (those run after every middleware's
    # __call__), so an oversized upload is refused while it arrives; inside the security-header
    # middleware above, so its 413 page carries their headers.
    "bureau.middleware.RequestSizeLimitMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bureau.urls"

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
                "bureau.context_processors.navigation",
            ],
            # The shared record machinery is a package of the bureau app, not an app: its tags are named here.
            "libraries": {"records": "bureau.ledger.templatetags.records"},
        },
    },
]

WSGI_APPLICATION = "bureau.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    (BASE_DIR / "db").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db' / 'ledger.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves a small office: two people saving at once must wait for each other, not
    # get "database is locked". WAL lets readers go on while one writes; IMMEDIATE takes the write lock when
    # a transaction starts, so a transaction that read first never fails when upgrading to a write (SQLite
    # answers that deadlock with an immediate error the busy timeout does not cover). Every request runs in
    # a transaction (ATOMIC_REQUESTS), so on SQLite requests take turns: fine for an office, not a province.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "bureau.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "bureau.auth_backends.BureauUserBackend"]

# Who the client is. Behind a reverse proxy every request comes from the proxy's address; the proxy writes
# the real client into X-Forwarded-For. That header is believed only when TRUSTED_PROXY_COUNT says how
# many proxies append to it and the connection comes from one of TRUSTED_PROXIES: anyone else could
# write any address there. 0 (the default) ignores forwarded headers entirely.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
# The lock-out, the security log, the audit trail and the questionnaire's flood limit all ask this one function.
AXES_CLIENT_IP_CALLABLE = "bureau.security_log.client_address"

# Lock out a username at one address after repeated failures: one person's typos never lock
# a whole office that shares one NAT address, and a guesser cannot lock out a colleague from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_MINUTES", "30")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Beside the lock-out per username and address: a cap on failures from one address across all accounts,
# so one machine cannot try a few passwords on every account (the failure log is what it counts).
AXES_HANDLER = "bureau.login_limits.LedgerAxesHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
LOGIN_ADDRESS_WINDOW_MINUTES = env_int("LOGIN_ADDRESS_WINDOW_MINUTES", 60)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Accounts to 等保2.0 level 2 (GB/T 22239-2019): password length and classes, no reuse of the last
# passwords, expiry, a forced change after an admin set the password, idle timeout, lock-out.
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "8"))
PASSWORD_CHARACTER_CLASSES = int(os.environ.get("PASSWORD_CHARACTER_CLASSES", "3"))
PASSWORD_HISTORY_COUNT = int(os.environ.get("PASSWORD_HISTORY_COUNT", "5"))
PASSWORD_EXPIRY_DAYS = int(os.environ.get("PASSWORD_EXPIRY_DAYS", "90"))  # 0: never
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "bureau.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": PASSWORD_CHARACTER_CLASSES}},
    {"NAME": "bureau.passwords.PasswordHistoryValidator", "OPTIONS": {"count": PASSWORD_HISTORY_COUNT}},
]
# The audit trail is kept at least this long (the app itself never deletes an entry).
AUDIT_RETENTION_DAYS = int(os.environ.get("AUDIT_RETENTION_DAYS", "180"))
# The audit trail's hash chain is keyed: someone who can write to the database but not read this key
# cannot forge a chain that verify_audit accepts.
AUDIT_KEY = os.environ.get("AUDIT_KEY", "")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media is never served as static files: attachments go through a view that checks access.
MEDIA_URL = "/attachments/raw/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads. DATA_UPLOAD_MAX_MEMORY_SIZE covers only a form's fields, never its files: the whole body is
# capped by REQUEST_MAX_BYTES (checked from Content-Length, then counted as it streams in).
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 10) * MB
ATTACHMENT_MAX_PIXELS = env_int("ATTACHMENT_MAX_PIXELS", 40_000_000)
ATTACHMENT_MAX_FILES_PER_REQUEST = env_int("ATTACHMENT_MAX_FILES_PER_REQUEST", 10)
ATTACHMENT_MAX_FILES_PER_RECORD = env_int("ATTACHMENT_MAX_FILES_PER_RECORD", 50)
ATTACHMENT_MAX_BYTES_PER_RECORD = env_int("ATTACHMENT_MAX_MB_PER_RECORD", 200) * MB
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_MB", 50) * MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "bureau.ledger.upload_limits.RequestLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Imports: rows are read one by one; a file past the row limit is refused, nothing saved. An import from
# the web page stops after the time budget, under gunicorn's 30-second worker timeout, so its job is
# marked failed rather than killed half-way (`manage.py import_xlsx` has no worker timeout, and no budget).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 30) * MB
# A list printed from the browser holds at most this many rows (the export has every row).
PRINT_MAX_ROWS = env_int("PRINT_MAX_ROWS", 2000)
# The preview lists every row with an error and at most this many of the rows without one.
IMPORT_PREVIEW_ROWS = env_int("IMPORT_PREVIEW_ROWS", 500)
IMPORT_TIME_BUDGET_SECONDS = env_int("IMPORT_TIME_BUDGET_SECONDS", 25)

# The public questionnaire. Respondents at one service event may share one address (the venue's Wi-Fi,
# a carrier's NAT), so the flood limit is generous; a script sending hundreds is still stopped. Responses
# arriving faster than SURVEY_BURST_RESPONSES within SURVEY_BURST_SECONDS from one client are flagged.
SURVEY_RESPONSES_PER_CLIENT_PER_HOUR = env_int("SURVEY_RESPONSES_PER_CLIENT_PER_HOUR", 60)
SURVEY_BURST_RESPONSES = env_int("SURVEY_BURST_RESPONSES", 5)
SURVEY_BURST_SECONDS = env_int("SURVEY_BURST_SECONDS", 120)

# Reminders (manage.py send_reminders): links in e-mails and work-group posts point at SITE_URL.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Mail. With no EMAIL_HOST the mails are written as files under EMAIL_FILE_PATH, so a development machine
# (`make run`) never needs a mail server; with one, they go out by SMTP.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "mail"))
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "主题教育工作台账 <ledger@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The work group's robot (DingTalk's 自定义机器人 webhook): one post per department per day; empty: none.
REMINDER_WEBHOOK_URL = os.environ.get("REMINDER_WEBHOOK_URL", "").strip()
REMINDER_WEBHOOK_TIMEOUT = env_int("REMINDER_WEBHOOK_TIMEOUT", 5)
REMINDER_WEBHOOK_SECRET = os.environ.get("REMINDER_WEBHOOK_SECRET", "")  # the robot's 加签 secret, if it has one
if REMINDER_WEBHOOK_URL and not REMINDER_WEBHOOK_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured("REMINDER_WEBHOOK_URL 必须以 http:// 或 https:// 开头 (must be an http(s) URL).")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

FILTERS_EMPTY_CHOICE_LABEL = _("全部")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the 30 minutes count from the last request, not from login
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "bureau.error_views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Only the app's own files: no CDN, no inline script. Inline style attributes stay allowed
# (progress bars, chart sizes); they cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind HTTPS these stay on; a plain-HTTP drill or an intranet without TLS may turn them off.
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_DIR = Path(os.environ.get("LOG_DIR", BASE_DIR / "logs"))
LOG_DIR.mkdir(parents=True, exist_ok=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": LOG_DIR / "ledger.log",
            "maxBytes": 10 * 1024 * 1024,
            "backupCount": 5,
            "formatter": "plain",
            "encoding": "utf-8",
        },
    },
    "loggers": {
        "django": {"handlers": ["console", "file"], "level": "INFO"},
        "django.security": {"handlers": ["console", "file"], "level": "INFO", "propagate": False},
        "ledger": {"handlers": ["console", "file"], "level": "INFO"},
        "axes": {"handlers": ["console", "file"], "level": "WARNING"},
    },
}
