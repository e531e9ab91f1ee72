"""Through Varnish: publish, edit, withdraw and an embargo lifting show on the next request.

Starts Django's live server and varnishd (with deploy/varnish/newsroom.vcl) on free
loopback ports. Skipped where varnishd or the xkey module is missing, unless
NEWSROOM_REQUIRE_VARNISH=1 (as in .ci/run), where that is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
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
def varnish(live_server, settings, tmp_path):
    """A varnishd in front of the live server; yields its base URL."""
    varnishd = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )
    if varnishd is None:
        _missing("varnishd is not installed (apt-get install varnish varnish-modules)")
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "newsroom.vcl"
    vcl.write_text(re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text()))
    workdir = tmp_path / "varnish"
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
    url = f"http://127.0.0.1:{port}"
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_PURGE_URLS = [url + "/"]
    try:
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
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


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
