"""Job: background work a write asked for, recorded in the writer's transaction (the outbox).

A write that needs work done later (renditions, purging the accelerator, fetching a
wire photo, a purge at an embargo's end) records a ``Job`` row in its own transaction,
so the work exists exactly when the write does. After the commit the job is handed to
the broker (``articles.jobs.outbox``); when the broker is down the row waits and the
drain hands it over later. A worker claims the row before running it, so a duplicated
message does nothing twice, and a job that keeps failing stays here with its error for
an operator (admin › Background jobs, ``manage.py jobs``), never dropped.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting")  # recorded; not handed to the broker, or not due
        QUEUED = "queued", _("queued")  # handed to the broker
        RUNNING = "running", _("running")  # claimed by a worker until ``lease_until``
        DONE = "done", _("done")
        FAILED = "failed", _("failed")  # gave up after ``max_attempts``: kept for an operator

    task = models.CharField(_("task"), max_length=80)
    queue = models.CharField(_("queue"), max_length=40)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    # One job per key while it is not done (e.g. one purge per story per boundary).
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), default=8)
    run_after = models.DateTimeField(_("due"), null=True, blank=True)
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    queued_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    # The desk's machinery: no public output shows a job (articles.delivery.changes).
    shown_nowhere = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            # The drain's scan: open jobs by when they are due.
            models.Index(
                fields=["state", "run_after"],
                condition=Q(state__in=["pending", "queued", "running"]),
                name="job_open_idx",
            ),
            models.Index(fields=["finished_at"], name="job_finished_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key="") & Q(state__in=["pending", "queued", "running"]),
                name="job_one_open_per_dedupe_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} #{self.pk} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in {self.State.PENDING, self.State.QUEUED, self.State.RUNNING}
