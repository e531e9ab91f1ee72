"""The embedded default (`make run`): SQLite, folders for the cache and the job broker, and a
worker beside the development server; background work done with no server installed.

Runs ``deploy/run.sh`` itself on a throwaway database: a photo added from another process
(a shell) is shown once the worker has made its renditions, through the page cache that
the server, the shell and the worker share.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHELL_ADD_PHOTO = """
from tests.factories import ArticleFactory, PhotoCaptionFactory
story = ArticleFactory(headline="Lighthouse lamp relit", slug="lighthouse-lamp-relit")
print(story.get_absolute_url())
PhotoCaptionFactory(article=story, is_lead=True, renditions=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site(tmp_path):
    """The embedded profile's environment on a throwaway database and folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        NEWSROOM_VAR_DIR=str(tmp_path / "var"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONPATH=str(ROOT),
        PORT=str(_free_port()),
        WORKER_LOG_LEVEL="INFO",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0", "--no-input"], env=env, check=True, cwd=ROOT)
    return env, tmp_path


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_make_run_does_background_work_with_no_server_installed(site):
    env, folder = site
    base = f"http://127.0.0.1:{env['PORT']}"
    log = (folder / "run.log").open("w")
    run = subprocess.Popen(
        [str(ROOT / "deploy" / "run.sh")],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        for _ in range(150):
            try:
                _get(base + "/robots.txt")
                break
            except OSError:
                time.sleep(0.2)
        shell = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "-c", SHELL_ADD_PHOTO],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        url = base + shell.stdout.strip().splitlines()[-1]
        assert "Lighthouse lamp relit" in _get(url)
        database = sqlite3.connect(folder / "site.sqlite3")
        for _ in range(150):
            made = database.execute(
                "SELECT COUNT(*) FROM articles_photocaption "
                "WHERE renditions_made != '' AND renditions_made = rendition_key"
            ).fetchone()[0]
            if made:
                break
            time.sleep(0.2)
        assert made, (folder / "run.log").read_text()[-3000:]
        page = _get(url)  # forgotten in the shared cache by the worker's save
        assert re.search(r"/photos/[0-9a-f]{20}/lead-", page)
    finally:
        os.killpg(run.pid, signal.SIGTERM)
        run.wait(timeout=20)
        log.close()
