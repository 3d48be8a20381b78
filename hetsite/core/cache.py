"""A Redis cache that never takes the site down with it.

django-redis raises ``ConnectionInterrupted`` when Redis is unreachable, and every page
answered 500. ``ResilientRedisCache`` makes an outage look like an empty cache that
stores nothing (as Django's ``DummyCache`` does): ``get`` misses, ``set`` and ``delete``
do nothing, ``add`` answers True and ``incr`` answers the increment, as if each counter
started from zero. So pages are built from the database, and a rate limit cannot count
and lets requests through ("fails open") until Redis is back — unless it asks
``is_available()`` and is declared to fail closed (``hetsite.core.ratelimit``).

After a failure the cache does not call Redis at all for ``CIRCUIT_BREAKER_SECONDS``
(default 30): a Redis that hangs would otherwise add a socket timeout to every cache
call of every request. The first call after that interval tries Redis again. One error
is logged each time the breaker opens (so at most one per interval per process, not one
per request), and one info line when Redis answers again.

OPTIONS (besides django-redis's own):
    CIRCUIT_BREAKER_SECONDS: how long to skip Redis after a failure (0 disables).
"""

import functools
import logging
import re
import threading
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("hetsite.cache")


class CircuitBreaker:
    """Shared by every thread of a process (Django makes one cache object per thread)."""

    def __init__(self, name, seconds):
        self.name = name
        self.seconds = seconds
        self.open_until = 0.0
        self.failing = False
        self.lock = threading.Lock()

    def allows(self):
        return time.monotonic() >= self.open_until

    def failed(self, error):
        with self.lock:
            now = time.monotonic()
            if now < self.open_until:
                return  # another thread already opened it
            self.open_until = now + self.seconds
            self.failing = True
        logger.error(
            "Cache %s unreachable (%s: %s); serving without it, next try in %s s",
            self.name,
            type(error.__cause__ or error).__name__,
            error.__cause__ or error,
            self.seconds,
        )

    def succeeded(self):
        if self.failing:
            with self.lock:
                was_failing, self.failing = self.failing, False
            if was_failing:
                logger.info("Cache %s reachable again", self.name)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name, seconds):
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, seconds)
        return _breakers[name]


def _guarded(outage_result):
    """Run the client call unless the breaker is open; on an outage answer
    ``outage_result(*args, **kwargs)`` instead of raising."""

    def decorator(method):
        name = method.__name__

        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._breaker.allows():
                try:
                    result = getattr(self.client, name)(*args, **kwargs)
                except ConnectionInterrupted as error:
                    self._breaker.failed(error)
                else:
                    self._breaker.succeeded()
                    return result
            return outage_result(*args, **kwargs)

        return wrapper

    return decorator


def _none(*args, **kwargs):
    return None


def _true(*args, **kwargs):
    return True


def _false(*args, **kwargs):
    return False


def _empty_dict(*args, **kwargs):
    return {}


def _empty_list(*args, **kwargs):
    return []


def _default(key, default=None, *args, **kwargs):
    return default


def _delta(key, delta=1, *args, **kwargs):
    return delta


def _negative_delta(key, delta=1, *args, **kwargs):
    return -delta


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        seconds = params.get("OPTIONS", {}).get("CIRCUIT_BREAKER_SECONDS", 30)
        # The breaker is named by host, port and database; a password in the URL is dropped.
        self._breaker = breaker_for(re.sub(r"//[^@/]*@", "//", str(server)), seconds)

    def is_available(self):
        """False while the breaker is open: a counter cannot be trusted to have counted.

        ``hetsite.core.ratelimit`` asks this after counting, so a limit declared
        fail-closed (password resets) refuses instead of taking the stand-in answers.
        """
        return self._breaker.allows()

    @_guarded(_default)
    def get(self, key, default=None, version=None, client=None):
        pass  # each method here calls the django-redis client's method of the same name

    @_guarded(_false)
    def set(self, *args, **kwargs):
        pass

    @_guarded(_true)
    def add(self, *args, **kwargs):
        pass

    @_guarded(_false)
    def delete(self, *args, **kwargs):
        pass

    @_guarded(_none)
    def delete_many(self, *args, **kwargs):
        pass

    @_guarded(_none)
    def delete_pattern(self, *args, **kwargs):
        pass

    @_guarded(_empty_dict)
    def get_many(self, *args, **kwargs):
        pass

    @_guarded(_empty_list)
    def set_many(self, *args, **kwargs):
        pass

    @_guarded(_delta)
    def incr(self, *args, **kwargs):
        pass

    @_guarded(_negative_delta)
    def decr(self, *args, **kwargs):
        pass

    @_guarded(_false)
    def has_key(self, *args, **kwargs):
        pass

    @_guarded(_false)
    def touch(self, *args, **kwargs):
        pass

    @_guarded(_none)
    def incr_version(self, *args, **kwargs):
        pass

    @_guarded(_none)
    def clear(self, *args, **kwargs):
        pass
