"""More than one machine: two gunicorn instances and two workers sharing PostgreSQL, Redis
and the broker, all started here.

An edit made through one instance is fresh on the next request to the other; a job is
done once with two workers running; a worker stopped mid-job loses nothing.
"""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sites.models import Site

from articles.models import Article, Job, PhotoCaption
from newsroom.celery import app
from tests.factories import ArticleFactory, PhotoCaptionFactory, UserFactory
from tests.worker import ROOT, site_env, wait_for, workers

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True),
]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@pytest.fixture(autouse=True)
def through_the_broker():
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    """One app server: gunicorn with one worker process, on a port of its own."""

    def __init__(self, name: str, tmp_path: Path, env: dict):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"{name}.log"
        self.process = subprocess.Popen(
            [GUNICORN, "newsroom.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )
        jar = http.cookiejar.CookieJar()
        self.browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar
        for _ in range(100):
            try:
                self.get("/robots.txt")
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"gunicorn {name} did not start: {self.log.read_text()[-2000:]}")

    def get(self, path: str, *, browser=None) -> tuple[int, dict, str]:
        opener = browser or urllib.request.build_opener()
        try:
            with opener.open(self.base + path, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def post(self, path: str, data: dict) -> int:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(
            self.base + path, data=body.encode(), headers={"Referer": self.base + path}
        )
        with self.browser.open(request, timeout=20) as response:
            return response.status

    def log_in(self, username: str, password: str) -> None:
        self.get("/admin/login/", browser=self.browser)
        self.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
        assert any(c.name == "sessionid" for c in self.jar), self.log.read_text()[-2000:]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def two_instances(tmp_path):
    if not settings.REDIS_URL:
        pytest.skip("two instances share the page cache in Redis (REDIS_URL)")
    env = site_env(NEWSROOM_TEST_PAGE_CACHE="1", DJANGO_SECURE_COOKIES="0")
    instances = [Instance("a", tmp_path, env), Instance("b", tmp_path, env)]
    yield instances
    for instance in instances:
        instance.stop()


def test_an_edit_through_one_instance_is_fresh_on_the_next_request_to_the_other(two_instances):
    a, b = two_instances
    # The admin's login page names the site; an earlier test's flush may have taken its row.
    Site.objects.get_or_create(pk=settings.SITE_ID, defaults={"domain": "127.0.0.1", "name": "x"})
    # A superuser: an earlier test's flush may have taken the groups the migrations made.
    chief = UserFactory(username="chief", is_superuser=True)
    chief.set_password("harbour-lights-2026")
    chief.save()
    ArticleFactory(headline="Harbour wall repaired")
    draft = ArticleFactory(draft=True, headline="Ferry timetable doubled")
    b.get("/")
    status, headers, home = b.get("/")
    assert status == 200 and "s-maxage" in headers["Cache-Control"]  # kept by B's cache
    assert "Ferry timetable doubled" not in home

    a.log_in("chief", "harbour-lights-2026")
    a.post(
        "/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [draft.pk], "index": "0"},
    )
    assert Article.objects.get(pk=draft.pk).status == Article.Status.PUBLISHED
    assert "Ferry timetable doubled" in b.get("/")[2]  # B's very next request
    assert "Ferry timetable doubled" in b.get("/feeds/rss/")[2]


def test_two_workers_make_a_photos_renditions_once_and_a_stopped_one_loses_nothing(tmp_path):
    with workers(tmp_path, "one", "two", beat="one") as (_one, two):
        photos = [PhotoCaptionFactory(renditions=False) for _ in range(4)]
        time.sleep(0.5)
        two.stop()  # a warm stop, mid-work: what it holds is finished or handed back

        def all_made():
            return all(_ready(photo.pk) for photo in photos)

        wait_for(all_made, timeout=60, what="every photo's renditions")
    jobs = Job.objects.filter(task="photos.renditions")
    assert jobs.count() == 4 and set(jobs.values_list("state", flat=True)) == {Job.State.DONE}
    assert all(attempts <= 2 for attempts in jobs.values_list("attempts", flat=True))


def _ready(pk: int) -> bool:
    return PhotoCaption.objects.get(pk=pk).is_ready


def test_the_logs_say_nothing_went_wrong(two_instances):
    a, b = two_instances
    ArticleFactory(headline="Quiet day at the harbour")
    for instance in (a, b):
        assert instance.get("/")[0] == 200
        assert not re.search(r"Traceback|ERROR", instance.log.read_text())
