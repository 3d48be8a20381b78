"""The site's one rate limiter: fixed-window counters in the cache.

Each ``RateLimit`` counts hits per identity (a client address, an email address) in
windows of ``window`` seconds aligned to the clock, so a refusal can say exactly how
long is left (``Retry-After``). ``cache.incr`` is atomic in Redis and in local memory,
so concurrent requests cannot slip past the limit.

When the cache cannot count (Redis down: django-redis with ``IGNORE_EXCEPTIONS`` answers
``None`` to ``get``/``add``/``incr``, or raises; the production backend,
``hetsite.core.cache.ResilientRedisCache``, answers as if counting from zero and says so
through ``is_available()``), a limit does what its ``fail_open`` says:
``True`` lets the request through (public forms, which keep their honeypot and time
trap), ``False`` refuses it with ``unavailable`` set (password resets, so nobody can
flood inboxes while nothing is counted). Either way nothing answers 500, and the outage
is logged at most once a minute.

Sign-in is not throttled here: django-axes does it in the database (see
``hetsite.core.signin``), so it keeps working when the cache is down.
"""

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

OUTAGE_LOG_INTERVAL = 60  # seconds between two "cache unavailable" log lines
_last_outage_logged = 0.0


def client_ip(request):
    """The address the request came from.

    Behind the reverse proxy (deploy/nginx.conf.template) every request reaches gunicorn
    from the proxy's own address, so the proxy's ``X-Real-IP`` (the connecting client,
    set by nginx, never passed through from the client) is used — but only when the
    request really came from a proxy listed in ``HETSITE_TRUSTED_PROXIES``. Anyone else
    could put any address in that header, and X-Forwarded-For is never trusted.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    if remote in getattr(settings, "HETSITE_TRUSTED_PROXIES", ()):
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return remote


def _log_outage(exc=None):
    global _last_outage_logged
    now = time.monotonic()
    if now - _last_outage_logged >= OUTAGE_LOG_INTERVAL:
        _last_outage_logged = now
        logger.warning("Rate limits: the cache is unavailable (%s)", exc or "no answer")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int = 0  # whole seconds until the window that refused ends
    unavailable: bool = False  # the cache could not count (see fail_open)

    def __bool__(self):
        return self.allowed


class RateLimit:
    """At most ``limit`` hits per identity in each ``window``-second window."""

    def __init__(self, scope, limit, window, *, fail_open=True):
        self.scope = scope
        self.limit = limit
        self.window = window
        self.fail_open = fail_open

    def _bucket(self, now):
        start = int(now // self.window) * self.window
        return start, max(1, math.ceil(start + self.window - now))

    def _key(self, kind, value, start):
        digest = hashlib.sha256(str(value).casefold().encode()).hexdigest()[:32]
        return f"ratelimit:{self.scope}:{kind}:{digest}:{start}"

    def _count(self, key):
        """Add one to ``key``; the new count, or None when the cache cannot count."""
        try:
            cache.add(key, 0, self.window + 1)
            count = cache.incr(key)
        except ValueError:  # the key vanished between add and incr (expired or evicted)
            try:
                count = 1 if cache.add(key, 1, self.window + 1) else None
            except Exception as exc:
                _log_outage(exc)
                return None
        except Exception as exc:  # a cache backend that raises on a lost connection
            _log_outage(exc)
            return None
        is_available = getattr(cache, "is_available", None)
        if count is None or (is_available is not None and not is_available()):
            _log_outage()
            return None
        return count

    def hit(self, **identities):
        """Count one attempt for each identity; refused if any is over the limit.

        The attempt is counted even when refused, so hammering does not help.
        """
        now = time.time()
        start, retry_after = self._bucket(now)
        for kind, value in identities.items():
            if not value:
                continue
            count = self._count(self._key(kind, value, start))
            if count is None:
                if self.fail_open:
                    continue
                return Decision(False, retry_after=60, unavailable=True)
            if count > self.limit:
                return Decision(False, retry_after=retry_after)
        return Decision(True)


def too_many_requests(request, template, context=None, *, decision, status=None):
    """Render ``template`` as a 429 (or 503 when the limiter was unavailable)."""
    context = dict(context or {})
    minutes = max(1, math.ceil(decision.retry_after / 60))
    context.update(
        retry_after=decision.retry_after,
        retry_after_minutes=minutes,
        rate_limit_unavailable=decision.unavailable,
    )
    response = render(
        request, template, context, status=status or (503 if decision.unavailable else 429)
    )
    response["Retry-After"] = str(decision.retry_after)
    return response


def wait_message(decision):
    """'Please try again in N minutes.' for a refusal."""
    minutes = max(1, math.ceil(decision.retry_after / 60))
    return ngettext(
        "Please try again in %(minutes)s minute.",
        "Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


# At most 5 applications an hour from one address.
apply_limit = RateLimit("partner-apply", limit=5, window=60 * 60)
# Newsletter sign-ups: 5 an hour per client address; one email per address per 10 minutes.
subscribe_limit = RateLimit("newsletter-signup", limit=5, window=60 * 60)
subscribe_email_limit = RateLimit("newsletter-signup-email", limit=1, window=10 * 60)
# Password resets (portal): 10 an hour per client address; 3 emails an hour per address.
reset_client_limit = RateLimit("password-reset-client", limit=10, window=60 * 60, fail_open=False)
reset_email_limit = RateLimit("password-reset-email", limit=3, window=60 * 60, fail_open=False)
