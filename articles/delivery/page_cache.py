"""Whole public responses for anonymous readers, forgotten by what they show, never stale.

Each stored page carries the surrogate keys of what it shows (``surrogate_keys``) and
the sequence number its render began under (``page_store``). A write forgets the keys
its change touches (``articles.delivery.changes`` says which) after its commit: every
page showing one of them is then a miss, and no other page is. A draft's save forgets
nothing; an edit of one story forgets its page and the lists that show it.

Time makes stories appear and vanish too (publication time, embargo, licence expiry).
The store keeps the *next boundary* (the earliest such moment among published stories);
no page is kept past it, and the first request after it forgets the keys of the stories
that crossed it (``advance_clock``), then carries on. The worker does the same every few
seconds, so the accelerators follow the clock too (``articles.delivery.clock``).

Redis holds the store in production (``REDIS_URL``); without it, Django's default cache
(a folder shared by one machine's processes). Redis unreachable: pages are rendered and
served uncached (shared caches are told ``no-cache``), logged once; a change made
meanwhile is forgotten as soon as Redis answers again (retried here in the background,
and by the worker from the outbox).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

from ..jobs import outbox
from . import accelerators, changes, page_store
from .page_store import NO_BOUNDARY

logger = logging.getLogger(__name__)

# What an unreachable cache raises: pages are then served uncached.
CACHE_ERRORS = (RedisError, OSError)
# Responses worth keeping: pages, redirects to the canonical address, gone stories.
STORED_STATUSES = {200, 301, 410}
# How long a reader skips the cache after it failed, so nobody waits on a stalled Redis.
RETRY_AFTER = 1.0
# How long a forget that failed is retried here (the worker goes on retrying after that).
FORGET_RETRY_SECONDS = 120.0
PURGE = "delivery.purge"  # the job (articles.delivery.purging) that purges accelerators


def enabled() -> bool:
    """``NEWSROOM_PAGE_CACHE=0`` turns it off: every page rendered, shared caches told no-cache."""
    return settings.NEWSROOM_PAGE_CACHE


def max_age() -> int:
    """The longest any cache may keep a page, in seconds, before the next boundary."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS


def store():
    """Redis when the default cache is django-redis (one round trip a hit), else that cache."""
    config = settings.CACHES["default"]
    made = (config["BACKEND"], str(config.get("LOCATION", "")), config.get("KEY_PREFIX", ""))
    if _stores.get("made") != made:  # first use, or the settings changed (tests)
        backend = caches["default"]
        if isinstance(backend, RedisCache):
            chosen = page_store.RedisPageStore(get_redis_connection("default"), made[2])
        else:
            chosen = page_store.DjangoCachePageStore(backend)
        _stores.update(made=made, store=chosen)
    return _stores["store"]


_stores: dict = {}


class _Outage:
    """Whether this process saw the cache fail: logged once; reads skip it for a moment."""

    since: float | None = None
    resting_until = 0.0


def cache_failed(error: Exception) -> None:
    if _Outage.since is None:
        logger.error("The page cache is unreachable, serving pages uncached: %s", error)
        _Outage.since = time.monotonic()
    _Outage.resting_until = time.monotonic() + RETRY_AFTER


def _answered() -> None:
    if _Outage.since is not None:
        logger.warning("The page cache is reachable again.")
        _Outage.since = None


class Unavailable(Exception):
    """The cache is resting after a failure: serve uncached."""


def _check_resting() -> None:
    if time.monotonic() < _Outage.resting_until:
        raise Unavailable


# -- readers -------------------------------------------------------------------------------


def entry_key(request) -> str:
    """One entry per scheme, host, path and query string (hashed to stay short)."""
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Lookup:
    seq: int  # a miss renders under this sequence number (see ``store_page``)
    response: HttpResponse | None
    seconds: int  # how long a page may be kept from now (until the next boundary)


def lookup(key: str, *, now: datetime) -> Lookup:
    """The stored page if it is still fresh, else what a render needs to store one.

    Raises ``CACHE_ERRORS`` or ``Unavailable`` when the cache cannot be used.
    """
    _check_resting()
    _retrier.flush()  # what this process could not forget goes first
    found = store().lookup(key)
    _answered()
    boundary = found.boundary
    if boundary is None or (boundary != NO_BOUNDARY and now.timestamp() >= boundary):
        seq, boundary = advance_clock(now=now, found=found)
        return Lookup(seq, None, seconds_left(boundary, now=now))
    # The stored copy (``stored_copy``), unpickled: a response of its own for this request.
    return Lookup(found.seq, found.value, seconds_left(boundary, now=now))


def seconds_left(boundary: float, *, now: datetime) -> int:
    """How long a page may live: the default, or less when a boundary comes first."""
    if boundary == NO_BOUNDARY:
        return max_age()
    return max(0, min(max_age(), int(boundary - now.timestamp())))


def store_page(key: str, response, *, seq: int, keys, seconds: int) -> bool:
    """Keep ``response`` unless a key it shows was forgotten after its render began.

    False means the page is already out of date: it must not be kept anywhere.
    """
    if seconds <= 0:
        return is_fresh(keys, seq=seq)
    return store().store(key, stored_copy(response), seq=seq, keys=sorted(keys), ttl=seconds)


def stored_copy(response) -> HttpResponse:
    """What is kept of a response: its status, headers and bytes (nothing the view or the
    middleware hung on it). Kept pickled, it is a hit's response as it is unpickled."""
    copy = HttpResponse(response.content, status=response.status_code)
    copy.reason_phrase = response.reason_phrase
    del copy["Content-Type"]
    for name, value in response.items():
        copy[name] = value
    return copy


def is_fresh(keys, *, seq: int) -> bool:
    """Whether nothing ``keys`` name changed since the render began under ``seq``."""
    return store().is_fresh(sorted(keys), seq=seq)


def fragment(name: str, keys, build, *, seconds: int):
    """A piece of pages (the header's section list) kept like a page: forgotten by ``keys``."""
    try:
        _check_resting()
        found = store().lookup(f"fragment:{name}")
        if found.value is not None:
            return found.value
        value = build()
        store().store(f"fragment:{name}", value, seq=found.seq, keys=sorted(keys), ttl=seconds)
        return value
    except (*CACHE_ERRORS, Unavailable) as error:
        if not isinstance(error, Unavailable):
            cache_failed(error)
        return build()


# -- the clock ----------------------------------------------------------------------------


def advance_clock(*, now: datetime, found=None) -> tuple[int, float]:
    """Forget the stories that appeared or vanished since the clock was last moved (here
    and, through the outbox, in the accelerators) and learn the next boundary; returns the
    sequence number a render may now use and that boundary."""
    found = found or store().lookup("none")  # the store's state alone
    grace = timedelta(seconds=max_age() + 60)  # older crossings are on every kept page
    since = datetime.fromtimestamp(found.clock, tz=now.tzinfo) if found.clock else now - grace
    seq = found.seq
    if since < now:
        crossed = changes.crossing(since, now)
        if crossed:
            seq = store().forget(crossed)
            if accelerators.configured():
                payload = {"named": True, "keys": sorted(crossed), "repeat": True}
                outbox.enqueue(PURGE, payload)
    upcoming = changes.next_boundary(now=now)
    boundary = upcoming.timestamp() if upcoming else NO_BOUNDARY
    store().move_clock(clock=now.timestamp(), boundary=boundary, seen=found.boundary)
    return seq, boundary


def lower_boundary(*, now: datetime) -> None:
    """A writer scheduled something: the next boundary may now come sooner."""
    upcoming = changes.next_boundary(now=now)
    boundary = upcoming.timestamp() if upcoming else NO_BOUNDARY
    try:
        store().move_clock(clock=None, boundary=boundary, seen=None)
    except CACHE_ERRORS as error:
        cache_failed(error)  # the worker's clock sweep lowers it again within seconds


# -- writers -------------------------------------------------------------------------------


def forget(keys) -> bool:
    """Forget every page showing one of ``keys``; False when the cache did not answer (the
    keys are then retried here in the background until it does)."""
    keys = set(keys)
    if not keys:
        return True
    try:
        store().forget(keys)
    except CACHE_ERRORS as error:
        cache_failed(error)
        _retrier.add(keys)
        return False
    return True


class _Retrier:
    """Forgets that failed, tried again every quarter second while the process lives."""

    def __init__(self):
        self.lock = threading.Lock()
        self.keys: set[str] = set()
        self.thread: threading.Thread | None = None

    def add(self, keys) -> None:
        with self.lock:
            self.keys |= set(keys)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self.run, name="page-cache-forget")
                self.thread.daemon = True
                self.thread.start()

    def flush(self) -> None:
        """Forget what is waiting, now; raises ``CACHE_ERRORS`` if the cache still fails."""
        if not self.keys:
            return
        with self.lock:
            keys, self.keys = self.keys, set()
        try:
            store().forget(keys)
        except CACHE_ERRORS:
            with self.lock:
                self.keys |= keys
            raise
        _answered()

    def run(self) -> None:
        deadline = time.monotonic() + FORGET_RETRY_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.25)
            if not self.keys:
                return
            try:
                self.flush()
            except CACHE_ERRORS:
                continue
        logger.error(
            "The page cache did not answer for %ds: the worker retries.", FORGET_RETRY_SECONDS
        )

    def pending(self) -> set[str]:
        with self.lock:
            return set(self.keys)


_retrier = _Retrier()
