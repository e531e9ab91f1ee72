"""The story page as the issue measured it: SQLite, the demo, one sync gunicorn worker, wrk -t1 -c8.

The demo's richest story (most parts) uncached (``NEWSROOM_PAGE_CACHE=0``) and cached, each
against its ceiling measured in the same run: the page's own bytes through the same stack
(``bench/urls.py``), and ``/robots.txt``. Wagtail's news page of the same story ran at
about 0.05× of its ceiling (issue 15), so 0.15× is three times that peer.

    python -m bench.story [--seconds S] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import PYTHON, ROOT, Gunicorn, wrk

RICHEST = """
import django
django.setup()
from django.db.models import Count
from articles.public.selectors import public_stories
story = (public_stories().annotate(parts=Count("bylines", distinct=True)
    + Count("quotes", distinct=True) + Count("photos", distinct=True)).order_by("-parts").first())
print(story.get_absolute_url())
"""


def site_env(folder: str, **extra) -> dict:
    env = dict(os.environ)
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"sqlite:///{folder}/story.sqlite3",
        NEWSROOM_VAR_DIR=f"{folder}/var",
        BENCH_STATIC_ROOT=f"{folder}/static",
        BENCH_CEILING_DIR=folder,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="ERROR",
        CELERY_TASK_ALWAYS_EAGER="1",
        **extra,
    )
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.story", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): story benchmark skipped")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        env = site_env(folder)
        manage = [PYTHON, str(ROOT / "manage.py")]
        for command in (["migrate", "-v0"], ["collectstatic", "-v0", "--no-input"], ["seed_demo"]):
            subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True)
        path = subprocess.run(
            [PYTHON, "-c", RICHEST], env=env, cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.strip()
        print(f"\nThe demo's richest story ({path}), SQLite, 1 sync gunicorn worker, wrk -t1 -c8")
        print("\n| round | page | req/s | × the page's own bytes | × /robots.txt |")
        print("| --- | --- | --- | --- | --- |")
        for number in range(1, args.rounds + 1):
            for cached in (False, True):
                server = Gunicorn(
                    site_env(folder, NEWSROOM_PAGE_CACHE="1" if cached else "0"), workers=1
                )
                try:
                    (Path(folder) / "story.html").write_bytes(server.get(path))
                    run = dict(seconds=args.seconds, threads=1, connections=8)
                    page = wrk(server.base + path, **run)["rps"]
                    ceiling = wrk(server.base + "/bench/ceiling/story/", **run)["rps"]
                    robots = wrk(server.base + "/robots.txt", **run)["rps"]
                finally:
                    server.stop()
                label = "cached" if cached else "uncached"
                print(
                    f"| {number} | story page, {label} | {page:,.0f} | {page / ceiling:.2f}× "
                    f"| {page / robots:.2f}× |"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
