"""Production: everything comes from the environment, and a missing value fails loudly.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS (comma-separated), DATABASE_URL.
Optional: REDIS_URL (cache), EMAIL_URL-style settings (EMAIL_HOST, EMAIL_PORT,
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS), DJANGO_DEFAULT_FROM_EMAIL,
WAGTAILADMIN_BASE_URL, media storage (AWS_STORAGE_BUCKET_NAME and friends, read by
django-storages when installed; otherwise MEDIA_ROOT), FRONTEND_CACHE_PURGE_URL,
HTTP_CACHE_MAX_AGE, HTTP_CACHE_S_MAXAGE.
"""

import os

import dj_database_url

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env(name, default=None, *, required=False):
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name, default=False):
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
# WhiteNoise serves the collected static files straight after SecurityMiddleware.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
SECRET_KEY = env("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = [
    h.strip() for h in env("DJANGO_ALLOWED_HOSTS", required=True).split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [f"https://{h.lstrip('.')}" for h in ALLOWED_HOSTS]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", required=True), conn_max_age=60, conn_health_checks=True
    )
}

if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "hetsite",
            "TIMEOUT": 600,
        }
    }
    # A Redis outage must not take pages down: hetsite.core.cache serves as if the cache
    # were empty, gives up on a call after half a second, and skips Redis for 30 s after a
    # failure (one log line each time). See README, "Running in production".
    CACHES["default"]["BACKEND"] = "hetsite.core.cache.ResilientRedisCache"
    CACHES["default"]["OPTIONS"] = {
        "SOCKET_CONNECT_TIMEOUT": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
        "SOCKET_TIMEOUT": float(env("REDIS_TIMEOUT", "0.5")),
        "IGNORE_EXCEPTIONS": True,
        "CIRCUIT_BREAKER_SECONDS": int(env("REDIS_CIRCUIT_BREAKER_SECONDS", "30")),
    }

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))  # seconds; a hung mail server frees the worker
# No request talks to the mail server: every email (ours, Wagtail's notifications,
# Django's password reset) goes into the outbox, and the worker sends it with the
# real backend (hetsite/core/outbox.py).
OUTBOX_DELIVERY_BACKEND = EMAIL_BACKEND
EMAIL_BACKEND = "hetsite.core.outbox.QueueingEmailBackend"
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EDITOR_NOTIFICATION_EMAILS"):
    EDITOR_NOTIFICATION_EMAILS = [
        e.strip() for e in env("EDITOR_NOTIFICATION_EMAILS").split(",") if e.strip()
    ]

WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

MEDIA_ROOT = env("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
MEDIA_URL = env("MEDIA_URL", MEDIA_URL)  # noqa: F405
STORAGES = {
    "default": {
        "BACKEND": env("DJANGO_MEDIA_STORAGE", "hetsite.media.storage.AtomicFileSystemStorage")
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media: the app checks who may see a file, nginx sends it from this internal location
# (deploy/nginx.conf.template; README, "Serving media"). Set MEDIA_ACCEL_REDIRECT to an
# empty value to have gunicorn stream the files instead (no nginx in front).
HETSITE_MEDIA_ACCEL_REDIRECT = env("MEDIA_ACCEL_REDIRECT", "/_protected_media/")
if HETSITE_MEDIA_ACCEL_REDIRECT:
    SENDFILE_BACKEND = "hetsite.media.sendfile_nginx"

# Background tasks: newsletters are sent by a worker (see README, "Running in production").
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# The HTTP cache in front (deploy/varnish/; README "HTTP cache"): what it may keep, and
# where to send purges on publish. FRONTEND_CACHE_PURGE_URL is one or more comma-separated
# Varnish addresses (http://10.0.0.5:6081), each purged through
# wagtail.contrib.frontend_cache with hetsite.httpcache.backends.VarnishBackend.
HETSITE_HTTP_CACHE_MAX_AGE = int(env("HTTP_CACHE_MAX_AGE", "60"))
HETSITE_HTTP_CACHE_S_MAXAGE = int(env("HTTP_CACHE_S_MAXAGE", str(24 * 60 * 60)))
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {
        "BACKEND": "hetsite.httpcache.backends.VarnishBackend",
        "LOCATION": location.strip(),
        "TIMEOUT": float(env("FRONTEND_CACHE_PURGE_TIMEOUT", "2")),
    }
    for number, location in enumerate(env("FRONTEND_CACHE_PURGE_URL", "").split(","), 1)
    if location.strip()
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Load balancers probe /health/ over plain HTTP on the app server itself.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}

# Key for the hashes of addresses kept after unsubscribing and in the privacy audit
# (hetsite/privacy/addresses.py). Defaults to the secret key; set it to keep hashes
# recognisable across secret-key rotations.
HETSITE_PRIVACY_HASH_KEY = env("HETSITE_PRIVACY_HASH_KEY", "")

# Administrators must use two-factor sign-in in production (see hetsite.twofactor).
HETSITE_REQUIRE_2FA_FOR_ADMINS = env_bool("HETSITE_REQUIRE_2FA_FOR_ADMINS", True)

# django-health-check logs every failing probe with a traceback at WARNING; a load
# balancer probing every few seconds would flood the log during an outage.
LOGGING.setdefault("loggers", {})["health_check"] = {"level": "ERROR"}

# The reverse proxy in front of gunicorn (deploy/nginx.conf.template runs on the same
# host): its X-Real-IP names the client for rate limits and the sign-in throttle.
HETSITE_TRUSTED_PROXIES = [
    p.strip() for p in env("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()
]
