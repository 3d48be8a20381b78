"""Cache-based counters for rate limits (local memory in dev, Redis in production).

A counter lives for ``window`` seconds from its first hit; ``cache.incr`` is atomic in
both backends, so concurrent requests cannot slip past the limit.
"""

import hashlib

from django.core.cache import cache


def client_ip(request):
    """The address the request came from, as the web server saw it.

    Production sits behind a proxy that sets REMOTE_ADDR from the connecting client
    (gunicorn behind a trusted proxy); X-Forwarded-For is not trusted here because a
    client can set it to anything.
    """
    return request.META.get("REMOTE_ADDR") or "unknown"


class Throttle:
    def __init__(self, scope, limit, window):
        self.scope = scope
        self.limit = limit
        self.window = window

    def _key(self, kind, value):
        digest = hashlib.sha256(str(value).casefold().encode()).hexdigest()[:32]
        return f"throttle:{self.scope}:{kind}:{digest}"

    def is_blocked(self, **identities):
        keys = [self._key(kind, value) for kind, value in identities.items() if value]
        counts = cache.get_many(keys)
        return any(count >= self.limit for count in counts.values())

    def hit(self, **identities):
        for kind, value in identities.items():
            if not value:
                continue
            key = self._key(kind, value)
            cache.add(key, 0, self.window)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, self.window)

    def reset(self, **identities):
        cache.delete_many([self._key(k, v) for k, v in identities.items() if v])


# At most 10 failed sign-ins in 5 minutes per account name and per address.
login_throttle = Throttle("portal-login", limit=10, window=5 * 60)
# At most 5 applications an hour from one address.
apply_throttle = Throttle("partner-apply", limit=5, window=60 * 60)
