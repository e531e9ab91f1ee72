"""What the benchmarks share: a site on loopback (gunicorn, a fresh database) and wrk.

Used by ``bench.pages``, ``bench.faults`` and ``bench.desk``.
"""

from __future__ import annotations

import os
import re
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


def fresh_site(database_url: str, redis_url: str) -> list[str]:
    """Drop and make the database, migrate, collect the static files; the manage.py command."""
    name = database_url.rsplit("/", 1)[1]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    env = site_env(database_url, redis_url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0", "--no-input"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "-v0", "--no-input"], env=env, check=True, cwd=ROOT)
    return manage


def prepare(database_url: str, redis_url: str, stories: int) -> str:
    """A fresh database with ``stories`` stories and an empty cache; the richest story's path."""
    fresh_site(database_url, redis_url)
    env = site_env(database_url, redis_url)
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
