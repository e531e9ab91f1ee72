"""Where the page cache keeps pages: Redis (one round trip a hit), or any Django cache.

A stored page records the *sequence number* current when its render began and the
surrogate keys it shows. Forgetting keys takes a new sequence number and writes it as
each key's *forgotten at*; a page is served only while every one of its keys was
forgotten before its render began. So a page rendered from rows read before a change
is never served after that change, whatever order the store and the forget arrive in,
and a change evicts exactly the pages that show what it touched.

The same check decides whether a page just rendered may be kept at all (``store``) or
handed to an accelerator (``is_fresh``): a render that began before a change is never
kept after it.

Two implementations with one face:

- ``RedisPageStore`` (production: ``REDIS_URL``): each key also lists the pages that show
  it, and forgetting the key deletes them (one Lua script, atomic with the stores), so a
  page still there is fresh and a hit is one plain ``MGET`` (the page and the clock
  state); readers on every app server see a change on their next request;
- ``DjangoCachePageStore`` (any other cache: a folder shared by the processes of one
  machine, or local memory in tests): a hit reads the page and the *forgotten at* of its
  keys, in a few ``get_many`` calls.

Clock state lives here too: ``clock`` (the moment up to which stories that appeared or
vanished by time have been forgotten) and ``boundary`` (the next such moment known).
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

NO_BOUNDARY = 0.0  # stored "nothing is scheduled" (``None``: not known)


@dataclass(frozen=True)
class Found:
    seq: int  # the sequence number now: a miss renders under it
    boundary: float | None  # the next clock boundary (NO_BOUNDARY: none; None: unknown)
    clock: float | None
    value: object | None  # the page (an ``HttpResponse``) or fragment, if still fresh


def _forgotten_ttl() -> int:
    """A key's *forgotten at* must outlive every page that could be judged by it."""
    return max(3600, 2 * settings.NEWSROOM_PAGE_CACHE_SECONDS)


# -- Redis ------------------------------------------------------------------------------------
#
# ``kept:<page key>``: the pickled page (a name of its own: the hashes an older layout kept
# under ``page:<hash>`` are never read); ``shows:<key>``: the pages showing the key (a sorted
# set scored by when each page expires); ``forgotten:<key>``: when it was last forgotten.

# Stores the page (ARGV[3]; empty: only says whether it is fresh) unless a key it shows
# was forgotten after its render began (ARGV[2]), and lists it under each of its keys.
_STORE = """
local seq = tonumber(ARGV[2])
for i = 6, #ARGV do
  local forgotten = redis.call('GET', ARGV[1] .. ARGV[i])
  if forgotten and tonumber(forgotten) > seq then return 0 end
end
if ARGV[3] == '' then return 1 end
local ttl = tonumber(ARGV[4])
local now = tonumber(redis.call('TIME')[1])
redis.call('SET', KEYS[1], ARGV[3], 'EX', ttl)
for i = 6, #ARGV do
  local shows = ARGV[5] .. ARGV[i]
  redis.call('ZADD', shows, now + ttl, KEYS[1])
  redis.call('ZREMRANGEBYSCORE', shows, '-inf', now)
  if redis.call('TTL', shows) < ttl then redis.call('EXPIRE', shows, ttl) end
end
return 1
"""

# Takes a new sequence number, writes it as each key's *forgotten at* and deletes every
# page listed under the keys.
_FORGET = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  local now = redis.call('TIME')
  redis.call('SET', KEYS[1], string.format('%d', now[1] * 1000000 + now[2]))
end
local n = redis.call('INCR', KEYS[1])
for i = 4, #ARGV do
  redis.call('SET', ARGV[1] .. ARGV[i], n, 'EX', ARGV[2])
  local shows = ARGV[3] .. ARGV[i]
  local pages = redis.call('ZRANGE', shows, 0, -1)
  for first = 1, #pages, 500 do
    redis.call('DEL', unpack(pages, first, math.min(first + 499, #pages)))
  end
  redis.call('DEL', shows)
end
return n
"""

# Clock moves forward only; the boundary is replaced when it is still the one the caller
# saw (an advance), else only lowered (a writer scheduled something sooner).
_CLOCK = """
if ARGV[1] ~= '' then
  local clock = redis.call('GET', KEYS[1])
  if not clock or tonumber(ARGV[1]) > tonumber(clock) then redis.call('SET', KEYS[1], ARGV[1]) end
end
local current = redis.call('GET', KEYS[2])
local new = tonumber(ARGV[2])
local function later(value) if value == 0 then return math.huge end return value end
if (ARGV[3] ~= '' and current == ARGV[3]) or not current
   or later(new) < later(tonumber(current)) then
  redis.call('SET', KEYS[2], ARGV[2])
end
return 1
"""


class RedisPageStore:
    def __init__(self, client, prefix: str):
        self.client = client
        self.prefix = prefix
        self._store = client.register_script(_STORE)
        self._forget = client.register_script(_FORGET)
        self._clock = client.register_script(_CLOCK)
        self._state = [self._key("seq"), self._key("boundary"), self._key("clock")]
        self._local = threading.local()

    def _key(self, name: str) -> str:
        return f"{self.prefix}:pc:{name}"

    def lookup(self, key: str) -> Found:
        blob, seq, boundary, clock = self._read("MGET", self._key(f"kept:{key}"), *self._state)
        value = pickle.loads(blob) if blob else None
        return Found(int(seq or 0), _float(boundary), _float(clock), value)

    def _read(self, *command):
        """One command on this thread's own connection: a hit skips the pool's bookkeeping
        (its lock, health check and metrics: half the cost of a command on a busy box).
        A connection that failed is dropped, so none is ever read from halfway through."""
        connection = getattr(self._local, "connection", None)
        if connection is None or self._local.pid != os.getpid():
            pool = self.client.connection_pool
            connection = pool.connection_class(**pool.connection_kwargs)
            self._local.connection, self._local.pid = connection, os.getpid()
        try:
            connection.send_command(*command)
            return connection.read_response()
        except BaseException:
            connection.disconnect()
            raise

    def store(self, key: str, value, *, seq: int, keys, ttl: int) -> bool:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        args = [self._key("forgotten:"), seq, blob, ttl, self._key("shows:"), *keys]
        return bool(self._store(keys=[self._key(f"kept:{key}")], args=args))

    def is_fresh(self, keys, *, seq: int) -> bool:
        args = [self._key("forgotten:"), seq, "", 0, "", *keys]
        return bool(self._store(keys=[self._key("unused")], args=args))

    def forget(self, keys) -> int:
        args = [self._key("forgotten:"), _forgotten_ttl(), self._key("shows:"), *sorted(keys)]
        return int(self._forget(keys=[self._key("seq")], args=args))

    def move_clock(self, *, clock: float | None, boundary: float, seen: float | None) -> None:
        self._clock(
            keys=[self._key("clock"), self._key("boundary")],
            args=["" if clock is None else repr(clock), repr(boundary), _seen(seen)],
        )


def _float(value) -> float | None:
    return None if value is None else float(value)


def _seen(value: float | None) -> str:
    return "" if value is None else repr(value)


# -- any Django cache -------------------------------------------------------------------------


class DjangoCachePageStore:
    """The same store over Django's cache API: a folder shared by one machine's processes
    (``FileBasedCache``), or local memory in tests. Not atomic, and it need not be: a page
    is judged by the *forgotten at* written after the change, which a reader reads after
    its render (see the module docstring); a lost increment only costs a spare render."""

    def __init__(self, backend=None):
        self.backend = backend or cache
        self._lock = threading.Lock()  # one process's increments at least never collide

    def lookup(self, key: str) -> Found:
        found = self.backend.get_many([f"pc:entry:{key}", "pc:seq", "pc:boundary", "pc:clock"])
        seq = found.get("pc:seq") or 0
        entry = found.get(f"pc:entry:{key}")
        value = None
        if entry is not None:
            stored_seq, keys, value = entry
            if not self._all_before(keys, stored_seq):
                value = None
        return Found(seq, found.get("pc:boundary"), found.get("pc:clock"), value)

    def _all_before(self, keys, seq: int) -> bool:
        forgotten = self.backend.get_many([f"pc:forgotten:{key}" for key in keys])
        return all(value <= seq for value in forgotten.values())

    def store(self, key: str, value, *, seq: int, keys, ttl: int) -> bool:
        if not self._all_before(keys, seq):
            return False
        self.backend.set(f"pc:entry:{key}", (seq, tuple(keys), value), ttl)
        return True

    def is_fresh(self, keys, *, seq: int) -> bool:
        return self._all_before(keys, seq)

    def forget(self, keys) -> int:
        with self._lock:
            seq = self.backend.get("pc:seq")
            seq = (seq if seq is not None else time.time_ns() // 1000) + 1
            self.backend.set("pc:seq", seq, None)
        self.backend.set_many({f"pc:forgotten:{key}": seq for key in keys}, _forgotten_ttl())
        return seq

    def move_clock(self, *, clock: float | None, boundary: float, seen: float | None) -> None:
        with self._lock:
            if clock is not None:
                current = self.backend.get("pc:clock")
                if current is None or clock > current:
                    self.backend.set("pc:clock", clock, None)
            current = self.backend.get("pc:boundary")

            def later(value):
                return float("inf") if value == NO_BOUNDARY else value

            if current is None or current == seen or later(boundary) < later(current):
                self.backend.set("pc:boundary", boundary, None)
