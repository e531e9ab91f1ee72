"""Fault run: what readers get while Redis, then PostgreSQL, stop and start again.

Uses a private redis-server and a private PostgreSQL cluster on free loopback ports
(never the shared ones), gunicorn against them, and a few reader threads requesting a
story, the home page and a feed throughout. Prints, per phase, the answers readers got.
"""

from __future__ import annotations

import collections
import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.harness import Gunicorn, free_port, prepare, site_env

PHASES = [
    ("all up", 6),
    ("Redis stopped", 6),
    ("Redis and PostgreSQL stopped", 6),
    ("both started again", 8),
]


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    if found is None:
        raise RuntimeError(f"{name} not found")
    return str(found)


class PrivatePostgres:
    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.data = folder / "pgdata"
        folder.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
        subprocess.run(
            _as_postgres(
                [_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"]
            ),
            check=True,
            capture_output=True,
        )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/newsroom_faults"

    def _ctl(self, *args: str, check: bool = True) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [_pg_bin("pg_ctl"), "-D", str(self.data), "-w", "-o", options, *args]
        command += ["-l", str(self.folder / "log")] if args[0] == "start" else ["-m", "fast"]
        subprocess.run(_as_postgres(command), check=check, capture_output=True)

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", check=False)  # stopping a stopped cluster is no error here


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self) -> None:
        options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), *options],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True
            ).stdout:
                return
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _readers(base: str, paths: list[str], stop: threading.Event, seen: list) -> None:
    while not stop.is_set():
        for path in paths:
            try:
                with urllib.request.urlopen(base + path, timeout=5) as response:
                    answer = str(response.status)
            except urllib.error.HTTPError as error:
                answer = str(error.code)
            except OSError:
                answer = "no answer"
            seen.append((time.monotonic(), answer))


def fault_run(*, stories: int = 200) -> list[str]:
    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        return ["Fault run skipped: redis-server is not installed"]
    with tempfile.TemporaryDirectory(prefix="newsroom-faults-") as folder:
        os.chmod(folder, 0o755)
        postgres, redis = PrivatePostgres(Path(folder) / "pg"), PrivateRedis()
        postgres.start()
        redis.start()
        server = None
        try:
            story = prepare(postgres.url, redis.url, stories)
            server = Gunicorn(site_env(postgres.url, redis.url))
            paths = [story, "/", "/feeds/rss/"]
            for path in paths:
                server.get(path)
            seen: list = []
            stop = threading.Event()
            threads = [
                threading.Thread(target=_readers, args=(server.base, paths, stop, seen))
                for _ in range(4)
            ]
            for thread in threads:
                thread.start()
            bounds = []
            for name, seconds in PHASES:
                if name == "Redis stopped":
                    redis.stop()
                elif name == "Redis and PostgreSQL stopped":
                    postgres.stop()
                elif name == "both started again":
                    redis.start()
                    postgres.start()
                began = time.monotonic()
                time.sleep(seconds)
                bounds.append((name, began, time.monotonic()))
            stop.set()
            for thread in threads:
                thread.join()
        finally:
            if server:
                server.stop()
            redis.stop()
            postgres.stop()
    lines = [
        f"Fault run: private Redis and PostgreSQL, {stories} stories, 4 readers requesting "
        "a story, the home page and the RSS feed",
        "",
        "| phase | seconds | answers readers got |",
        "| --- | --- | --- |",
    ]
    for name, began, ended in bounds:
        counts = collections.Counter(answer for at, answer in seen if began <= at < ended)
        summary = ", ".join(f"{answer}: {count}" for answer, count in sorted(counts.items()))
        lines.append(f"| {name} | {ended - began:.0f} | {summary} |")
    return lines
