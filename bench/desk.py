"""Readers while the desk works: throughput with a draft saved every 0.5 s, as a ratio.

The demo's public pages (every story, list, feed and sitemap) are read through gunicorn
(2 sync workers) with the Redis page cache, by wrk spreading its requests over all of
them; once with nobody writing, once while another process saves a draft every 0.5 s (a
desk at work), alternately, twice. A draft no reader sees must cost readers nothing.
Then, in the page store itself: after draft saves, how many cached pages are still
cached; after an edit of one public story, which pages were forgotten (they must be the
pages that show it, and only those).

    python -m bench.desk [--seconds S] [--rounds N]

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/newsroom_bench_desk,
dropped and made again) and BENCH_REDIS_URL (default redis://127.0.0.1:6379/15, emptied).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import PYTHON, ROOT, Gunicorn, fresh_site, site_env, wrk

WRITER = """
import time, django
django.setup()
from articles.models import Article
draft = Article.objects.get(pk={pk})
base = draft.body
n = 0
while True:
    n += 1
    draft.body = base + "\\n\\nDesk note %d: check the times before publishing." % n
    draft.save()
    time.sleep(0.5)
"""

PAGES_AND_KEYS = """
import json, django
django.setup()
from django.test import Client
from articles.models import Article
from articles.public import selectors
from taggit.models import Tag
paths = ["/", "/latest/", "/corrections/", "/feeds/rss/", "/feeds/atom/", "/sitemap.xml",
         "/news-sitemap.xml", "/sitemap-articles.xml"]
for story in selectors.public_stories():
    paths += [story.get_absolute_url(), story.get_absolute_url() + "ninjs.json"]
for tag in selectors.public_tags():
    paths += ["/tags/%s/" % tag.slug, "/tags/%s/feed/rss/" % tag.slug]
for section in selectors.active_sections():
    paths += [section.get_absolute_url(), section.get_absolute_url() + "feed/rss/"]
client = Client(HTTP_HOST="127.0.0.1")
pages = {}
for path in dict.fromkeys(paths):
    response = client.get(path)
    if response.status_code == 200:
        pages[path] = response.get("xkey", "").split()
draft = Article.objects.filter(status="draft").order_by("pk").first()
public = selectors.public_stories().first()
print(json.dumps({"pages": pages, "draft": draft.pk, "public": public.pk}))
"""

STILL_CACHED = """
import json, sys, django
django.setup()
from django.test import RequestFactory
from articles.delivery import page_cache
paths = json.loads(sys.stdin.read())
factory = RequestFactory()
kept = [p for p in paths
        if page_cache.store().lookup(page_cache.entry_key(factory.get(p, HTTP_HOST="127.0.0.1")))
        .value is not None]
print(json.dumps(kept))
"""

EDIT = """
import django
django.setup()
from articles.models import Article
story = Article.objects.get(pk={pk})
story.headline = story.headline + " (updated)"
story.save()
print(story.pk)
"""


def prepare(database_url: str, redis_url: str) -> None:
    """A fresh database with the demo content and an empty cache."""
    manage = fresh_site(database_url, redis_url)
    env = site_env(database_url, redis_url)
    subprocess.run([*manage, "seed_demo", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run(["psql", database_url, "-qc", "ANALYZE"], check=True)
    subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=True, capture_output=True)


def _script(code: str, env: dict, stdin: str = "") -> str:
    done = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=ROOT, input=stdin, capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return done.stdout.strip().splitlines()[-1]


def spread_over(paths: list[str], folder: str) -> str:
    """A wrk script that cycles through every path."""
    script = Path(folder) / "spread.lua"
    listed = ", ".join(json.dumps(path) for path in paths)
    script.write_text(
        f"paths = {{{listed}}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        "  return wrk.format('GET', paths[(counter % #paths) + 1])\nend\n"
    )
    return str(script)


def readers(server: Gunicorn, paths: list[str], script: str, seconds: int) -> float:
    for path in paths:  # every page cached before the run
        server.get(path)
    return wrk(server.base + "/", seconds=seconds, threads=1, script=script)["rps"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.desk", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): desk benchmark skipped")
        return 0
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench_desk"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    prepare(database_url, redis_url)
    env = site_env(database_url, redis_url, CELERY_TASK_ALWAYS_EAGER="1")
    found = json.loads(_script(PAGES_AND_KEYS, env))
    pages = found["pages"]
    paths = list(pages)
    print(f"\nDesk benchmark: the demo's {len(paths)} public pages, PostgreSQL + Redis page cache,")
    print(f"gunicorn 2 sync workers, wrk -t1 -c8 -d{args.seconds}s spread over every page\n")
    server = Gunicorn(env)
    results = []
    # The writer is started once and paused while nobody should be writing, so its start
    # (loading Django) falls in no measurement.
    writer = subprocess.Popen([PYTHON, "-c", WRITER.format(pk=found["draft"])], env=env, cwd=ROOT)
    time.sleep(3)
    writer.send_signal(signal.SIGSTOP)
    with tempfile.TemporaryDirectory() as folder:
        script = spread_over(paths, folder)
        try:
            for _ in range(args.rounds):
                quiet = readers(server, paths, script, args.seconds)
                writer.send_signal(signal.SIGCONT)
                busy = readers(server, paths, script, args.seconds)
                writer.send_signal(signal.SIGSTOP)
                results.append((quiet, busy))
        finally:
            writer.send_signal(signal.SIGCONT)
            writer.terminate()
            writer.wait(timeout=10)
            server.stop()
    print("| round | req/s, nobody writing | req/s, a draft saved every 0.5 s | ratio |")
    print("| --- | --- | --- | --- |")
    for number, (quiet, busy) in enumerate(results, 1):
        print(f"| {number} | {quiet:,.0f} | {busy:,.0f} | {busy / quiet:.2f}× |")

    # In the store: what a draft save and a public story's edit forget.
    server = Gunicorn(env)
    try:
        for path in paths:
            server.get(path)
        writer = subprocess.Popen(
            [PYTHON, "-c", WRITER.format(pk=found["draft"])], env=env, cwd=ROOT
        )
        time.sleep(3)  # six draft saves
        writer.terminate()
        writer.wait(timeout=10)
        kept = json.loads(_script(STILL_CACHED, env, json.dumps(paths)))
        print(f"\nAfter six draft saves: {len(kept)} of {len(paths)} cached pages still cached.")
        _script(EDIT.format(pk=found["public"]), env)
        kept_after_edit = set(json.loads(_script(STILL_CACHED, env, json.dumps(paths))))
    finally:
        server.stop()
    forgotten = [path for path in kept if path not in kept_after_edit]
    showing = [path for path in paths if f"story-{found['public']}" in pages[path]]
    others = sorted(set(forgotten) - set(showing))
    print(
        f"After an edit of one public story: {len(forgotten)} of {len(kept)} cached pages "
        f"forgotten; {len(showing)} of them carry its story key, the others name it by "
        f"their list key: {others or 'none'}; pages carrying its key and kept: "
        f"{sorted(set(showing) - set(forgotten)) or 'none'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
