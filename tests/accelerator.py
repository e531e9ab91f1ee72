"""A stand-in HTTP accelerator for the tests: it records the keys of each PURGE it gets."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Accelerator:
    """What was purged (``received``: one set of keys a request); ``down`` answers 503."""

    def __init__(self):
        self.received: list[set[str]] = []
        self.down = False

    @property
    def keys(self) -> set[str]:
        return set().union(*self.received)


@pytest.fixture
def accelerator(settings):
    """A stand-in accelerator on a free port, named in ``NEWSROOM_PURGE_URLS``."""
    recorder = Accelerator()

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            if recorder.down:
                self.send_response(503)
            else:
                recorder.received.append(set(self.headers["xkey-purge"].split()))
                self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield recorder
    server.shutdown()
    server.server_close()
