"""Settings shared by every environment.

Environment-specific modules (``dev``, ``test``, ``production``) import from here and
override only what differs. Nothing secret lives in this file.
"""

import os
from datetime import timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

# Apps are listed in dependency order: ``load_demo_content`` walks this list and
# runs each app's ``demo.load()`` in turn, so taxonomy exists before pages use it.
INSTALLED_APPS = [
    "hetsite.core",
    "hetsite.media",
    "hetsite.privacy",
    "priorities",
    "projects",
    "casestudies",
    "places",
    "portal",
    "prizes",
    "newsletters",
    "api",
    # Community languages (README "Languages"): locales, the language switcher, the
    # translation records; after the content apps so its demo translates their pages.
    "hetsite.i18n",
    "hetsite.httpcache",
    # Content translation in the admin, with PO export and import; its locales app
    # replaces wagtail.locales.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # ETag and 304 from the finished page (not for no-store responses); then the
    # Cache-Control header, decided after the session, CSRF and messages cookies are set.
    "django.middleware.http.ConditionalGetMiddleware",
    "hetsite.httpcache.middleware.CacheHeadersMiddleware",
    "hetsite.media.middleware.PublicMediaVaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the URL prefix (/ur/, /pl/...); unprefixed is English.
    "hetsite.i18n.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hetsite.core.middleware.SecurityHeadersMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "hetsite.media.middleware.StorageFullMiddleware",
]

ROOT_URLCONF = "hetsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "hetsite.core.navigation.site_navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "hetsite.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The site's languages, each named in itself (the switcher shows these names). English is
# the source language and is served without a prefix; the others under /<code>/.
# Chosen as Luton's largest community languages (README "Languages").
LANGUAGES = [
    ("en-gb", "English"),
    ("ur", "اردو"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bn", "বাংলা"),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "hetsite.media.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hetsite",
    }
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Health Equity Town <healthequitytown@luton.gov.uk>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where partner applications and other editor notifications go.
EDITOR_NOTIFICATION_EMAILS = ["publichealth@luton.gov.uk"]

# Background tasks (newsletter sending, Wagtail's own reference-index updates).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Django's default. Measured with every checkbox ticked: the demo's biggest admin form (a
# page edit) posts 130 fields and a group's permissions 81; StreamField posts about 7
# fields a block, so a page fits about 140 blocks. Over the limit: templates/400.html.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
# Requests above this are rejected before a view runs; image limits below are tighter.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "projects:portal_login"
LOGIN_REDIRECT_URL = "projects:portal_dashboard"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"  # the admin sets SAMEORIGIN for its preview panel
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4). The public site runs no inline script and
# loads nothing from other hosts. Wagtail's admin needs inline script and styles, so
# ``hetsite.core.middleware`` relaxes the policy for /admin/ only.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
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

# Public forms' time trap (hetsite.core.forms): a post sooner than this after the form was
# rendered is dropped silently, like the honeypot; a form older than HETSITE_FORM_MAX_AGE
# is shown again.
HETSITE_FORM_MIN_SECONDS = 2
HETSITE_FORM_MAX_AGE = 24 * 60 * 60
# A branded, CSP-clean page instead of Django's (which has an inline style).
CSRF_FAILURE_VIEW = "hetsite.core.views.csrf_failure"
# No Gravatar: the admin would otherwise put hashes of editors' emails in its markup.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Wagtail
WAGTAIL_SITE_NAME = "Luton Health Equity Town"
# Links in Wagtail's own notification emails. The portal's emails use the default Site's
# root URL (portal.emails.site_root_url), which ``load_demo_content --site-port`` sets;
# this follows the same port when ``make run PORT=...`` passes it in the environment.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or (
    f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"
)
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAIL_I18N_ENABLED = True
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10 MB
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # 40 megapixels
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10 MB
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Media privacy (hetsite.media): renditions are served by a view that checks the image is
# on the public site; originals never are. In production nginx sends the bytes from this
# internal location (X-Accel-Redirect); empty means Django streams them itself.
HETSITE_MEDIA_ACCEL_REDIRECT = ""
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The public API (api/, README "Open data and the API"): at most 50 items a request.
# Its addresses use the Site's root URL; WAGTAILAPI_BASE_URL stays unset.
WAGTAILAPI_LIMIT_MAX = 50

# Personal data: how long each kind is kept (``python manage.py purge_personal_data``,
# run daily by the worker). The privacy notice states these same periods. Each value is
# "<number> days|weeks|months|years".
HETSITE_RETENTION = {
    "unconfirmed_subscribers": "7 days",
    "unsubscribed_subscribers": "30 days",
    "rejected_applications": "6 months",
    "approved_applications": "12 months",
    "delivery_logs": "12 months",
    "deactivated_members": "12 months",
    "sent_emails": "3 months",
    "failed_emails": "3 months",
    "sign_in_attempts": "1 day",
    "task_results": "30 days",
}

# --- Sign-in security -------------------------------------------------------------------
# django-axes throttles both sign-in forms (the Wagtail admin and the partner portal) in
# the database, so it does not depend on Redis; see ``hetsite.core.signin``.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",  # refuses locked-out sign-ins; ModelBackend signs in
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10  # failures per account name, and separately per client address
AXES_COOLOFF_TIME = timedelta(minutes=5)  # a failure is forgotten 5 minutes after it
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lock ends on time, whatever is tried
AXES_USERNAME_CALLABLE = "hetsite.core.signin.username_for_axes"
AXES_CLIENT_IP_CALLABLE = "hetsite.core.ratelimit.client_ip"
# Reverse proxies whose X-Real-IP header names the client (rate limits, sign-in throttle).
HETSITE_TRUSTED_PROXIES = []
AXES_LOCKOUT_CALLABLE = "hetsite.core.signin.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # keep no record of successful sign-ins (personal data)
# Wagtail's admin password reset goes through the same rate-limited, uniform flow as the
# portal's (hetsite.core.admin_password_reset) and emails only users who may use the admin.
WAGTAIL_PASSWORD_RESET_ENABLED = True

# Two-factor sign-in for the Wagtail admin (django-otp; see ``hetsite.twofactor``).
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "hetsite.twofactor",
]
# Administrators (superusers and Site administrators) must set up two-factor sign-in
# before using the admin when this is True (production); editors may always opt in.
HETSITE_REQUIRE_2FA_FOR_ADMINS = False
OTP_TOTP_ISSUER = "Luton Health Equity Town"

MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "hetsite.twofactor.middleware.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Task worker (manage.py run_worker; see hetsite/core/worker.py). Periodic tasks:
# {"name": ("dotted.path.to.task", every_seconds)}; each runs on one worker at a time.
HETSITE_PERIODIC_TASKS = {
    "purge_personal_data": ("hetsite.privacy.tasks.purge_personal_data_task", 24 * 60 * 60),
    # Hourly: the week's first run makes the digest, later runs reach whoever it missed.
    "newsletter_digest": ("newsletters.tasks.send_digest_task", 60 * 60),
}
HETSITE_WORKER_HEARTBEAT_SECONDS = 15
HETSITE_WORKER_STALE_SECONDS = 90  # a worker not seen for this long is dead
HETSITE_WORKER_HOUSEKEEPING_SECONDS = 60

# --- HTTP cache (hetsite.httpcache; README "HTTP cache") ----------------------------------
# Anonymous public pages: browsers keep them HETSITE_HTTP_CACHE_MAX_AGE seconds, the shared
# cache in front (Varnish) HETSITE_HTTP_CACHE_S_MAXAGE, purged on publish. Everything else
# is "private, no-store".
HETSITE_HTTP_CACHE_MAX_AGE = 60
HETSITE_HTTP_CACHE_S_MAXAGE = 24 * 60 * 60
HETSITE_HTTP_CACHE_PRIVATE_PREFIXES = ["/admin/", "/partners/portal/"]
# wagtail.contrib.frontend_cache backends to purge (production sets them from the
# environment); empty: nothing to purge.
WAGTAILFRONTENDCACHE = {}
