"""Jobs that exist only for the worker tests: loaded into a real worker with ``--include``.

Registered with the same registry as the real jobs, so they go through the outbox, the
broker, the claim and the retries exactly as renditions and purges do.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.db import transaction

from articles.jobs import registry
from articles.models import Person

SLOW_WRITE = "tests.slow_write"
COUNT = "tests.count"


@registry.job(SLOW_WRITE, queue=registry.MEDIA, lease=3, max_attempts=5, backoff=(0.5,))
def slow_write(payload: dict) -> None:
    """Two people in one transaction, with a pause between them: a worker killed in the
    pause leaves neither. ``started`` names a file written when the pause begins."""
    with transaction.atomic():
        Person.objects.get_or_create(name=payload["first"])
        Path(payload["started"]).write_text(str(os.getpid()))
        time.sleep(payload.get("sleep", 0))
        Person.objects.get_or_create(name=payload["second"])


@registry.job(COUNT, queue=registry.DELIVERY, lease=30)
def count(payload: dict) -> None:
    """One line in ``file`` per run: a job run twice shows two lines."""
    time.sleep(payload.get("sleep", 0))
    with open(payload["file"], "a") as runs:
        runs.write(f"{payload['n']} {os.getpid()}\n")


FAIL = "tests.fail"


@registry.job(FAIL, queue=registry.NOTIFY, lease=5, max_attempts=3, backoff=(1, 2))
def fail(payload: dict) -> None:
    """Always fails, with the message it is given."""
    raise RuntimeError(payload.get("message", "the remote end said no"))
