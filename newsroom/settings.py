"""Settings for Newsroom, read from the environment with safe defaults.

DEBUG is off unless DJANGO_DEBUG=1; SECRET_KEY is required when DEBUG is off;
SQLite in the project folder unless DATABASE_URL names another database; a cache in a
folder (shared by the processes of one machine) unless REDIS_URL names a Redis; background
jobs through a broker in a folder unless CELERY_BROKER_URL names Redis or RabbitMQ.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "axes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.sites",  # flatpages needs it: one site, SITE_ID below
    "django.contrib.flatpages",  # About, Contact, Privacy, Terms: edited in the admin
    "taggit",
    "django_celery_beat",  # the worker's schedules, kept in the database
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a cached page is answered without opening the session or the database.
    "articles.delivery.cache_middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.delivery.security_headers.ContentSecurityPolicyMiddleware",
    "articles.delivery.security_headers.PermissionsPolicyMiddleware",
    "articles.delivery.faults.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
SITE_ID = 1  # flatpages: the one site (django.contrib.sites creates it as id 1)
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.public.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker write the same file: wait for each other instead of
    # failing, take the write lock up front, and let readers read while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the planner turns it on for any query it costs high (a count
    # with subqueries over 100,000 stories), and compiling takes longer than the query
    # (320 of the admin search's 500 ms). Pages here are many short queries.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

REDIS_URL = os.environ.get("REDIS_URL", "")
# Where things are kept on disk when no server is named (cache, job broker).
VAR_DIR = Path(os.environ.get("NEWSROOM_VAR_DIR", BASE_DIR / "var"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                # Fail fast: a reader should not wait seconds for a cache that is away.
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                # Redis down means "serve uncached": a read misses, a write is dropped, and
                # both are logged (the page cache's own calls see the errors and say so).
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    # A folder, not local memory: every process of the machine (web workers, the job
    # worker) shares it, so a change made in one is seen by all.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("NEWSROOM_CACHE_DIR", str(VAR_DIR / "cache")),
        }
    }

# Background work (articles/jobs/): Celery. Redis or RabbitMQ in production
# (redis://..., amqp://guest:guest@127.0.0.1:5672//); without one, a folder that the web
# process and `make worker` share on one machine (the embedded default of `make run`).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or "filesystem://"
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(os.environ.get("NEWSROOM_BROKER_DIR", VAR_DIR / "broker"))
    for _folder in ("messages", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "messages"),
        "data_folder_out": str(_broker_dir / "messages"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A job whose worker died is given to another after this long (the outbox's drain
        # resends it sooner, once its lease runs out).
        "visibility_timeout": 900,
        "socket_timeout": 2.0,
        "socket_connect_timeout": 1.0,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job is acknowledged once it has run: a worker killed mid-job leaves it to another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "delivery"
CELERY_TASK_IGNORE_RESULT = True  # outcomes are kept on the outbox rows (articles.Job)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = os.environ.get("NEWSROOM_TIME_ZONE", "Europe/Lisbon")
# Jobs run in the process that asks for them, at once (tests; never in production).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_IMPORTS = ("articles.jobs.tasks", "articles.jobs.periodic", "articles.delivery.clock")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    # Hand over the jobs the broker lacks (it was down, or a worker died mid-job).
    "drain-outbox": {"task": "newsroom.drain_outbox", "schedule": 5.0},
    # Stories that appear or vanish by the clock: forgotten and purged within seconds.
    "clock": {"task": "newsroom.clock", "schedule": 5.0},
    "forget-finished-jobs": {"task": "newsroom.forget_finished_jobs", "schedule": 3600.0},
}

# Admin logins are throttled: NEWSROOM_LOGIN_FAILURE_LIMIT failures for one username from
# one address pause that pair for NEWSROOM_LOGIN_COOLOFF_MINUTES (django-axes).
AUTHENTICATION_BACKENDS = [
    "newsroom.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
# How many proxies in front set X-Forwarded-For (0: trust REMOTE_ADDR only).
NEWSROOM_TRUSTED_PROXIES = int(os.environ.get("NEWSROOM_TRUSTED_PROXIES", "0"))
# Whole public pages for anonymous readers, never stale (articles/delivery/page_cache.py);
# NEWSROOM_PAGE_CACHE=0 serves every page fresh and tells shared caches not to keep them.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "300"))
# The HTTP accelerators (Varnish with xkey) to purge when content changes (articles/delivery/).
NEWSROOM_PURGE_URLS = env_list("NEWSROOM_PURGE_URLS")
# Each purge is sent again this many seconds later: a page whose render began before the
# change and reached the accelerator after the first purge goes too.
NEWSROOM_PURGE_REPEAT_SECONDS = float(os.environ.get("NEWSROOM_PURGE_REPEAT_SECONDS", "3"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("NEWSROOM_LANGUAGE", "en")
LANGUAGES = [("en", _("English"))]
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "Europe/Lisbon")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
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

# Several app servers share one media store: S3-compatible object storage through
# django-storages (`pip install -e '.[s3]'`) once a bucket is named. Credentials come
# from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment variables.
MEDIA_S3_BUCKET = os.environ.get("DJANGO_MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    MEDIA_S3_CUSTOM_DOMAIN = os.environ.get("DJANGO_MEDIA_S3_CUSTOM_DOMAIN", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DJANGO_MEDIA_S3_REGION") or None,
            "custom_domain": MEDIA_S3_CUSTOM_DOMAIN or None,
            "location": os.environ.get("DJANGO_MEDIA_S3_PREFIX", "media"),
            "file_overwrite": False,  # two photos with one name never replace each other
            "querystring_auth": False,  # public photos: stable URLs that caches can keep
            "default_acl": None,
        },
    }
    if MEDIA_S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{MEDIA_S3_CUSTOM_DOMAIN}/"

# The newsroom's own identity: the source of its staff stories and the name in feeds.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "The Harbour Ledger")
NEWSROOM_URL = os.environ.get("NEWSROOM_URL", "http://127.0.0.1:8000")
# The publisher's logo in structured data and the share card of pages without a picture:
# a static file (path under static/) and its size in pixels.
NEWSROOM_LOGO = os.environ.get("NEWSROOM_LOGO", "logo.png")
NEWSROOM_LOGO_WIDTH = int(os.environ.get("NEWSROOM_LOGO_WIDTH", "512"))
NEWSROOM_LOGO_HEIGHT = int(os.environ.get("NEWSROOM_LOGO_HEIGHT", "512"))
# Where a reader can ask to license a photo (``acquireLicensePage`` when the notice has no
# licence URL); empty: the home page.
NEWSROOM_LICENSING_URL = os.environ.get("NEWSROOM_LICENSING_URL", "")
# The Twitter/X account of the newsroom (``@name``) for share cards; empty: none.
NEWSROOM_TWITTER = os.environ.get("NEWSROOM_TWITTER", "")
# A search that takes longer is cancelled (PostgreSQL) and the reader asked to narrow it.
NEWSROOM_SEARCH_TIMEOUT_MS = int(os.environ.get("NEWSROOM_SEARCH_TIMEOUT_MS", "3000"))
# Search ranks the newest this many matching stories (PostgreSQL), so a common word costs the
# same at any archive size; readers are told when a search has more matches than that.
NEWSROOM_SEARCH_WINDOW = int(os.environ.get("NEWSROOM_SEARCH_WINDOW", "1000"))

# Upload limits: a form's fields (not its files) and a photo file.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DJANGO_DATA_UPLOAD_MAX_BYTES", 2_621_440))
NEWSROOM_MAX_PHOTO_BYTES = int(os.environ.get("NEWSROOM_MAX_PHOTO_BYTES", 20 * 1024 * 1024))
# Agency pictures given by address (ninjs renditions, NITF media) are fetched only from these
# hosts (comma-separated, e.g. "pictures.agency.example"); empty: never fetched.
NEWSROOM_WIRE_PHOTO_HOSTS = [
    host.strip() for host in os.environ.get("NEWSROOM_WIRE_FETCH_PHOTOS", "").split(",") if host
]
NEWSROOM_WIRE_PHOTO_TIMEOUT = float(os.environ.get("NEWSROOM_WIRE_PHOTO_TIMEOUT", "10"))
# 50 megapixels: more than any camera a newsroom uses; a bigger image is refused, not decoded.
NEWSROOM_MAX_PHOTO_PIXELS = int(os.environ.get("NEWSROOM_MAX_PHOTO_PIXELS", 50_000_000))
# Where nginx serves media internally (X-Accel-Redirect); empty: Django streams the file.
NEWSROOM_MEDIA_ACCEL_PREFIX = os.environ.get("NEWSROOM_MEDIA_ACCEL_PREFIX", "")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    # The proxy in front must set X-Forwarded-Proto (and drop any a client sends).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Plain HTTP gets a redirect to HTTPS (the cookies above only travel over HTTPS);
    # DJANGO_SECURE_REDIRECT_EXEMPT lists path regexes (e.g. a health check) that do not.
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = env_list("DJANGO_SECURE_REDIRECT_EXEMPT")
    # HSTS: browsers refuse plain HTTP to this host for a year. Set 0 while trying HTTPS out.
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
