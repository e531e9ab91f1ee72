"""Real Celery workers for the tests: subprocesses on the settings' broker and the test database.

Used by ``tests/test_worker.py`` and ``tests/test_cluster.py``. A worker test needs a
broker both processes reach (Redis or RabbitMQ: ``CELERY_BROKER_URL``) and a database
they share (PostgreSQL: the tests are marked ``postgresql``). Without a broker they are
skipped, unless ``NEWSROOM_REQUIRE_WORKER=1`` (as in ``.ci/run``), where that fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.jobs import registry

ROOT = Path(__file__).resolve().parent.parent
CELERY = str(Path(sys.executable).with_name("celery"))


def require_broker() -> None:
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://", "amqp://")):
        return
    reason = "worker tests need CELERY_BROKER_URL=redis://... or amqp://..."
    if os.environ.get("NEWSROOM_REQUIRE_WORKER") == "1":
        pytest.fail(f"NEWSROOM_REQUIRE_WORKER=1 but {reason}")
    pytest.skip(reason)


def database_url() -> str:
    """The test database, as a URL another process can use."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def site_env(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database_url(),
        CELERY_TASK_ALWAYS_EAGER="0",
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        NEWSROOM_PURGE_URLS=",".join(settings.NEWSROOM_PURGE_URLS),
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def purge_queues() -> None:
    """Messages an earlier run left in the broker (they name jobs that no longer exist)."""
    from newsroom.celery import app

    with app.connection_for_write() as broker:
        channel = broker.default_channel
        for queue in registry.QUEUES:
            try:
                channel.queue_purge(queue)
            except Exception:
                channel = broker.channel()


class Worker:
    def __init__(self, name: str, log: Path, *, beat: bool, queues: str, env: dict):
        self.name, self.log = name, log
        command = [
            CELERY, "--app", "newsroom", "worker", "--hostname", f"{name}@%h",
            "--queues", queues, "--concurrency", "1", "--loglevel", "INFO",
            "--include", "tests.worker_jobs", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
        if beat:
            command += [
                "--beat",
                "--scheduler",
                "django_celery_beat.schedulers:DatabaseScheduler",
            ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its pool's children go with it when it is killed
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        pytest.fail(f"worker {self.name} did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """As a crash: the worker and its pool's processes at once, no warm shutdown."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def workers(tmp_path: Path, *names: str, beat: str | None = None, queues=None, **extra):
    """Start workers named ``names`` (the one named ``beat`` runs the scheduler too)."""
    require_broker()
    purge_queues()
    env = site_env(**extra)
    started = [
        Worker(
            name,
            tmp_path / f"{name}.log",
            beat=name == beat,
            queues=queues or ",".join(registry.QUEUES),
            env=env,
        )
        for name in names
    ]
    try:
        for worker in started:
            worker.wait_ready()
        yield started
    finally:
        for worker in started:
            worker.stop()


def wait_for(condition, *, timeout: float = 30, every: float = 0.2, what: str = "it"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    pytest.fail(f"{what} did not happen within {timeout:g} s")
