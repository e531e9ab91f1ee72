"""Every kind of background job, by name: its handler, its queue, its lease and retries.

Handlers live with their concern (``articles.photos.rendition_jobs``, ``articles.delivery.
purging`` ...) and register here with ``@job``. A handler takes the job's payload (ids
and keys, never ORM objects: the worker reads the rows as they are when it runs) and
must be idempotent: a retried or duplicated job changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Named queues, so an operator can give each its own workers (``celery worker -Q media``).
MEDIA = "media"  # renditions, wire photos: slow, CPU-bound
DELIVERY = "delivery"  # purges, warming story pages, the clock: quick, latency-bound
INGEST = "ingest"  # wire polling
NOTIFY = "notify"  # alerts and newsletters
QUEUES = (MEDIA, DELIVERY, INGEST, NOTIFY)

# Retry delays in seconds, attempt after attempt (the last one repeats).
BACKOFF = (1, 5, 30, 120, 600)


@dataclass(frozen=True)
class JobKind:
    name: str
    handler: Callable[[dict], object]
    queue: str
    lease: int  # seconds a worker may hold the job before another may take it again
    max_attempts: int
    backoff: tuple[float, ...]

    def delay(self, attempt: int) -> float:
        """How long to wait before attempt number ``attempt + 1``."""
        return self.backoff[min(attempt, len(self.backoff)) - 1] if attempt else 0.0


KINDS: dict[str, JobKind] = {}


class UnknownJob(LookupError):
    pass


def job(name: str, *, queue: str, lease: int = 60, max_attempts: int = 8, backoff=BACKOFF):
    """Register ``handler(payload)`` as the job ``name``."""
    if queue not in QUEUES:
        raise ValueError(f"{queue!r} is not one of the queues {QUEUES}")

    def register(handler):
        KINDS[name] = JobKind(name, handler, queue, lease, max_attempts, tuple(backoff))
        return handler

    return register


def kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownJob(f"No job is registered as {name!r}.") from None
