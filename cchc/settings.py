"""Settings for cchc, read from environment variables (12-factor).

Every deployment choice comes from the environment; defaults are safe for production.
`CCHC_DEMO=1` (set by `make run` and by the test settings) enables the demo conveniences:
a throwaway secret key, DEBUG, and the *.localhost host names. Without it the process
refuses to start unless DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are given.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from wagtail.embeds import oembed_providers  # plain data: embed providers (security headers)

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


DEMO = env_bool("CCHC_DEMO", False)
DEBUG = env_bool("DJANGO_DEBUG", DEMO)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEMO:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required outside the demo (set CCHC_DEMO=1 for the demo)."
        )
    SECRET_KEY = "demo-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEMO:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is required outside the demo (comma-separated host names)."
        )
    ALLOWED_HOSTS = [".localhost", "localhost", "127.0.0.1", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cchc.vietnamese",
    "cchc.communes",
    "cchc.portal",
    "cchc.procedures",
    "cchc.search",
    "cchc.analytics",
    "cchc.reports",  # periodic reports of units, deadlines, reminders (issue 12)
    "cchc.plans",  # communication plans and their evidence (issue 12)
    "cchc.parindex",  # PAR Index communication score and evidence pack (issue 12)
    "cchc.demo",
    "cchc.headers",  # security headers; admin widget templates without inline script
    "cchc.accounts",
    "cchc.guides",  # the help menu's Vietnamese staff guides (docs/vi) in the back office
    # No "wagtail.contrib.forms": no page type is a form page, and its listing offered every
    # page owner of the installation as a filter (issue 9; decision 0004).
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Sign-in: lockout and second factor (cchc.accounts; decision 0010).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers (decision 0011): before the page cache, so cached pages carry them too.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "cchc.headers.middleware.PolicyByAreaMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "cchc.communes.middleware.CommuneMiddleware",
    # Outside the page cache, so views served from it are counted too.
    "cchc.analytics.middleware.ViewCountingMiddleware",
    # Right after the commune is known: a hit skips sessions, CSRF, auth and the view.
    "cchc.portal.cache.PageCacheMiddleware",
    # Issue 10 (links): absolute page links take the served request's scheme and port.
    "cchc.pages.links.CurrentRequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's OTPMiddleware plus the back office's second-factor rule (decision 0010).
    "cchc.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cchc.communes.context_processors.commune",
            ],
        },
    },
]

WSGI_APPLICATION = "cchc.wsgi.application"

# SQLite (WAL) is the embedded default; DATABASE_URL selects PostgreSQL at scale.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL lets the web server read while the task worker writes.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 600

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# --- Dates the Vietnamese way (issue 10; docs/decisions/0013-dates-and-scheduled-publishing.md)
# Day first, as Wagtail's pickers write (WAGTAIL_DATE_FORMAT below). The per-language modules in
# cchc/formats/ win over Django's own (whose English one reads mm/dd); these settings are the
# fallback when localisation is off.
import cchc.formats as _input_formats  # noqa: E402 - plain lists, no Django import

FORMAT_MODULE_PATH = ["cchc.formats"]
DATE_INPUT_FORMATS = _input_formats.DATE_INPUT_FORMATS
DATETIME_INPUT_FORMATS = _input_formats.DATETIME_INPUT_FORMATS
# --- end of dates ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("CCHC_STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("CCHC_MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Files only staff may download (statistics exports), never served by the web server.
CCHC_PRIVATE_ROOT = Path(os.environ.get("CCHC_PRIVATE_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# /favicon.ico and /apple-touch-icon.png at every site's root, answered by WhiteNoise before
# any commune look-up, with a week's cache (decision 0018).
from cchc.portal import root_files as _root_files  # noqa: E402 - no Django import

WHITENOISE_ROOT = _root_files.ROOT_DIR
WHITENOISE_ADD_HEADERS_FUNCTION = _root_files.add_headers

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cchc",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BASE_DIR / "var" / "cache"),
            "TIMEOUT": 600,
        }
    }
if "pages" not in CACHES:
    # Rendered pages (cchc.portal.cache): per process, in memory. The generation numbers that
    # invalidate them stay in the shared default cache, so a publish is seen by every process.
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cchc-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("CCHC_PAGE_CACHE_ENTRIES", 2000)},
    }

# Background tasks: database queue + `manage.py db_worker` by default; RQ on Redis at scale.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("CCHC_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

WAGTAIL_SITE_NAME = "Cải cách hành chính"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "odt", "txt", "csv", "mp3", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("CCHC_MAX_DOCUMENT_MB", 20) * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("CCHC_MAX_IMAGE_MB", 5) * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
# Issue 9 (uploads): pixels per image, all frames counted. Checked from the header before any
# decoding (cchc.portal.forms), so a small file that would unpack to gigabytes is refused.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("CCHC_MAX_IMAGE_MEGAPIXELS", 50) * 1_000_000
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILADMIN_USER_LOGIN_FORM = "cchc.accounts.forms.LoginForm"  # "Mật khẩu", not "Password"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Page cache of public pages (seconds); invalidated on publish.
CCHC_PAGE_CACHE_SECONDS = env_int("CCHC_PAGE_CACHE_SECONDS", 300)
# Mail (report reminders): the console in the demo, SMTP from the environment otherwise.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "cchc@localhost")

# How often `manage.py run_periodic` enqueues scheduled publishing (issue 10; decision 0013).
CCHC_PERIODIC_SECONDS = env_int("CCHC_PERIODIC_SECONDS", 30)

# Visit statistics (cchc.analytics; docs/decisions/0008-visit-counting.md).
CCHC_ANALYTICS_ENABLED = env_bool("CCHC_ANALYTICS_ENABLED", True)
# Views are written in one batch this often; a crash loses at most this much. 0: at once.
CCHC_ANALYTICS_FLUSH_SECONDS = float(os.environ.get("CCHC_ANALYTICS_FLUSH_SECONDS", "1"))
CCHC_ANALYTICS_ROLLUP_SECONDS = env_int("CCHC_ANALYTICS_ROLLUP_SECONDS", 300)
CCHC_ANALYTICS_DEDUPE_MINUTES = env_int("CCHC_ANALYTICS_DEDUPE_MINUTES", 30)
CCHC_ANALYTICS_RAW_DAYS = env_int("CCHC_ANALYTICS_RAW_DAYS", 90)
# Proxies in front of the app that append to X-Forwarded-For (nginx: 1). 0: use REMOTE_ADDR.
CCHC_TRUSTED_PROXIES = env_int("CCHC_TRUSTED_PROXIES", 0)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail marks its preview views SAMEORIGIN itself (the preview panel); nothing else is framed.
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)

# --- Security headers and TLS (issue 9 part 5; docs/decisions/0011-security-headers.md) ------
# HTTPS is the default outside the demo: every plain-HTTP request is redirected, and browsers
# are told (HSTS) never to use plain HTTP again for a year.
CCHC_BEHIND_TLS_PROXY = env_bool("CCHC_BEHIND_TLS_PROXY", False)
if CCHC_BEHIND_TLS_PROXY:
    # nginx (or a load balancer) ends TLS and MUST set this header itself, overwriting any the
    # client sent; otherwise a client could claim HTTPS. Only then is the header trusted.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# !!! CCHC_PLAIN_HTTP=1 turns OFF the HTTPS redirect, HSTS and secure cookies. It exists only
# !!! for a test on a plain-HTTP intranet; never set it on a server citizens or staff use:
# !!! passwords and session cookies then travel in clear text.
CCHC_PLAIN_HTTP = env_bool("CCHC_PLAIN_HTTP", False)
_HTTPS = not DEMO and not CCHC_PLAIN_HTTP
SECURE_SSL_REDIRECT = _HTTPS
# Load balancers probe /healthz over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("CCHC_HSTS_SECONDS", 31_536_000) if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("CCHC_HSTS_INCLUDE_SUBDOMAINS", True)
# The preload list takes whole registrable domains (gov.vn's owner decides, not a commune).
SECURE_HSTS_PRELOAD = env_bool("CCHC_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "security.W021"]
if CCHC_PLAIN_HTTP:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False

# Embeds: only the video hosts the public policy lets the page frame (frame-src below).
_EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [oembed_providers.youtube, oembed_providers.vimeo],
    }
]
# No browser call to third parties from the back office: no Gravatar (it would learn which
# staff open the admin), no update check against releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Public pages: no inline script or style at all (cchc.headers.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "frame-src": _EMBED_FRAME_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The back office (/quan-tri/): the tightest policy Wagtail 8 ran under without a violation
# (walked in Chromium, decision 0011). Its widgets' inline scripts are data (cchc.headers).
CCHC_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # The image focal-point tool (Jcrop) probes event support with the handler "return;".
        "script-src-attr": [
            "'unsafe-hashes'",
            "'sha256-i+qr4lq34KgNHiW62lWi9aInEBwiEOrfCzaNPCvkqD8='",
        ],
        "style-src": ["'self'"],
        # Draftail writes <style> elements keyed by random block keys (no hash can match them);
        # style="" attributes stay refused (style-src-attr falls back to style-src).
        "style-src-elem": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "frame-src": ["'self'", *_EMBED_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Features no page of the platform uses, refused to the page and to every frame in it (only
# names Chromium knows: it logs an error for each unknown one).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "WARNING")},
}

# --- Sign-in (issue 9 part 4; cchc.accounts; docs/decisions/0010-sign-in-lockout-and-two-factor.md)
# Axes first: it refuses a locked-out pair before the password is even checked. Note that it
# also refuses authenticate() without a request (tests use force_login, not client.login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout per (user name, client address) pair: a stranger guessing a password from elsewhere
# does not lock out the office, and one office's address is not locked for its other staff.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("CCHC_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("CCHC_LOGIN_COOLOFF_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True  # a right password clears the pair's earlier typos
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed attempt, not only the per-pair counter
# The address through the same trusted-proxy rule as the visit counter (CCHC_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "cchc.accounts.lockout.request_client_ip"
AXES_LOCKOUT_CALLABLE = "cchc.accounts.lockout.lockout_response"  # Vietnamese page, status 429
AXES_COOLOFF_MESSAGE = "Tài khoản tạm bị khóa đăng nhập vì nhập sai mật khẩu nhiều lần."
AXES_PERMALOCK_MESSAGE = AXES_COOLOFF_MESSAGE
# Second factor (TOTP app + recovery codes): required for administrators, coordinators, leaders
# and province officers outside the demo; the demo logins sign in with a password alone.
CCHC_2FA_REQUIRED = env_bool("CCHC_2FA_REQUIRED", not DEMO)
OTP_TOTP_ISSUER = os.environ.get("CCHC_2FA_ISSUER", WAGTAIL_SITE_NAME)

# Uploads are checked by content, not only by name (cchc.portal.forms).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cchc.portal.forms.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cchc.portal.forms.ImageForm"
