"""A reader's view in a real browser: headless Chromium (Debian's package) via Playwright.

Skipped, with the reason shown, where Chromium or Playwright is missing; with
NEWSROOM_REQUIRE_BROWSER=1 (as CI sets it) a missing browser fails instead.
Screenshots go to test-artifacts/ (not committed).
"""

import pytest

from articles.models import Byline
from tests.browser import ARTIFACTS
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    RestrictiveNoticeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    image = page.locator(".photo-lead img").evaluate("img => [img.complete, img.currentSrc]")
    assert image[0] and "/lead-800x" in image[1]  # a rendition arrived, not just its caption
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
