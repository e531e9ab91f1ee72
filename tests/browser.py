"""Headless Chromium (Debian's package) through Playwright, for the browser tests.

Skipped, with the reason shown, where Chromium or Playwright is missing; with
NEWSROOM_REQUIRE_BROWSER=1 (as CI sets it) a missing browser fails instead.
Screenshots go to test-artifacts/ (not committed).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _unavailable(reason: str):
    if os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NEWSROOM_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def chromium(monkeypatch):
    """Playwright driving the system Chromium (Playwright's own browser download is not used)."""
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[dev]')")
    # Playwright's sync API runs an event loop in this thread; the ORM must still work here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # It also switches greenlets, and with them the context Django keeps connections in:
    # close them on both sides so none is left open to block dropping the test database.
    connections.close_all()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
                connections.close_all()
    finally:
        connections.close_all()
