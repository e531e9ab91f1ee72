"""Real workers on a real broker: jobs done once, after the commit, and never lost.

Run in the PostgreSQL pass on Redis and again on RabbitMQ (``.ci/run``); see tests/worker.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from articles.jobs import outbox
from articles.models import Article, Job, Person
from newsroom.celery import app
from tests import worker_jobs
from tests.factories import PhotoCaptionFactory
from tests.wire_copy import ninjs_story
from tests.worker import ROOT, site_env, wait_for, workers

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def through_the_broker():
    """This process hands jobs to the broker instead of running them itself."""
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def test_a_new_photo_gets_its_renditions_from_the_worker(tmp_path):
    with workers(tmp_path, "media"):
        photo = PhotoCaptionFactory(renditions=False)
        assert not photo.is_ready  # the save returned before any encoding

        def made():
            photo.refresh_from_db()
            return photo.is_ready

        wait_for(made, what="the renditions")
    assert Job.objects.get(task="photos.renditions").state == Job.State.DONE


def test_each_job_is_done_once_with_two_workers_and_duplicated_messages(tmp_path):
    runs = tmp_path / "runs.txt"
    with workers(tmp_path, "one", "two"):
        jobs = [outbox.enqueue(worker_jobs.COUNT, {"file": str(runs), "n": n}) for n in range(20)]
        ids = [job.pk for job in jobs]
        for job in jobs:  # the same job handed over twice more (a resend, a drain)
            outbox.dispatch([job.pk])
            outbox.dispatch([job.pk])

        def all_done():
            return Job.objects.filter(pk__in=ids, state=Job.State.DONE).count() == 20

        wait_for(all_done, what="20 jobs")
    lines = runs.read_text().split()
    done = sorted(int(n) for n in lines[::2])
    assert done == list(range(20))  # each once, whichever worker took it
    assert len(set(lines[1::2])) >= 1


def test_a_worker_killed_mid_job_leaves_nothing_half_written_and_the_job_runs_again(tmp_path):
    started = tmp_path / "started"
    payload = {"first": "Ana Pérez", "second": "Bo Lindqvist", "started": str(started)}
    with workers(tmp_path, "doomed", queues="media") as (doomed,):
        job = outbox.enqueue(worker_jobs.SLOW_WRITE, {**payload, "sleep": 60})
        wait_for(started.exists, what="the job's start")
        doomed.kill()  # halfway: one person written in the job's transaction, not committed
    assert not Person.objects.filter(name__in=["Ana Pérez", "Bo Lindqvist"]).exists()
    job.refresh_from_db()
    assert job.state == Job.State.RUNNING  # claimed by a worker that is gone
    Job.objects.filter(pk=job.pk).update(payload={**payload, "sleep": 0})
    with workers(tmp_path, "survivor", beat="survivor"):

        def done():
            job.refresh_from_db()
            return job.state == Job.State.DONE

        wait_for(done, timeout=40, what="the job's second run")  # once its lease ran out
    assert Person.objects.filter(name="Ana Pérez").count() == 1
    assert Person.objects.filter(name="Bo Lindqvist").count() == 1
    assert job.attempts == 2


def test_with_the_broker_down_the_write_succeeds_and_the_outbox_drains_later(tmp_path, monkeypatch):
    task = app.tasks[outbox.RUN_JOB]

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to the broker. Connection refused.")

    monkeypatch.setattr(task, "apply_async", broker_down)
    photo = PhotoCaptionFactory(renditions=False)  # saved, the broker unreachable
    job = Job.objects.get(task="photos.renditions")
    assert job.state == Job.State.PENDING
    monkeypatch.undo()
    monkeypatch.setattr(outbox._Broker, "resting_until", 0.0)
    with workers(tmp_path, "back", beat="back"):  # the scheduler's drain hands it over

        def made():
            photo.refresh_from_db()
            return photo.is_ready

        wait_for(made, timeout=40, what="the drained renditions")


def test_a_kill_imported_from_the_command_line_is_purged_after_the_command_exits(
    tmp_path, accelerator
):
    story = tmp_path / "bridge.json"
    story.write_bytes(ninjs_story())
    kill = tmp_path / "bridge-kill.json"
    kill.write_bytes(ninjs_story(pubstatus="canceled"))
    manage = [sys.executable, str(ROOT / "manage.py"), "import_wire", "--no-progress"]
    with workers(tmp_path, "delivery", queues="delivery"):
        subprocess.run([*manage, str(story)], env=site_env(), check=True, cwd=ROOT)
        article = Article.objects.get()
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now()
        )
        accelerator.received.clear()
        # The command records the purge with the kill, hands it over and exits at once.
        subprocess.run([*manage, str(kill)], env=site_env(), check=True, cwd=ROOT)
        wait_for(lambda: f"story-{article.pk}" in accelerator.keys, what="the PURGE")
    assert Article.objects.get().status == Article.Status.WITHDRAWN
