"""Whole public responses kept in Django's cache, and never stale.

Correctness rests on one number, the *generation*, kept in the cache. Every entry
records the generation it was made in, and any write that can alter a public output
bumps it (after the transaction commits, see ``articles.delivery.invalidation``): older entries
are then never served again, and are overwritten or age out. Each generation also
remembers the *next time boundary* — the earliest future publication time, embargo or
licence expiry among published stories — so nothing outlives the moment a story
appears or disappears on its own: entries expire by then, and the first request after
it moves to a new generation. No cron job is needed.

The cache is the ``default`` one: Redis when ``REDIS_URL`` is set (shared by every app
server), local memory otherwise (one process only: fine for development).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldError
from django.http import HttpResponse
from django.utils import timezone
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What an unreachable cache raises: pages are then served uncached (see ``outage``).
CACHE_ERRORS = (RedisError, OSError)

GENERATION_KEY = "page-cache:generation"
# Responses worth keeping: pages, redirects to the canonical address, gone stories.
STORED_STATUSES = {200, 301, 410}
# Fields of a published story that make it appear or vanish when their time comes.
BOUNDARY_FIELDS = (
    "published_at",
    "embargo_until",
    "licence_expires_at",
    "rights_notice__display_until",
)
NO_BOUNDARY = 0.0  # cached "nothing scheduled" (``None`` means "not known yet")


def enabled() -> bool:
    """``NEWSROOM_PAGE_CACHE=0`` turns it off: every page rendered, shared caches told no-cache."""
    return settings.NEWSROOM_PAGE_CACHE


def max_age() -> int:
    """The longest any cache may keep a page, in seconds, before the next boundary."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


# -- the generation -------------------------------------------------------------


class _Outage:
    """Whether this process saw the cache fail: logged once, and a bump owed on recovery."""

    active = False


def cache_failed(error: Exception) -> None:
    """Log the first failure only; every change made meanwhile is settled on recovery."""
    if not _Outage.active:
        logger.error("The page cache is unreachable, serving pages uncached: %s", error)
    _Outage.active = True


def _recover() -> None:
    """The cache answers again: writes during the outage could not bump, so bump now."""
    with contextlib.suppress(ValueError):  # came back empty: a new generation starts anyway
        cache.incr(GENERATION_KEY)
    _Outage.active = False
    logger.warning("The page cache is reachable again; its generation moved on.")


def current_generation() -> int:
    """The generation now; a missing one (first use, evicted) starts at a random number.

    Random rather than 1, so a generation that was evicted and started again never
    meets the entries of an earlier life. Raises ``CACHE_ERRORS`` while unreachable.
    """
    if _Outage.active:
        _recover()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.randbits(48), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump() -> None:
    """Something public changed: every entry of the current generation is abandoned.

    Never raises: a write must not fail because the cache is down (the bump is then
    made when the cache answers again, see ``_recover``).
    """
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: starting one abandons nothing
        pass
    except CACHE_ERRORS as error:
        cache_failed(error)


def _boundary_key(generation: int) -> str:
    return f"page-cache:boundary:{generation}"


def next_boundary(*, now: datetime | None = None) -> datetime | None:
    """The earliest future time at which a published story appears or disappears.

    One indexed query per field of ``BOUNDARY_FIELDS`` that the models have (a field
    another branch has not added yet is skipped).
    """
    from ..models import Article

    now = now or timezone.now()
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    candidates = []
    for name in BOUNDARY_FIELDS:
        try:
            upcoming = published.filter(**{f"{name}__gt": now}).order_by(name)
        except FieldError:
            continue
        first = upcoming.values_list(name, flat=True).first()
        if first is not None:
            candidates.append(first)
    return min(candidates, default=None)


def cached_boundary(generation: int) -> float | None:
    """The generation's boundary as a timestamp (``NO_BOUNDARY``: none), ``None`` if unknown."""
    return cache.get(_boundary_key(generation))


def remember_boundary(generation: int, *, now: datetime) -> float:
    """Look the boundary up once per generation and keep it with the generation."""
    boundary = cached_boundary(generation)
    if boundary is None:
        found = next_boundary(now=now)
        boundary = found.timestamp() if found else NO_BOUNDARY
        cache.add(_boundary_key(generation), boundary, timeout=None)
    return boundary


def seconds_left(boundary: float, *, now: datetime) -> int:
    """How long an entry may live: the default, or less when a boundary comes first."""
    if boundary == NO_BOUNDARY:
        return max_age()
    return max(0, min(max_age(), int(boundary - now.timestamp())))


def boundary_passed(generation: int, boundary: float, *, now: datetime) -> bool:
    """True once the boundary is reached; the first reader to see it moves the generation on."""
    if boundary == NO_BOUNDARY or now.timestamp() < boundary:
        return False
    if cache.add(f"page-cache:passed:{generation}", 1, timeout=max_age()):
        bump()
    return True


# -- entries --------------------------------------------------------------------
#
# An entry is keyed by the address alone and records the generation it was made in and
# that generation's boundary, so a hit costs one round trip (the generation and the
# entry together). An entry of another generation is a miss, and is overwritten.


def entry_key(request) -> str:
    """One entry per scheme, host, path and query string (hashed to stay short)."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()
    return f"page-cache:page:{digest}"


def lookup(key: str) -> tuple[int, float | None, HttpResponse | None]:
    """The current generation, and the entry's boundary and response if it is of it."""
    if _Outage.active:
        _recover()
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        return current_generation(), None, None
    stored = found.get(key)
    if stored is None or stored[0] != generation:
        return generation, None, None
    _, boundary, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return generation, boundary, response


def store(key: str, response: HttpResponse, *, generation: int, boundary: float, timeout: int):
    if timeout <= 0:
        return
    headers = list(response.items())
    entry = (generation, boundary, response.status_code, headers, response.content)
    cache.set(key, entry, timeout)
