"""Jobs recorded in the writer's transaction, handed to the broker after its commit.

``enqueue`` writes a ``Job`` row with the write that asks for it: rolled back together,
committed together. After the commit ``dispatch`` sends the job's id to the broker (the
queue of its kind); when the broker is down the row just waits, and ``drain`` (every few
seconds on the worker's scheduler, and when a worker starts) hands over every job the
broker may not have: never sent, due now, sent long ago and never started, or claimed
by a worker that died. A job sent twice runs once: the worker claims the row first.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from functools import partial

from celery import current_app
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import KombuError, OperationalError

from ..models import Job
from . import registry

logger = logging.getLogger(__name__)

RUN_JOB = "newsroom.run_job"  # the Celery task that runs a job by id (articles.jobs.tasks)
OPEN = (Job.State.PENDING, Job.State.QUEUED, Job.State.RUNNING)
# A job due within this many seconds goes to the broker at once, with its time as ETA;
# a later one waits here until the drain hands it over.
ETA_HORIZON = timedelta(seconds=60)
# Handed to the broker this long ago and never started: the broker may have lost it.
REQUEUE_AFTER = timedelta(minutes=5)
# After a failed send, the broker is left alone this long (the drain catches up).
BROKER_REST_SECONDS = 2.0
BROKER_ERRORS = (KombuError, OperationalError, OSError)


class _Broker:
    resting_until = 0.0
    down = False


def enqueue(name: str, payload: dict | None = None, *, using=DEFAULT_DB_ALIAS, **options) -> Job:
    """Record the job ``name`` in the current transaction (``record``: ``run_after``,
    ``dedupe_key``); it goes to the broker after the commit."""
    job = record(name, payload, using=using, **options)
    # Robust: the write is committed whatever happens here; the drain hands the job over.
    transaction.on_commit(partial(dispatch, [job.pk], using=using), using=using, robust=True)
    return job


def record(
    name: str,
    payload: dict | None = None,
    *,
    run_after=None,
    dedupe_key: str = "",
    using: str = DEFAULT_DB_ALIAS,
) -> Job:
    """The job's row alone: the caller hands it over (``dispatch``) when it is ready. With
    ``dedupe_key``, a job of that key not yet done is returned instead of a new one."""
    kind = registry.kind(name)
    jobs = Job.objects.using(using)
    if dedupe_key:
        existing = jobs.filter(dedupe_key=dedupe_key, state__in=OPEN).first()
        if existing is not None:
            return existing
    values = {
        "task": name,
        "queue": kind.queue,
        "payload": payload or {},
        "run_after": run_after,
        "dedupe_key": dedupe_key,
        "max_attempts": kind.max_attempts,
    }
    if not dedupe_key:
        return jobs.create(**values)
    try:
        with transaction.atomic(using=using):
            return jobs.create(**values)
    except IntegrityError:  # another writer recorded the same job a moment ago
        return jobs.get(dedupe_key=dedupe_key, state__in=OPEN)


def dispatch(job_ids, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Hand the due jobs among ``job_ids`` to the broker; how many were sent."""
    if not job_ids or time.monotonic() < _Broker.resting_until:
        return 0
    now = timezone.now()
    app = current_app
    task = app.tasks[RUN_JOB]
    sent = 0
    jobs = Job.objects.using(using).filter(pk__in=list(job_ids), state__in=OPEN)
    for job in jobs.only("pk", "queue", "run_after", "state", "lease_until"):
        if job.state == Job.State.RUNNING and job.lease_until and job.lease_until > now:
            continue  # a worker has it
        eta = job.run_after if job.run_after and job.run_after > now else None
        if eta is not None and eta - now > ETA_HORIZON:
            continue  # not due yet: the drain sends it nearer the time
        if eta is not None and app.conf.task_always_eager:
            _run_here_later(job.pk, (eta - now).total_seconds(), using=using)
            continue
        try:
            task.apply_async(args=[job.pk], queue=job.queue, eta=eta, retry=False)
        except BROKER_ERRORS as error:
            _broker_failed(error)
            break
        _broker_answered()
        # Queued, unless a worker took (or ran, or failed) it meanwhile.
        unchanged = Q(pk=job.pk, state=job.state) & _same("run_after", job.run_after)
        unchanged &= _same("lease_until", job.lease_until)
        Job.objects.using(using).filter(unchanged).update(state=Job.State.QUEUED, queued_at=now)
        sent += 1
    return sent


def drain(*, limit: int = 500, using: str = DEFAULT_DB_ALIAS) -> int:
    """Hand over every open job the broker may not have (see the module docstring)."""
    now = timezone.now()
    due = Q(run_after__isnull=True) | Q(run_after__lte=now + ETA_HORIZON)
    waiting = Q(state=Job.State.PENDING) & due
    lost = Q(state=Job.State.QUEUED, queued_at__lt=now - REQUEUE_AFTER)
    abandoned = Q(state=Job.State.RUNNING, lease_until__lt=now)
    ids = list(
        Job.objects.using(using)
        .filter(waiting | lost | abandoned)
        .order_by("run_after", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return dispatch(ids, using=using)


_timers: set[threading.Timer] = set()


def _run_here_later(job_id: int, delay: float, *, using: str) -> None:
    """Without a worker (``CELERY_TASK_ALWAYS_EAGER``), a job due soon runs on a timer here."""
    timer = threading.Timer(delay, _dispatch_from_timer, args=(job_id, using))
    timer.daemon = True
    _timers.add(timer)
    timer.start()


def cancel_timers() -> None:
    """Stop the timers of jobs due soon (their rows stay: the drain or a worker runs them)."""
    while _timers:
        _timers.pop().cancel()


def _dispatch_from_timer(job_id: int, using: str) -> None:
    _timers.discard(threading.current_thread())
    try:
        dispatch([job_id], using=using)
    except DatabaseError as error:  # the database went away meanwhile: the drain retries
        logger.info("Job %s not dispatched from its timer: %s", job_id, error)
    finally:
        connections[using].close()  # the timer's own connection


def _same(name: str, value) -> Q:
    return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})


def _broker_failed(error: Exception) -> None:
    if not _Broker.down:
        logger.error("The job broker is unreachable; jobs wait in the outbox: %s", error)
        _Broker.down = True
    _Broker.resting_until = time.monotonic() + BROKER_REST_SECONDS


def _broker_answered() -> None:
    if _Broker.down:
        logger.warning("The job broker is reachable again.")
        _Broker.down = False
