"""The scheduler's own chores: hand over what the broker lacks, forget old finished jobs.

Run by Celery beat (``django_celery_beat``'s database scheduler, ``CELERY_BEAT_SCHEDULE``
in the settings); the drain also runs once when a worker starts.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from ..models import Job
from . import outbox

# Finished jobs are kept this long for operators to read, then deleted.
KEEP_FINISHED = timedelta(days=7)


@shared_task(name="newsroom.drain_outbox", ignore_result=True)
def drain_outbox() -> int:
    return outbox.drain()


@shared_task(name="newsroom.forget_finished_jobs", ignore_result=True)
def forget_finished_jobs() -> int:
    old = timezone.now() - KEEP_FINISHED
    return Job.objects.filter(state=Job.State.DONE, finished_at__lt=old).delete()[0]


@worker_ready.connect(dispatch_uid="newsroom-drain-on-start")
def drain_when_a_worker_starts(**kwargs) -> None:
    outbox.drain()
