"""The dark theme follows the reader's system setting and keeps the light theme's contrast."""

import re

import pytest

from tests.factories import ArticleFactory, BylineFactory

pytestmark = pytest.mark.django_db(transaction=True)

# What a reader reads on what: (text selector, the element whose background is behind it).
PAIRS = [
    ("h1", "body"),
    (".standfirst", "body"),
    (".story-body p", "body"),
    (".meta time", "body"),
    (".story-tags a", "body"),
    (".site-footer p", ".site-footer"),
    (".site-footer a", ".site-footer"),
]


def _luminance(rgb: str) -> float:
    channels = [int(value) / 255 for value in re.findall(r"\d+(?:\.\d+)?", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted([_luminance(one), _luminance(other)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colours(browser, url: str, scheme: str) -> dict:
    page = browser.new_page(viewport={"width": 390, "height": 800}, color_scheme=scheme)
    assert page.goto(url, wait_until="load").status == 200
    colours = {}
    for text, behind in PAIRS:
        colour = page.eval_on_selector(text, "e => getComputedStyle(e).color")
        background = page.eval_on_selector(behind, "e => getComputedStyle(e).backgroundColor")
        colours[text] = (colour, background)
    colours["page"] = page.eval_on_selector("body", "e => getComputedStyle(e).backgroundColor")
    page.close()
    return colours


def test_dark_theme_follows_the_system_and_keeps_contrast(chromium, live_server):
    article = ArticleFactory(tags=["harbour"])
    BylineFactory(article=article)
    url = live_server.url + article.get_absolute_url()
    light = _colours(chromium, url, "light")
    dark = _colours(chromium, url, "dark")
    assert _luminance(light["page"]) > 0.9
    assert _luminance(dark["page"]) < 0.05
    for colours in (light, dark):
        for text, (colour, background) in ((k, v) for k, v in colours.items() if k != "page"):
            assert _contrast(colour, background) >= 4.5, (text, colour, background)  # WCAG AA
