"""The story page in Chromium loads the rendition its width asks for; the focal-point editor works.

Screenshots (test-artifacts/, not committed): the story page at 390 and 1280 pixels wide,
and the admin photo inline with the focal point set by a click.
"""

import pytest

from tests.browser import ARTIFACTS
from tests.factories import ArticleFactory, PhotoCaptionFactory, UserFactory
from tests.test_browser_admin import newsroom_groups  # noqa: F401 - autouse: the editors' group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logged_in(browser, live_server, user):
    """A page with the editor's session already set (the login form is tested elsewhere)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context.new_page()


@pytest.fixture
def story():
    article = ArticleFactory(headline="Gulls return to the north basin")
    photo = PhotoCaptionFactory(
        article=article,
        is_lead=True,
        caption="Gulls over the north basin at dawn.",
        credit="STAFF/Ines Pell",
        image__width=2000,
        image__height=1300,
        image__color="steelblue",
    )
    return article, photo


@pytest.mark.parametrize(
    ("width", "scale", "expected"),
    [(390, 1, 480), (390, 2, 800), (1280, 1, 800), (1280, 2, 1600)],
)
def test_the_story_page_loads_the_rendition_its_width_asks_for(
    chromium, story, live_server, width, scale, expected
):
    article, photo = story
    context = chromium.new_context(
        viewport={"width": width, "height": 900}, device_scale_factor=scale
    )
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    assert page.goto(live_server.url + article.get_absolute_url(), wait_until="load").ok
    leads = sorted({u for u in requested if f"/photos/{photo.rendition_key}/lead-" in u})
    assert len(leads) == 1, leads  # the preload and the <img> agree: one download
    assert f"/lead-{expected}x" in leads[0]
    assert leads[0].endswith((".avif", ".webp"))  # a modern format, not the JPEG fallback
    assert not [u for u in requested if "/photos/originals/" in u or "/media/" in u]
    shown = page.locator(".photo-lead img").evaluate("img => img.currentSrc")
    assert shown == leads[0]
    if scale == 1:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"photo-story-{width}.png"), full_page=True)
    page.context.close()


def test_a_click_on_the_preview_sets_the_focal_point(chromium, story, live_server):
    article, _photo = story
    page = logged_in(chromium, live_server, UserFactory(username="ana", groups=["Editors"]))
    assert page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/").ok
    editor_box = page.locator(".focal-point-editor img")
    editor_box.scroll_into_view_if_needed()
    box = editor_box.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    assert abs(float(page.locator("#id_photos-0-focal_x").input_value()) - 0.25) <= 0.02
    assert abs(float(page.locator("#id_photos-0-focal_y").input_value()) - 0.75) <= 0.02
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".inline-group").filter(has=editor_box).screenshot(
        path=str(ARTIFACTS / "photo-focal-point-editor.png")
    )
    page.context.close()
