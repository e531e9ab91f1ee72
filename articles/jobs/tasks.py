"""The Celery task that runs every job: one id in, the outbox row does the rest.

``acks_late`` with ``reject_on_worker_lost``: the broker keeps the message until the
job has run, so a worker killed mid-job leaves it to the next worker (and the outbox
drain resends it once its lease runs out, whatever the broker did).
"""

from __future__ import annotations

from celery import shared_task

from . import outbox, runner


@shared_task(name=outbox.RUN_JOB, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id: int) -> str:
    return runner.run(job_id)
