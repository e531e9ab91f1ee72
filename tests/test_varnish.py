"""Through Varnish: publish, edit, withdraw and an embargo lifting show on the next request.

Starts Django's live server and varnishd (with deploy/varnish/newsroom.vcl) on free
loopback ports. Skipped where varnishd or the xkey module is missing, unless
NEWSROOM_REQUIRE_VARNISH=1 (as in .ci/run), where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from articles.desk.operations import article_publish, article_withdraw
from tests.factories import ArticleFactory

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "newsroom.vcl"

pytestmark = [
    pytest.mark.varnish,
    pytest.mark.django_db(transaction=True),
]


def _missing(reason: str):
    if os.environ.get("NEWSROOM_REQUIRE_VARNISH") == "1":
        pytest.fail(f"NEWSROOM_REQUIRE_VARNISH=1 but {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def start_varnish(live_server, settings, tmp_path):
    """Start varnishd with the project's VCL (``edit`` may change it) in front of the live
    server; returns its base URL."""
    varnishd = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if varnishd is None:
        _missing("varnishd is not installed (apt-get install varnish varnish-modules)")
    processes = []

    def start(edit=lambda vcl: vcl) -> str:
        backend_port = live_server.url.rsplit(":", 1)[1]
        vcl = tmp_path / f"newsroom-{len(processes)}.vcl"
        text = re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text())
        vcl.write_text(edit(text))
        workdir = tmp_path / f"varnish-{len(processes)}"
        check = subprocess.run(
            [varnishd, "-C", "-j", "none", "-f", str(vcl), "-n", str(workdir)],
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            _missing(f"the VCL does not compile here (xkey missing?): {check.stderr[-400:]}")
        port = _free_port()
        listen = ["-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0", "-s", "malloc,32m"]
        process = subprocess.Popen(
            [varnishd, "-F", "-j", "none", "-n", str(workdir), "-f", str(vcl), *listen],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        settings.NEWSROOM_PAGE_CACHE = True
        settings.NEWSROOM_PURGE_URLS = [url + "/"]
        for _ in range(100):  # until it listens and the backend probe says healthy
            try:
                if _get(url + "/robots.txt")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail("varnishd did not start: " + process.stderr.read1(2000).decode())
        time.sleep(2.5)  # the probe needs two good checks before grace is switched off
        return url

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def varnish(start_varnish):
    """A varnishd with the project's VCL in front of the live server; its base URL."""
    return start_varnish()


def _through(varnish, path: str) -> tuple[int, str, str]:
    status, headers, body = _get(varnish + path)
    return status, headers.get("X-Cache", ""), body


def test_publish_edit_and_withdraw_show_through_varnish(varnish):
    story = ArticleFactory(headline="Lighthouse keeper retires")
    draft = ArticleFactory(draft=True, headline="Ferry timetable doubled")
    url = story.get_absolute_url()

    assert _through(varnish, "/")[1] == "MISS"
    status, cache, body = _through(varnish, "/")
    assert (status, cache) == (200, "HIT")
    assert "Ferry timetable doubled" not in body

    article_publish(article=draft)
    assert "Ferry timetable doubled" in _through(varnish, "/")[2]

    _through(varnish, url)
    assert _through(varnish, url)[1] == "HIT"
    story.headline = "Lighthouse keeper retires after forty years"
    story.save()
    assert "Lighthouse keeper retires after forty years" in _through(varnish, url)[2]

    article_withdraw(article=story, reason="Published in error.")
    assert _through(varnish, url)[0] == 410
    assert "Lighthouse keeper" not in _through(varnish, "/")[2]


def test_an_embargo_lifting_shows_through_varnish_without_a_purge(varnish):
    lifts = timezone.now() + timedelta(seconds=3)
    ArticleFactory(headline="Harbour budget approved", embargo_until=lifts)
    _through(varnish, "/")
    _, cache, body = _through(varnish, "/")
    assert cache == "HIT" and "Harbour budget approved" not in body

    time.sleep(max(0.0, (lifts - timezone.now()).total_seconds()) + 0.2)
    assert "Harbour budget approved" in _through(varnish, "/")[2]


def test_logged_in_requests_pass_through_varnish(varnish):
    ArticleFactory(headline="Quay lights replaced")
    _through(varnish, "/")
    headers = {"Cookie": "sessionid=whatever"}
    assert _get(varnish + "/", **headers)[1].get("X-Cache") == "MISS"
    assert _get(varnish + "/", **headers)[1].get("X-Cache") == "MISS"


# -- what an attacker tried (issue 15): each change shows through Varnish within seconds --


def _shows(varnish, path: str, text: str, *, present: bool = True, timeout: float = 5.0) -> None:
    """``text`` is (or is no longer) on ``path`` through Varnish within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        status, _cache, body = _through(varnish, path)
        if (text in body) == present and status < 500:
            return
        if time.monotonic() > deadline:
            verb = "still missing from" if present else "still on"
            pytest.fail(f"{text!r} {verb} {path} after {timeout:g} s (status {status})")
        time.sleep(0.2)


def _cached(varnish, *paths: str) -> None:
    for path in paths:
        _through(varnish, path)
        assert _through(varnish, path)[1] == "HIT", path


def test_a_kill_imported_from_the_command_line_reaches_varnish(varnish, tmp_path):
    from django.core.management import call_command

    from articles.models import Article
    from tests.wire_copy import ninjs_story

    story, kill = tmp_path / "bridge.json", tmp_path / "bridge-kill.json"
    story.write_bytes(ninjs_story())
    kill.write_bytes(ninjs_story(pubstatus="canceled"))
    call_command("import_wire", str(story), no_progress=True)
    article_publish(article=Article.objects.get())
    url = Article.objects.get().get_absolute_url()
    _cached(varnish, url, "/")
    call_command("import_wire", str(kill), no_progress=True)
    assert _through(varnish, url)[0] == 410
    _shows(varnish, "/", "Old swing bridge reopens", present=False)


def test_a_withdrawal_leaves_the_section_front_and_its_feeds(varnish):
    from tests.factories import SectionFactory

    section = SectionFactory(name="Coast", slug="coast")
    story = ArticleFactory(headline="Dune path closed for nesting", section=section)
    paths = ["/sections/coast/", "/sections/coast/feed/rss/", "/sections/coast/feed/atom/"]
    _cached(varnish, *paths)
    article_withdraw(article=story, reason="Published in error.")
    for path in paths:
        _shows(varnish, path, "Dune path closed", present=False)


def test_a_new_story_joins_latest_its_section_and_the_section_feeds(varnish):
    from tests.factories import SectionFactory

    section = SectionFactory(name="Coast", slug="coast")
    ArticleFactory(headline="Older coast story", section=section)
    paths = ["/latest/", "/sections/coast/", "/sections/coast/feed/rss/", "/feeds/atom/"]
    _cached(varnish, *paths)
    ArticleFactory(headline="Seal pups counted on the sandbank", section=section)
    for path in paths:
        _shows(varnish, path, "Seal pups counted")


def test_after_a_slug_change_the_old_addresses_stop_answering(varnish):
    story = ArticleFactory(headline="Tram line extended", slug="tram-line-extended")
    old = story.get_absolute_url()
    _cached(varnish, old, old + "ninjs.json")
    story.slug = "tram-line-extended-to-the-harbour"
    story.save()
    assert _through(varnish, old + "ninjs.json")[0] == 404
    assert _through(varnish, old)[0] == 404
    assert _through(varnish, story.get_absolute_url() + "ninjs.json")[0] == 200


def test_a_person_rename_reaches_the_feeds_ninjs_and_story_pages(varnish):
    from tests.factories import BylineFactory

    story = ArticleFactory(headline="Pier lights replaced")
    byline = BylineFactory(article=story, person__name="Ines Castell")
    paths = ["/feeds/rss/", "/feeds/atom/", story.get_absolute_url() + "ninjs.json"]
    paths.append(story.get_absolute_url())
    _cached(varnish, *paths)
    person = byline.person
    person.name = "Ines Castell-Moreno"
    person.save()
    for path in paths:
        _shows(varnish, path, "Ines Castell-Moreno")


def test_a_flatpage_edit_reaches_varnish(varnish):
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    page = FlatPage.objects.create(url="/about/", title="About us", content="We began in 1911.")
    # An earlier transactional test's flush may have taken the site row with it.
    site, _ = Site.objects.get_or_create(pk=1, defaults={"domain": "testserver", "name": "test"})
    page.sites.add(site)
    _cached(varnish, "/about/")
    page.content = "We began in 1911, in a boathouse."
    page.save()
    _shows(varnish, "/about/", "in a boathouse")


def test_a_section_rename_reaches_every_header(varnish):
    from tests.factories import SectionFactory

    section = SectionFactory(name="Coast", slug="coast")
    story = ArticleFactory(headline="Harbour dredging starts")
    _cached(varnish, story.get_absolute_url(), "/latest/")
    section.name = "Shoreline"
    section.save()
    _shows(varnish, story.get_absolute_url(), "Shoreline")
    _shows(varnish, "/latest/", "Shoreline")


def test_x_forwarded_proto_never_changes_what_plain_http_readers_get(varnish):
    ArticleFactory(headline="Quay lights replaced")
    _, headers, page = _get(varnish + "/", **{"X-Forwarded-Proto": "https"})
    assert "https://127.0.0.1" in page  # the terminator's https page, kept apart
    _, headers, page = _get(varnish + "/")
    assert "https://127.0.0.1" not in page and "Strict-Transport-Security" not in headers
    _, _, odd = _get(varnish + "/", **{"X-Forwarded-Proto": "https, http"})
    assert "https://127.0.0.1" not in odd  # only "http" or "https" is believed


def test_x_forwarded_proto_is_dropped_from_anyone_but_the_tls_terminators(start_varnish):
    varnish = start_varnish(
        lambda vcl: re.sub(
            r"acl tls_terminators \{[^}]*\}", 'acl tls_terminators {\n    "192.0.2.1";\n}', vcl
        )
    )
    ArticleFactory(headline="Quay lights replaced")
    _, headers, page = _get(varnish + "/", **{"X-Forwarded-Proto": "https"})
    assert "https://127.0.0.1" not in page and "Strict-Transport-Security" not in headers


def test_a_render_that_began_before_a_change_is_never_kept(varnish, monkeypatch):
    """A reader's render reads the story, then the story is withdrawn and purged, then the
    render finishes: Varnish must not keep (and serve) what that render saw."""
    import threading

    from articles.public import story_pages

    story = ArticleFactory(headline="Lighthouse keeper retires")
    url = story.get_absolute_url()
    real_render_parts = story_pages.render_parts
    began = threading.Event()

    def slow_render_parts(*args, **kwargs):
        parts = real_render_parts(*args, **kwargs)  # the story as it was
        began.set()
        time.sleep(1.5)  # the change lands meanwhile
        return parts

    monkeypatch.setattr(story_pages, "render_parts", slow_render_parts)
    reader = threading.Thread(target=_through, args=(varnish, url))
    reader.start()
    assert began.wait(10)
    story.headline = "Lighthouse keeper retires after forty years"
    story.save()
    reader.join(20)
    monkeypatch.setattr(story_pages, "render_parts", real_render_parts)
    _shows(varnish, url, "after forty years", timeout=1.0)


@pytest.fixture
def private_redis(settings, tmp_path):
    """A Redis of this test's own (so it can be stalled) as the settings' cache."""
    server = shutil.which("redis-server")
    if server is None:
        _missing("redis-server is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    yield process
    process.send_signal(signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


def test_a_change_made_while_redis_stalls_shows_within_seconds(private_redis, varnish):
    story = ArticleFactory(headline="Ferry timetable printed")
    url = story.get_absolute_url()
    _cached(varnish, url, "/")
    private_redis.send_signal(signal.SIGSTOP)
    stalled = time.monotonic()
    story.headline = "Ferry timetable printed in four languages"
    story.save()  # the write works; the page cache's share of it is owed
    time.sleep(max(0.0, 1.5 - (time.monotonic() - stalled)))
    private_redis.send_signal(signal.SIGCONT)
    _shows(varnish, url, "in four languages", timeout=6.0)
    _shows(varnish, "/", "in four languages", timeout=6.0)
