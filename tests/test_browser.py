"""A reader's view in a real browser: headless Chromium (Debian's package) via Playwright.

Skipped, with the reason shown, where Chromium or Playwright is missing; with
NEWSROOM_REQUIRE_BROWSER=1 (as CI sets it) a missing browser fails instead.
Screenshots go to test-artifacts/ (not committed).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from articles.models import Byline
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    RestrictiveNoticeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def story(settings):
    settings.ROOT_URLCONF = "tests.urls_with_media"
    article = ArticleFactory(
        agency=True,
        headline="Harbor city approves floating solar farm",
        standfirst="Fishing crews fear the panels will drive fish from the basin.",
        body=(
            "The city council voted 7-2 on Monday to build a floating solar farm.\n\n"
            '"We are turning a rusting liability into cheap power," the mayor said.\n\n'
            "## SHADE AND SILT\n\nLocal crews say shading could change the water temperature."
        ),
        rights_notice=RestrictiveNoticeFactory(),
        tags=["energy", "fishing"],
    )
    BylineFactory(article=article, person=PersonFactory(name="Dana Whitlock"))
    BylineFactory(
        article=article,
        person=PersonFactory(name="Tom Hale"),
        role=Byline.Role.EDITING,
    )
    QuoteFactory(
        article=article,
        speaker=PersonFactory(name="Ines Carvalho"),
        speaker_title="Mayor",
        text="We are turning a rusting liability into cheap power,",
        is_pull_quote=True,
    )
    PhotoCaptionFactory(
        article=article,
        is_lead=True,
        caption="Workers inspect a test float on the north basin.",
        credit="NORTHWIND/Lena Fischer/File Photo",
        image__width=1200,
        image__height=800,
    )
    return article


def test_a_reader_sees_headline_byline_photo_credit_and_rights_notice(chromium, story, live_server):
    notice = story.rights_notice.notice
    url = live_server.url + story.get_absolute_url()
    ARTIFACTS.mkdir(exist_ok=True)

    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(url, wait_until="load")
    assert response.status == 200

    assert page.locator("h1").inner_text() == "Harbor city approves floating solar farm"
    assert page.locator(".story-header .byline").inner_text() == "By Dana Whitlock"
    caption = page.locator(".photo-lead figcaption")
    assert caption.is_visible()
    assert " ".join(caption.inner_text().split()) == (
        "FILE PHOTO: Workers inspect a test float on the north basin. "
        "NORTHWIND/Lena Fischer/File Photo"
    )
    image_width = page.locator(".photo-lead img").evaluate("img => img.naturalWidth")
    assert image_width == 1200  # the photo itself arrived, not just its caption
    assert page.locator(".story-body .dateline").inner_text().startswith("PORT ALDER (Northwind)")
    assert page.locator(".credits").inner_text() == "(Editing by Tom Hale)"
    footer = page.locator("footer.rights")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    assert footer.inner_text().split() == notice.split()  # word for word

    # Everything came from our own server: no CDN, fonts or third-party scripts.
    assert requested and all(u.startswith(live_server.url) for u in requested), requested

    # Keyboard users land on a visible skip link with a focus outline.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const el = document.activeElement; const box = el.getBoundingClientRect();"
        " return [el.className, box.top >= 0, getComputedStyle(el).outlineStyle]; }"
    )
    assert focused == ["skip-link", True, "solid"]

    page.screenshot(path=str(ARTIFACTS / "story-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload(wait_until="load")
    # Nothing wider than a phone: no sideways scrolling.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "story-phone.png"), full_page=True)
    page.close()
    assert (ARTIFACTS / "story-desktop.png").stat().st_size > 0
