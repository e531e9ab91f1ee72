"""``manage.py jobs``: the background jobs for operators, cron users and tests.

manage.py jobs                 what waits, runs and failed, by queue
manage.py jobs list [--state failed] [--limit N]
manage.py jobs run             run every due job here and now (no worker needed)
manage.py jobs drain           hand every open job the broker may lack to it
manage.py jobs retry ID ... | --failed
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Min
from django.utils import timezone

from articles.jobs import outbox, runner
from articles.models import Job


class Command(BaseCommand):
    help = "Show, run, hand over or retry the background jobs."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action")
        listing = actions.add_parser("list", help="One line a job, newest first.")
        listing.add_argument("--state", choices=Job.State.values)
        listing.add_argument("--limit", type=int, default=50)
        actions.add_parser("run", help="Run every due job in this process.")
        actions.add_parser("drain", help="Hand every open job the broker may lack to it.")
        retry = actions.add_parser("retry", help="Let failed jobs run again.")
        retry.add_argument("ids", nargs="*", type=int)
        retry.add_argument("--failed", action="store_true", help="Every failed job.")

    def handle(self, *args, action=None, **options):
        if action == "list":
            return self.list(options["state"], options["limit"])
        if action == "run":
            outcomes = runner.run_due()
            summary = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
            self.stdout.write(f"Jobs run: {summary or 'none were due'}.")
            return None
        if action == "drain":
            self.stdout.write(f"{outbox.drain()} jobs handed to the broker.")
            return None
        if action == "retry":
            return self.retry(options["ids"], every_failed=options["failed"])
        return self.summary()

    def summary(self):
        counts = Job.objects.values("queue", "state").annotate(n=Count("pk")).order_by("queue")
        if not counts:
            self.stdout.write("No background jobs.")
        for row in counts:
            self.stdout.write(f"{row['queue']:<10} {row['state']:<8} {row['n']}")
        oldest = Job.objects.filter(state=Job.State.PENDING).aggregate(at=Min("created_at"))["at"]
        if oldest is not None:
            waited = int((timezone.now() - oldest).total_seconds())
            self.stdout.write(f"The oldest waiting job was recorded {waited} s ago.")
        failed = Job.objects.filter(state=Job.State.FAILED).count()
        if failed:
            self.stdout.write(
                f"{failed} failed for good: `manage.py jobs list --state failed` says why, "
                "`manage.py jobs retry --failed` runs them again."
            )

    def list(self, state, limit):
        jobs = Job.objects.all()
        if state:
            jobs = jobs.filter(state=state)
        for job in jobs[:limit]:
            error = job.last_error.strip().splitlines()[-1:] or [""]
            self.stdout.write(
                f"#{job.pk} {job.task} [{job.queue}] {job.state} "
                f"{job.attempts}/{job.max_attempts} {job.created_at:%Y-%m-%d %H:%M:%S} "
                f"{error[0][:160]}".rstrip()
            )

    def retry(self, ids, *, every_failed):
        if not ids and not every_failed:
            raise CommandError("Name the jobs to retry, or give --failed.")
        failed = Job.objects.filter(state=Job.State.FAILED)
        if ids:
            failed = failed.filter(pk__in=ids)
        count = runner.retry(list(failed.values_list("pk", flat=True)))
        self.stdout.write(f"{count} failed jobs are waiting again.")
