"""The outbox and its runner: recorded with the write, run once, retried, kept when failing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from articles.jobs import outbox, runner
from articles.models import Job
from tests import worker_jobs
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_job_is_recorded_with_its_write_and_rolled_back_with_it(tmp_path):
    with transaction.atomic():
        outbox.enqueue(worker_jobs.COUNT, {"file": str(tmp_path / "runs"), "n": 1})
        assert Job.objects.filter(state=Job.State.PENDING).count() == 1
        transaction.set_rollback(True)
    assert not Job.objects.exists()


def test_a_job_goes_to_its_kinds_queue_with_ids_only(tmp_path):
    job = outbox.enqueue(worker_jobs.COUNT, {"file": str(tmp_path / "runs"), "n": 1})
    assert (job.queue, job.max_attempts) == ("delivery", 8)
    with pytest.raises(LookupError):
        outbox.enqueue("no.such.job")


def test_a_job_runs_once_however_often_it_is_delivered(tmp_path):
    runs = tmp_path / "runs"
    job = outbox.enqueue(worker_jobs.COUNT, {"file": str(runs), "n": 7})
    assert runner.run(job.pk) == runner.DONE
    assert runner.run(job.pk) == runner.TAKEN  # a duplicated message
    assert runs.read_text().split()[0] == "7" and len(runs.read_text().splitlines()) == 1


def test_a_job_held_by_a_dead_worker_is_run_again_once_its_lease_ran_out(tmp_path):
    job = outbox.enqueue(worker_jobs.COUNT, {"file": str(tmp_path / "runs"), "n": 1})
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, attempts=1, lease_until=timezone.now() + timedelta(minutes=1)
    )
    assert runner.run(job.pk) == runner.TAKEN  # its worker may still be at it
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert runner.run(job.pk) == runner.DONE
    job.refresh_from_db()
    assert job.attempts == 2


def test_a_job_not_due_yet_is_not_run(tmp_path):
    later = timezone.now() + timedelta(minutes=5)
    job = outbox.enqueue(worker_jobs.COUNT, {"file": str(tmp_path / "r"), "n": 1}, run_after=later)
    assert runner.run(job.pk) == runner.EARLY
    assert runner.run_due() == {}


def test_a_failing_job_is_retried_then_kept_with_its_error():
    job = outbox.enqueue(worker_jobs.FAIL, {"message": "the partner's server said 502"})
    assert runner.run(job.pk) == runner.RETRY
    job.refresh_from_db()
    assert job.state == Job.State.PENDING and job.run_after > timezone.now()
    assert "the partner's server said 502" in job.last_error
    for _ in range(2):
        Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
        runner.run(job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts) == (Job.State.FAILED, 3)
    assert job.finished_at is not None and "RuntimeError" in job.last_error


def test_the_same_deduplication_key_gives_the_same_open_job(tmp_path):
    payload = {"file": str(tmp_path / "r"), "n": 1}
    first = outbox.enqueue(worker_jobs.COUNT, payload, dedupe_key="count:1")
    assert outbox.enqueue(worker_jobs.COUNT, payload, dedupe_key="count:1") == first
    runner.run(first.pk)
    assert outbox.enqueue(worker_jobs.COUNT, payload, dedupe_key="count:1") != first


def test_an_unknown_job_fails_at_once_and_says_so():
    job = Job.objects.create(task="gone.since.the.deploy", queue="delivery")
    assert runner.run(job.pk) == runner.FAILED
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "gone.since.the.deploy" in job.last_error


def test_the_drain_hands_over_waiting_due_and_abandoned_jobs(tmp_path, monkeypatch):
    sent = []
    monkeypatch.setattr(outbox, "dispatch", lambda ids, using="default": sent.extend(ids) or 0)
    now = timezone.now()
    waiting = Job.objects.create(task=worker_jobs.COUNT, queue="delivery")
    later = Job.objects.create(
        task=worker_jobs.COUNT, queue="delivery", run_after=now + timedelta(hours=1)
    )
    abandoned = Job.objects.create(
        task=worker_jobs.COUNT, queue="delivery", state=Job.State.RUNNING, lease_until=now
    )
    Job.objects.create(
        task=worker_jobs.COUNT,
        queue="delivery",
        state=Job.State.RUNNING,
        lease_until=now + timedelta(minutes=1),
    )
    lost = Job.objects.create(
        task=worker_jobs.COUNT,
        queue="delivery",
        state=Job.State.QUEUED,
        queued_at=now - timedelta(hours=1),
    )
    outbox.drain()
    assert set(sent) == {waiting.pk, abandoned.pk, lost.pk}
    assert later.pk not in sent


# -- for operators --------------------------------------------------------------------------


def test_the_command_says_what_waits_and_what_failed_and_retries_it():
    job = outbox.enqueue(worker_jobs.FAIL, {"message": "no route to the mail server"})
    Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, attempts=3)
    out = StringIO()
    call_command("jobs", stdout=out)
    assert "notify" in out.getvalue() and "failed" in out.getvalue()
    out = StringIO()
    call_command("jobs", "list", "--state", "failed", stdout=out)
    assert f"#{job.pk} tests.fail [notify] failed 3/3" in out.getvalue()
    out = StringIO()
    call_command("jobs", "retry", "--failed", stdout=out)
    assert "1 failed jobs are waiting again" in out.getvalue()
    job.refresh_from_db()
    assert job.state == Job.State.PENDING and job.attempts < 3  # counting again


def test_the_command_runs_due_jobs_without_a_worker(tmp_path):
    outbox.enqueue(worker_jobs.COUNT, {"file": str(tmp_path / "runs"), "n": 1})
    out = StringIO()
    call_command("jobs", "run", stdout=out)
    assert "1 done" in out.getvalue()


def test_operators_see_failed_jobs_in_the_admin_and_retry_them(client):
    client.force_login(UserFactory(username="ops", is_superuser=True))
    job = outbox.enqueue(worker_jobs.FAIL, {"message": "the webhook answered 410"})
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.FAILED, last_error="RuntimeError: the webhook answered 410"
    )
    listing = client.get("/admin/articles/job/?state__exact=failed").content.decode()
    assert "tests.fail" in listing and "the webhook answered 410" in listing
    assert client.get(f"/admin/articles/job/{job.pk}/change/").status_code == 200
    response = client.post(
        "/admin/articles/job/", {"action": "retry_failed", "_selected_action": [job.pk]}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state != Job.State.FAILED


def test_editors_do_not_see_the_jobs(editor_client):
    assert editor_client.get("/admin/articles/job/").status_code == 403


def test_the_admin_index_tells_operators_of_failed_jobs(client):
    client.force_login(UserFactory(username="ops", is_superuser=True))
    assert "background job failed" not in client.get("/admin/").content.decode()
    Job.objects.create(task=worker_jobs.FAIL, queue="notify", state=Job.State.FAILED)
    assert "1 background job failed" in client.get("/admin/").content.decode()
