"""After a write: forget what it touched in the page cache at once, and purge the
accelerators through the outbox, twice.

The writer's transaction recorded a purge job before it committed (``tracking``), so the
purge exists exactly when the change does. After the commit ``settle`` names the keys
(``changes.resolve``), forgets them in the page cache in this process (the very next
request anywhere is fresh) and hands the job to the worker, which purges every
accelerator and, a moment later, purges the same keys again: a page whose render began
before the change and reached the accelerator after the first purge goes too. A purge
that fails is retried until it lands, the page cache's share included when Redis was
away. A job whose writer died before naming its keys purges everything.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ..jobs import outbox, registry
from ..models import Job
from . import accelerators, page_cache, surrogate_keys

PURGE = page_cache.PURGE
# A purge recorded in a transaction waits this long for its writer to name the keys,
# then goes out as a purge of everything (the writer died between commit and settle).
UNNAMED_GRACE = timedelta(minutes=2)


def repeat_after() -> timedelta:
    """When the second purge follows the first: longer than a page takes to render."""
    return timedelta(seconds=settings.NEWSROOM_PURGE_REPEAT_SECONDS)


def record_unnamed(*, using: str) -> int:
    """The purge job of a transaction whose keys are named after its commit."""
    job = outbox.record(
        PURGE, {"named": False}, run_after=timezone.now() + UNNAMED_GRACE, using=using
    )
    return job.pk


def settle(keys: set[str], *, job_id: int | None, clock: bool = False) -> None:
    """After the commit: forget ``keys`` here, hand their purge to the worker."""
    if clock:
        page_cache.lower_boundary(now=timezone.now())
    jobs = Job.objects.filter(pk=job_id, state=Job.State.PENDING) if job_id else None
    if not keys:
        if jobs is not None:
            jobs.delete()  # nothing public changed: no work for anyone
        return
    landed = page_cache.forget(keys)  # pages, and fragments such as the header's sections
    if landed and not accelerators.configured():
        if jobs is not None:
            jobs.delete()
        return
    payload = {"named": True, "keys": sorted(keys), "page_cache": not landed, "repeat": True}
    if jobs is None or not jobs.update(payload=payload, run_after=None):
        job_id = outbox.record(PURGE, payload).pk  # its transaction rolled back after all
    outbox.dispatch([job_id])


@registry.job(
    PURGE, queue=registry.DELIVERY, lease=30, max_attempts=100, backoff=(0.5, 1, 2, 5, 10, 30, 60)
)
def purge(payload: dict) -> None:
    """Forget and purge the keys; retried (by raising) until each part has landed."""
    if not payload.get("named"):
        payload = {"keys": [surrogate_keys.ALL], "page_cache": True, "repeat": False}
    keys = set(payload["keys"])
    if payload.get("page_cache") and not page_cache.forget(keys):
        raise page_cache.Unavailable("The page cache did not answer; retried.")
    accelerators.purge(keys)
    if payload.get("repeat") and accelerators.configured():
        outbox.enqueue(
            PURGE,
            {"named": True, "keys": sorted(keys), "page_cache": False, "repeat": False},
            run_after=timezone.now() + repeat_after(),
        )
