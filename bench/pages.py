"""Page benchmark: gunicorn on loopback against PostgreSQL and Redis, measured with wrk.

Each page is given as a ratio to the ceiling measured in the same run (the story page's
pre-rendered bytes through the same middleware, ``bench/urls.py``): cached, then
uncached (``NEWSROOM_PAGE_CACHE=0``); then a load run at 64 connections, and a fault run
against a private Redis and PostgreSQL (stopped and started again mid-run).

    python -m bench.pages [--stories N] [--seconds S] [--load-seconds S] [--no-fault]

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/newsroom_bench, dropped and
made again) and BENCH_REDIS_URL (default redis://127.0.0.1:6379/15, emptied) say where.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from bench.faults import fault_run
from bench.harness import Gunicorn, prepare, site_env, wrk

PAGES = [
    ("story", "story page", None),  # the richest story: its path comes from prepare()
    ("home", "home", "/"),
    ("tag", "tag page", "/tags/harbour/"),
    ("feed", "feed (RSS)", "/feeds/rss/"),
    ("search", "search", "/search/?q=harbour"),
]


def measure_pages(database_url, redis_url, story_path, seconds, ceiling_dir) -> list[str]:
    """Each page, and its ceiling (its own bytes through the same middleware), in one run."""
    lines = [
        "| page | req/s | × its ceiling | p50 ms | p99 ms | ceiling req/s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for cached in (True, False):
        env = site_env(
            database_url,
            redis_url,
            BENCH_CEILING_DIR=ceiling_dir,
            NEWSROOM_PAGE_CACHE="1" if cached else "0",
        )
        server = Gunicorn(env)
        label = "cached" if cached else "uncached (NEWSROOM_PAGE_CACHE=0)"
        try:
            for name, title, path in PAGES:
                path = path or story_path
                (Path(ceiling_dir) / f"{name}.html").write_bytes(server.get(path))  # warms too
                ceiling = wrk(f"{server.base}/bench/ceiling/{name}/", seconds=seconds)
                page = wrk(server.base + path, seconds=seconds)
                ratio = page["rps"] / ceiling["rps"]
                lines.append(
                    f"| {title}, {label} | {page['rps']:,.0f} | {ratio:.2f}× "
                    f"| {page['p50']:.1f} | {page['p99']:.1f} | {ceiling['rps']:,.0f} |"
                )
        finally:
            server.stop()
    return lines


def load_run(database_url, redis_url, story_path, seconds) -> str:
    server = Gunicorn(site_env(database_url, redis_url))
    try:
        server.get(story_path)
        result = wrk(server.base + story_path, seconds=seconds, connections=64, threads=2)
    finally:
        server.stop()
    return (
        f"Load run: {seconds} s, 64 connections, cached story page: {result['requests']:,} "
        f"requests, {result['rps']:,.0f} req/s, p50 {result['p50']:.2f} ms, "
        f"p99 {result['p99']:.2f} ms, {result['errors']} socket errors, "
        f"{result['non_2xx']} non-2xx/3xx"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.pages", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--no-fault", action="store_true")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): page benchmark skipped")
        return 0
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    story_path = prepare(database_url, redis_url, args.stories)
    print(f"\nPage benchmark: {args.stories} stories, PostgreSQL + Redis, gunicorn 2 sync workers,")
    print(f"wrk -t2 -c8 -d{args.seconds}s on loopback; each page against its own ceiling\n")
    with tempfile.TemporaryDirectory() as ceiling_dir:
        for line in measure_pages(database_url, redis_url, story_path, args.seconds, ceiling_dir):
            print(line)
    print()
    print(load_run(database_url, redis_url, story_path, args.load_seconds))
    if not args.no_fault:
        print()
        for line in fault_run(stories=200):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
