"""A Redis cache that degrades to "no cache" when Redis is unreachable.

Django's ``RedisCache`` raises on a connection error, so a Redis outage would turn
every cached page into a 500. This subclass treats an unreachable Redis as an empty
cache: reads miss, writes are dropped, pages are rendered uncached. It logs the
failure once (and the recovery once), and after a failure it does not try Redis
again for ``retry_after`` seconds, so readers do not each wait for a connection
timeout while Redis is down.
"""

from __future__ import annotations

import logging
import time
from functools import wraps

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .redis_cache import RedisCache

logger = logging.getLogger(__name__)

FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)


def _resilient(fallback):
    """Run the method unless Redis is resting after a failure; on failure, ``fallback()``."""

    def decorate(method):
        @wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._resting_until:
                return fallback(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except FAILURES as error:
                self._failed(error)
                return fallback(*args, **kwargs)
            self._succeeded()
            return result

        return wrapper

    return decorate


def _default_argument(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _no_values(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


def _counter_missing(key, *args, **kwargs):
    # Not a miss: a caller counting changes (the page cache's generation) must know that
    # its change was not counted, and settle it when the cache answers again.
    raise RedisConnectionError(f"The cache is unreachable: {key!r} was not counted.")


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that serves misses while Redis is down and logs once."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_after = float(params.get("RETRY_AFTER", 5))
        self._resting_until = 0.0
        self._down = False

    def _failed(self, error: BaseException) -> None:
        self._resting_until = time.monotonic() + self.retry_after
        if not self._down:
            self._down = True
            logger.error(
                "Redis cache unreachable (%s): serving pages uncached, retrying every %gs.",
                error,
                self.retry_after,
            )

    def _succeeded(self) -> None:
        if self._down:
            self._down = False
            logger.warning("Redis cache reachable again.")

    get = _resilient(_default_argument)(RedisCache.get)
    get_many = _resilient(_no_values)(RedisCache.get_many)
    has_key = _resilient(_false)(RedisCache.has_key)
    add = _resilient(_false)(RedisCache.add)
    set = _resilient(_nothing)(RedisCache.set)
    set_many = _resilient(_all_failed)(RedisCache.set_many)
    touch = _resilient(_false)(RedisCache.touch)
    delete = _resilient(_false)(RedisCache.delete)
    delete_many = _resilient(_nothing)(RedisCache.delete_many)
    incr = _resilient(_counter_missing)(RedisCache.incr)
    clear = _resilient(_nothing)(RedisCache.clear)
