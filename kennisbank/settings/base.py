"""Settings shared by every environment; everything that differs per machine comes from the environment."""

import os
from pathlib import Path

import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kennisbank.core.database import database_settings, database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    # wagtail_modeltranslation must come before the apps whose fields it translates.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "kennisbank.content",
    "kennisbank.translators",
    "kennisbank.caching",
    "kennisbank.feedback",
    "kennisbank.api",
    "kennisbank.setup",
    "kennisbank.backups",
    "home",
    "search",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "corsheaders",
    "taggit",
    "axes",
    "django_zxcvbn_password_validator",  # its feedback in the editor's language
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # The HTTP cache's probe: does the site reach its database? (before host and HTTPS checks)
    "kennisbank.middleware.HealthCheckMiddleware",
    # First, so it sees the finished response last: what a shared HTTP cache may keep.
    "kennisbank.caching.headers.SharedCacheMiddleware",
    # The API: other sites may read it from the browser (CORS, GET only).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Early, so static files and lock-out pages get it too.
    "kennisbank.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "kennisbank.api.middleware.ApiNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which refuses hosts outside ALLOWED_HOSTS.
    "kennisbank.caching.worker.WorkerSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or middleware reads the body (CSRF's check reads the form in process_view).
    "kennisbank.middleware.RequestSizeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kennisbank.middleware.ContentSecurityPolicyMiddleware",
    "kennisbank.middleware.AdminNoIndexMiddleware",
    "axes.middleware.AxesMiddleware",
    "kennisbank.middleware.ViewRestrictionLockoutMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "kennisbank.urls"

TEMPLATES = [
    # The public templates (<app>/jinja2/): kennisbank/templating.py says why.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "kennisbank" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "kennisbank.templating.environment",
            "context_processors": [
                "django.template.context_processors.i18n",
                "kennisbank.context_processors.languages",
                "kennisbank.content.context_processors.standing_pages",
            ],
        },
    },
    # Wagtail's admin and our admin views.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "kennisbank.wsgi.application"

# DATABASE_URL, or the embedded PostgreSQL when it is unset (kennisbank/core/database.py).
# DATABASE_PREPARED=0 behind a transaction-mode pooler (PgBouncer), which cannot keep prepared statements.
# A kept connection is checked before a request uses it (CONN_HEALTH_CHECKS), so the first request
# after the database comes back is served, not failed on a connection the restart broke.
DATABASES = {"default": {
    **database_settings(database_url(), prepared=os.environ.get("DATABASE_PREPARED", "1") == "1"),
    "CONN_HEALTH_CHECKS": True,
}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that drops packets must not hold a worker until the operating system's
    # TCP timeout (minutes): readers get the 503 page within seconds (kennisbank/outages.py).
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": 3, **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Length is not strength: "aaaaaaaaaaaa" and "qwertyuiopas" are refused by zxcvbn's estimate.
    {"NAME": "django_zxcvbn_password_validator.ZxcvbnPasswordValidator"},
]
# zxcvbn score 3 or 4: at least 10^8 guesses ("safely unguessable"), for accounts that can publish.
PASSWORD_MINIMAL_STRENGTH = 3
PASSWORD_EXTRA_DICTIONARY = ["bouwstenen", "bouwstenenmodel", "kennisbank", "hechting", "wagtail"]

# Languages: Dutch is the source; every reader-visible field falls back to it.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
]
# Trying out another language before adding it above: KENNISBANK_EXTRA_LANGUAGES="de:Deutsch".
LANGUAGES += [
    tuple(item.split(":", 1)) for item in env_list("KENNISBANK_EXTRA_LANGUAGES") if ":" in item
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
LANGUAGE_COOKIE_NAME = "kennisbank_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "kennisbank" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Where `manage.py backup` (make backup) writes the database and the uploaded files.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600
# Files browsers ask for at the site root (/favicon.ico).
WHITENOISE_ROOT = BASE_DIR / "kennisbank" / "root"

WAGTAIL_SITE_NAME = _("Bouwstenen kennisbank")
# Where readers reach the site (scheme, host and port): the Site record follows it
# (load_bouwstenen), so the sitemap, canonical links, the API and cache purges use it.
PUBLIC_ORIGIN = os.environ.get("PUBLIC_ORIGIN", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = PUBLIC_ORIGIN
# Configurable so the admin is not where bots look first.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/") + "/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are downloaded, never shown inline, and carry a sandbox policy
# (kennisbank/middleware.py): a PDF's scripts never run with the site's origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
# A small PNG can hold a huge image that takes seconds and gigabytes to resize; 40 million
# pixels is more than a phone photo.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Request bodies larger than these are refused before they are read (kennisbank/middleware.py):
# readers send small forms (a feedback comment is at most 1000 characters); editors upload files,
# refused with a message by Wagtail's forms beyond their own limits (above).
PUBLIC_REQUEST_MAX_BYTES = 64 * 1024
EDITOR_REQUEST_MAX_BYTES = 100 * 1024 * 1024
# Documents are checked by their content, not only their name (kennisbank/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "kennisbank.uploads.DocumentForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True


def redis_cache(url):
    """A Redis cache that degrades to "nothing cached" when Redis is down or slow: readers get
    fresh pages instead of errors. Redis nearby answers within a millisecond, so a call gives up
    after a quarter of a second, and after a failure Redis is not asked again for a few seconds
    (kennisbank/caching/redis_connections.py); the outage is logged once a minute, not per call
    (kennisbank/outages.py)."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.25,
            "CONNECTION_POOL_CLASS": "kennisbank.caching.redis_connections.ConnectionPool",
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Versions and per-client counters past this many are culled, never a version (kennisbank/caching/state.py).
STATE_MAX_ENTRIES = 20_000
LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


def shared_caches(redis_url=None):
    """Two caches (kennisbank/caching/state.py says why): "default" for work anyone can make more
    of (exercise sheets, search work), "state" for what must outlast it (the content versions,
    rate limits). With Redis both live there; without it in this process's memory, which serves
    one process (make run, the tests)."""
    if redis_url:
        return {"default": redis_cache(redis_url), "state": redis_cache(redis_url)}
    return {
        "default": {"BACKEND": LOCAL_MEMORY, "LOCATION": "default"},
        "state": {"BACKEND": LOCAL_MEMORY, "LOCATION": "state", "OPTIONS": {"MAX_ENTRIES": STATE_MAX_ENTRIES}},
    }


def database_caches():
    """Production without Redis: both caches in tables of the database (`manage.py
    createcachetable`), the state in its own, whose cull spares the versions."""
    return {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kennisbank_cache"},
        "state": {"BACKEND": "kennisbank.caching.state.StateDatabaseCache", "LOCATION": "kennisbank_state",
                  "OPTIONS": {"MAX_ENTRIES": STATE_MAX_ENTRIES}},
    }


# The shared caches: what every worker must see alike (the content version, rate limits). A
# single process (make run) may keep them in memory; production uses Redis or, without
# REDIS_URL, the database (settings/production.py).
CACHES = shared_caches(os.environ.get("REDIS_URL"))

# The HTTP cache (Varnish, docker-compose.yml) keeps anonymous pages this long; publishing
# purges them sooner (kennisbank/caching/). SHARED_CACHE_SECONDS=0: nothing is kept.
SHARED_CACHE_SECONDS = int(os.environ.get("SHARED_CACHE_SECONDS", "600"))
if os.environ.get("VARNISH_URL"):
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["VARNISH_URL"],
        }
    }

# The API (kennisbank/api/): any site may read it from a browser; nothing else is shared.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
WAGTAILAPI_BASE_URL = PUBLIC_ORIGIN
WAGTAILAPI_LIMIT_MAX = 50
# Requests one client address may make to the API per minute (what the HTTP cache answers is not
# counted); beyond, a 429 with Retry-After.
API_REQUESTS_PER_MINUTE = int(os.environ.get("API_REQUESTS_PER_MINUTE", "60"))
# Under what terms others may reuse the texts (shown with every API response). The model's
# titles and goals are Truus Bakker-van Zeil's words; the explanations are the editors'.
CONTENT_LICENCE = {
    "name": os.environ.get("CONTENT_LICENCE_NAME", "CC BY-NC-SA 4.0"),
    "url": os.environ.get("CONTENT_LICENCE_URL", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
    "attribution": "Bouwstenenmodel: Truus Bakker-van Zeil. Texts: the editors of the Bouwstenen kennisbank.",
}

# Reader feedback (kennisbank/feedback/): posts per client per window of seconds, counted in the
# shared cache (the client's address read through TRUSTED_PROXY_DEPTH, like the lock-outs).
FEEDBACK_RATE_LIMIT = (20, 600)

# Login protection: lock out a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The same lock-out for page and document passwords (kennisbank/middleware.py), with a message
# in the reader's language.
AXES_LOCKOUT_CALLABLE = "kennisbank.middleware.lockout_response"
# How many reverse proxies (Varnish, a load balancer) stand in front of gunicorn, each adding
# the address it was reached from to X-Forwarded-For. 0: none, the header is ignored. Too low
# and every reader shares the proxy's address (one lock-out for all); too high and readers
# choose their own address.
TRUSTED_PROXY_DEPTH = int(os.environ.get("TRUSTED_PROXY_DEPTH", "0"))
AXES_CLIENT_IP_CALLABLE = "kennisbank.core.client.client_address"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Browser features no page of the site uses, switched off (kennisbank/middleware.py).
PERMISSIONS_POLICY = {
    feature: [] for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "hid",
        "magnetometer", "microphone", "midi", "payment", "serial", "usb", "browsing-topics",
    )
}

# Public pages carry no inline script at all. Wagtail's admin needs inline styles and scripts:
# kennisbank.middleware.ContentSecurityPolicyMiddleware allows inline scripts under the admin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Mail: review notifications (submitted, approved, changes requested). EMAIL_URL as
# dj-email-url reads it, e.g. submission://user:password@mail.example.org:587 (STARTTLS),
# smtp://user:password@mail.example.org:465?ssl=True or console://; without it, Django's SMTP
# defaults (localhost:25). dev.py writes mail to the console.
_email = dj_email_url.config(default="smtp://localhost:25")
if "EMAIL_BACKEND" not in _email:
    raise ImproperlyConfigured("EMAIL_URL must start with smtp://, submission:// or console://.")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST, EMAIL_PORT = _email["EMAIL_HOST"], _email["EMAIL_PORT"]
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_USER"] or "", _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS, EMAIL_USE_SSL = _email["EMAIL_USE_TLS"], _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"] or 10  # seconds: a slow mail server must not hang a submit
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kennisbank@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_USE_HTML = True

# Avatars without a third party: the CSP allows images from our own origin only, so Gravatar's
# would be broken images; Wagtail then shows its own default avatar or an uploaded one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A database or Redis outage is logged once a minute per process, in one line, not as a
    # traceback per request (kennisbank/outages.py).
    "filters": {"outages": {"()": "kennisbank.outages.OutageLogFilter", "seconds": 60}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["outages"]}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django_redis": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "kennisbank": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
# What a reader who got the 503 page is told to wait (seconds) before trying again.
OUTAGE_RETRY_AFTER = 30

# PostgreSQL text-search configuration per language (search/index.py); others use "simple".
SEARCH_CONFIGS = {"nl": "dutch", "en": "english", "ar": "arabic"}
SEARCH_RESULTS_PER_PAGE = 10
# Searches one client address may add to the search log (and to the cache) per minute.
SEARCH_LOG_PER_MINUTE = int(os.environ.get("SEARCH_LOG_PER_MINUTE", "20"))
# Words nearly every page of this knowledge base holds; ignored when a query has other words.
# The words that name the child ("my son", "mijn dochter", "ابني") say no more about the
# situation than "child" does: on a page they pulled up whichever example named a son.
SEARCH_COMMON_WORDS = {
    "nl": {"kind", "kinderen", "kindje", "zoon", "zoontje", "dochter", "dochtertje", "mijn", "ouder", "ouders",
           "je", "jouw", "meer", "hoe", "wat"},
    "en": {"child", "children", "kid", "kids", "son", "daughter", "my", "parent", "parents", "more", "how", "what"},
    # PostgreSQL's arabic configuration has no stop words: the commonest function words here.
    "ar": {"الطفل", "طفلي", "طفل", "الأطفال", "ابني", "ابنتي", "بنتي", "الوالدين", "في", "من", "على", "إلى",
           "عن", "مع", "عند", "أن", "هو", "هي", "ما", "كيف", "ماذا", "و"},
}

