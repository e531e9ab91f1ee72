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
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(database_url: str, redis_url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="ERROR",
        **extra,
    )
    return env


def prepare(database_url: str, redis_url: str, stories: int) -> str:
    """A fresh database with ``stories`` stories and an empty cache; the richest story's path."""
    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    env = site_env(database_url, redis_url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0", "--no-input"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "-v0", "--no-input"], env=env, check=True, cwd=ROOT)
    script = (
        "import django; django.setup(); from django.core.cache import cache; cache.clear(); "
        f"from bench.content import create_stories; print(create_stories({stories}))"
    )
    made = subprocess.run(
        [PYTHON, "-c", script], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    )
    # A live site's tables have planner statistics (autovacuum); freshly bulk-loaded ones
    # do not, and the planner then picks nested loops over every story (60 ms a page).
    subprocess.run(["psql", database_url, "-qc", "ANALYZE"], check=True)
    return made.stdout.strip().splitlines()[-1]


class Gunicorn:
    def __init__(self, env: dict, *, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        options = ["--workers", str(workers), "--log-level", "warning"]
        # Errors (the fault run's 500s) go to a log, not between the tables.
        self.log = open(Path(tempfile.gettempdir()) / "newsroom-bench-gunicorn.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [GUNICORN, "newsroom.wsgi", "--bind", f"127.0.0.1:{self.port}", *options],
            env=env,
            cwd=ROOT,
            stderr=self.log,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=2).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def get(self, path: str) -> bytes:
        return urllib.request.urlopen(self.base + path, timeout=10).read()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def wrk(
    url: str, *, seconds: int, connections: int = 8, threads: int = 2, script: str | None = None
) -> dict:
    options = [f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    if script:
        options += ["-s", script]  # e.g. requests spread over many pages
    out = subprocess.run(
        ["wrk", *options, "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "errors": sum(map(int, errors.groups())) if errors else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


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
        from bench.faults import fault_run

        print()
        for line in fault_run(stories=200):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
