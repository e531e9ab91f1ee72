"""Running one job: claim its row, run its handler, record how it went.

The claim is one conditional UPDATE: a job waiting, queued, or held by a worker whose
lease ran out. So two workers given the same job (a duplicated message, the drain
resending one the broker still had) run it once, and a job whose worker died mid-run
is run again by the next one. A failure is kept with its error and retried after a
growing delay; after ``max_attempts`` the job is *failed* and stays for an operator
(admin › Background jobs, ``manage.py jobs``), never dropped.
"""

from __future__ import annotations

import logging
import traceback
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from ..models import Job
from . import outbox, registry

logger = logging.getLogger(__name__)

DONE, TAKEN, FAILED, RETRY, EARLY, MISSING = "done", "taken", "failed", "retry", "early", "missing"


def run(job_id: int) -> str:
    """Run the job if nobody else holds it; what happened, as one word."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        return MISSING
    now = timezone.now()
    if job.run_after and job.run_after > now + timedelta(seconds=1):
        return EARLY  # the drain sends it again when it is due
    try:
        kind = registry.kind(job.task)
    except registry.UnknownJob as error:
        _give_up(job, str(error))
        return FAILED
    claimable = Q(state__in=[Job.State.PENDING, Job.State.QUEUED]) | Q(
        state=Job.State.RUNNING, lease_until__lt=now
    )
    claimed = (
        Job.objects.filter(claimable, pk=job.pk)
        .filter(Q(run_after__isnull=True) | Q(run_after__lte=now + timedelta(seconds=1)))
        .update(
            state=Job.State.RUNNING,
            attempts=F("attempts") + 1,
            lease_until=now + timedelta(seconds=kind.lease),
        )
    )
    if not claimed:
        return TAKEN
    job.refresh_from_db()
    try:
        kind.handler(dict(job.payload))
    except Exception:  # any failure is kept with the job and retried, never lost
        return _failed(job, kind, traceback.format_exc(limit=12))
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts).update(
        state=Job.State.DONE, finished_at=timezone.now(), lease_until=None, last_error=""
    )
    return DONE


def _failed(job: Job, kind: registry.JobKind, error: str) -> str:
    if job.attempts >= job.max_attempts:
        _give_up(job, error)
        return FAILED
    delay = kind.delay(job.attempts)
    logger.warning("Job %s failed (attempt %d), retried in %gs.", job, job.attempts, delay)
    retried = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, attempts=job.attempts).update(
        state=Job.State.PENDING,
        run_after=timezone.now() + timedelta(seconds=delay),
        lease_until=None,
        last_error=error[-8000:],
    )
    if retried:
        outbox.dispatch([job.pk])
    return RETRY


def _give_up(job: Job, error: str) -> None:
    logger.error("Job %s failed for good after %d attempts: %s", job, job.attempts, error)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.FAILED,
        finished_at=timezone.now(),
        lease_until=None,
        last_error=error[-8000:],
    )


def retry(job_ids) -> int:
    """An operator's retry of failed jobs: attempts start again; how many were requeued."""
    updated = Job.objects.filter(pk__in=list(job_ids), state=Job.State.FAILED).update(
        state=Job.State.PENDING, attempts=0, run_after=None, finished_at=None
    )
    if updated:
        outbox.dispatch(list(job_ids))
    return updated


def run_due(*, limit: int = 1000) -> dict[str, int]:
    """Run every due job here and now, in order (``manage.py jobs run``: cron, tests)."""
    now = timezone.now()
    due = Q(run_after__isnull=True) | Q(run_after__lte=now)
    claimable = Q(state__in=[Job.State.PENDING, Job.State.QUEUED]) | Q(
        state=Job.State.RUNNING, lease_until__lt=now
    )
    outcomes: dict[str, int] = {}
    for _ in range(limit):
        job_id = (
            Job.objects.filter(due & claimable)
            .order_by("run_after", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        if job_id is None:
            break
        outcome = run(job_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
