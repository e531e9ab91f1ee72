"""Background jobs for operators: what waits, what runs, what failed and why; retry it.

Read-only rows (the outbox belongs to the writers and the workers); two actions: retry
failed jobs (their attempts start again) and hand waiting jobs to the broker now.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..jobs import outbox, runner
from ..models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "task",
        "queue",
        "state",
        "tries",
        "run_after",
        "created_at",
        "finished_at",
        "short_error",
    ]
    list_filter = ["state", "queue", "task"]
    search_fields = ["task", "dedupe_key", "last_error"]
    date_hierarchy = "created_at"
    list_per_page = 100
    actions = ["retry_failed", "hand_over_now"]
    fields = [
        ("task", "queue"),
        ("state", "attempts", "max_attempts"),
        "payload",
        "dedupe_key",
        ("created_at", "queued_at", "run_after"),
        ("lease_until", "finished_at"),
        "last_error",
    ]
    readonly_fields = [
        name for row in fields for name in (row if isinstance(row, tuple) else [row])
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # actions below check their own permission

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("attempts"), ordering="attempts")
    def tries(self, job):
        return f"{job.attempts}/{job.max_attempts}"

    @admin.display(description=_("last error"))
    def short_error(self, job):
        lines = [line for line in job.last_error.strip().splitlines() if line.strip()]
        return Truncator(lines[-1] if lines else "").chars(120)

    @admin.action(description=_("Retry selected failed jobs"), permissions=["view"])
    def retry_failed(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, _("Only an administrator may retry jobs."), messages.ERROR)
            return
        count = runner.retry(queryset.filter(state=Job.State.FAILED).values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%d failed job is waiting again.", "%d failed jobs are waiting again.", count)
            % count,
        )

    @admin.action(
        description=_("Hand selected waiting jobs to the broker now"), permissions=["view"]
    )
    def hand_over_now(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(
                request, _("Only an administrator may hand jobs over."), messages.ERROR
            )
            return
        open_jobs = queryset.filter(state__in=outbox.OPEN).values_list("pk", flat=True)
        sent = outbox.dispatch(list(open_jobs))
        self.message_user(
            request,
            ngettext("%d job handed to the broker.", "%d jobs handed to the broker.", sent) % sent,
        )
