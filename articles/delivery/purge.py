"""Purging the HTTP accelerator (Varnish with xkey) after content changes.

``NEWSROOM_PURGE_URLS`` lists the accelerators (``http://127.0.0.1:6081/``, comma
separated); empty means there is none and nothing is done. Keys are queued after the
database commit and sent by one background thread as ``PURGE`` requests carrying an
``xkey-purge`` header, retried with back-off. A save never waits for the accelerator
and never fails because of it: an accelerator that stays down is logged. The queue is
bounded; when it is full the keys collapse into ``all`` (purge everything) rather than
being dropped.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings

from . import surrogate_keys

logger = logging.getLogger(__name__)

QUEUE_SIZE = 1000
KEYS_PER_REQUEST = 100  # an xkey-purge header stays well under Varnish's 8 kB limit
RETRY_DELAYS = (0.2, 1.0, 3.0)
TIMEOUT = 2.0

_queue: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
_overflowed = threading.Event()
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


def urls() -> list[str]:
    return settings.NEWSROOM_PURGE_URLS


def active() -> bool:
    return bool(urls())


def enqueue(keys) -> None:
    """Queue ``keys`` for every accelerator; returns at once."""
    keys = set(keys)
    if not keys or not active():
        return
    _ensure_worker()
    try:
        _queue.put_nowait(keys)
    except queue.Full:
        logger.warning("Purge queue full: the next purge empties the whole accelerator.")
        _overflowed.set()


def wait_until_sent(timeout: float = 10.0) -> bool:
    """Block until the queue is empty (tests and commands); False on timeout."""
    deadline = time.monotonic() + timeout
    while _queue.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)
    return not _queue.unfinished_tasks


def _ensure_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_run, name="newsroom-purge", daemon=True)
            _worker.start()


def _take_batch() -> tuple[set[str], int]:
    """Everything queued now, merged into one set of keys."""
    keys = set(_queue.get())
    taken = 1
    while True:
        try:
            keys |= _queue.get_nowait()
            taken += 1
        except queue.Empty:
            break
    if _overflowed.is_set():
        _overflowed.clear()
        keys = {surrogate_keys.ALL}
    return keys, taken


def _run() -> None:
    while True:
        keys, taken = _take_batch()
        try:
            for url in urls():
                send(url, keys)
        finally:
            for _ in range(taken):
                _queue.task_done()


def send(url: str, keys: set[str]) -> bool:
    """Purge ``keys`` at one accelerator, retrying; True when every request succeeded."""
    ordered = sorted(keys)
    ok = True
    for start in range(0, len(ordered), KEYS_PER_REQUEST):
        header = " ".join(ordered[start : start + KEYS_PER_REQUEST])
        ok = _send_with_retries(url, header) and ok
    return ok


def _send_with_retries(url: str, header: str) -> bool:
    for attempt, delay in enumerate((0.0, *RETRY_DELAYS)):
        time.sleep(delay)
        request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": header})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                if 200 <= response.status < 300:
                    return True
                problem = f"HTTP {response.status}"
        except (urllib.error.URLError, OSError) as error:
            problem = str(error)
        logger.info("Purge of %s at %s failed (attempt %d): %s", header, url, attempt + 1, problem)
    logger.error("Purge at %s failed %d times, giving up on: %s", url, attempt + 1, header)
    return False
