"""The edited front (the home page): lead, pinned stories, section blocks, fallbacks."""

from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.desk.operations import article_unpublish
from articles.models import FrontBlock, FrontPage, FrontPin
from articles.public.navigation import section_nav
from tests.browser import ARTIFACTS
from tests.factories import (
    ArticleFactory,
    PhotoCaptionFactory,
    RightsNoticeFactory,
    SectionFactory,
)
from tests.pages import by_class, heading_levels, parse, parse_errors, squash, text


def _story(headline, *, hours_ago=1, **kwargs):
    return ArticleFactory(
        headline=headline, published_at=timezone.now() - timedelta(hours=hours_ago), **kwargs
    )


def _headlines(element) -> list[str]:
    return [squash(text(h)) for h in by_class(element, "story-item-headline")]


def read_front(client) -> dict:
    """The home page as a reader sees it: lead, pinned, {block heading: headlines}, latest."""
    response = client.get("/")
    assert response.status_code == 200
    root = parse(response.content)
    leads = by_class(root, "front-lead-headline")
    pinned = by_class(root, "front-pinned")
    latest = by_class(root, "front-latest")
    blocks = {}
    for block in by_class(root, "front-block"):
        heading = squash(text(next(block.iter("h2"))))
        blocks[heading] = _headlines(block)
    return {
        "lead": squash(text(leads[0])) if leads else None,
        "pinned": _headlines(pinned[0]) if pinned else [],
        "blocks": blocks,
        "latest": _headlines(latest[0]) if latest else [],
    }


@pytest.fixture
def sections(db):
    return {
        "local": SectionFactory(name="Local", slug="local", position=1),
        "business": SectionFactory(name="Business", slug="business", position=2),
        "sport": SectionFactory(name="Sport", slug="sport", position=3),
    }


def _all_headlines(front) -> list[str]:
    lead = [front["lead"]] if front["lead"] else []
    blocks = [h for headlines in front["blocks"].values() for h in headlines]
    return lead + front["pinned"] + blocks + front["latest"]


# -- with nothing arranged ------------------------------------------------------------------


def test_without_a_front_the_newest_story_leads_then_a_block_per_active_section(client, sections):
    SectionFactory(name="Archive", slug="archive", is_active=False)
    _story("Ferry returns", hours_ago=1, section=sections["local"])
    _story("Fish prices up", hours_ago=2, section=sections["business"])
    _story("Market hall sold", hours_ago=3, section=sections["business"])
    _story("Quay repairs", hours_ago=4, section=sections["local"])
    _story("Unfiled story", hours_ago=5)
    _story("Old archive story", hours_ago=6, section=SectionFactory(slug="archive"))
    front = read_front(client)
    assert front["lead"] == "Ferry returns"
    assert front["pinned"] == []
    assert front["blocks"] == {  # in section order; an empty (sport) or inactive one is left out
        "Local": ["Quay repairs"],
        "Business": ["Fish prices up", "Market hall sold"],
    }
    assert front["latest"] == ["Unfiled story", "Old archive story"]


def test_an_empty_site_says_so(client, db):
    assert "No stories yet." in client.get("/").content.decode()


def test_the_home_links_to_the_latest_list_and_old_page_links_still_work(client, db):
    for i in range(3):
        _story(f"Story {i}", hours_ago=i + 1)
    content = client.get("/").content.decode()
    assert f'href="{reverse("articles:latest")}"' in content
    response = client.get("/?before=123.4")
    assert response.status_code == 301
    assert response["Location"] == "/latest/?before=123.4"


# -- arranged by the editors ----------------------------------------------------------------


def _arrange(*, lead=None, pins=(), blocks=()):
    front = FrontPage.objects.create(lead=lead)
    for position, pin in enumerate(pins):
        article, section = pin if isinstance(pin, tuple) else (pin, None)
        FrontPin.objects.create(front=front, article=article, section=section, position=position)
    for position, (section, size) in enumerate(blocks):
        FrontBlock.objects.create(front=front, section=section, size=size, position=position)
    return front


def test_the_editors_lead_pinned_order_and_blocks(client, sections):
    local, business, sport = sections["local"], sections["business"], sections["sport"]
    old_lead = _story("Harbour deal signed", hours_ago=30, section=business)
    first = _story("Pinned first", hours_ago=20)
    second = _story("Pinned second", hours_ago=10)
    for i in range(4):
        _story(f"Sport {i}", hours_ago=i + 1, section=sport)
    older_sport = _story("Sport pinned", hours_ago=40, section=sport)
    _story("Local news", hours_ago=2, section=local)
    _arrange(
        lead=old_lead,
        pins=[second, first, (older_sport, sport)],
        blocks=[(sport, 3), (business, 2)],
    )
    front = read_front(client)
    assert front["lead"] == "Harbour deal signed"
    assert front["pinned"] == ["Pinned second", "Pinned first"]
    # Blocks in the editors' order; the pinned story heads its block, the newest fill it.
    # Business has nothing left (its only story leads): no empty block. Local has no block.
    assert front["blocks"] == {"Sport": ["Sport pinned", "Sport 0", "Sport 1"]}
    assert front["latest"][:3] == ["Local news", "Sport 2", "Sport 3"]


@pytest.mark.parametrize("state", ["draft", "scheduled", "embargoed", "withdrawn", "expired"])
def test_a_pinned_story_readers_may_not_see_is_skipped(client, sections, state):
    sport = sections["sport"]
    if state == "expired":
        hidden = {
            "rights_notice": RightsNoticeFactory(display_days=1),
            "published_at": timezone.now() - timedelta(days=3),
        }
    else:
        hidden = {state: True}
    secret = {"section": sport, **hidden}
    hidden_lead = ArticleFactory(headline="Hidden lead", **secret)
    hidden_pin = ArticleFactory(headline="Hidden pin", **secret)
    hidden_block_pin = ArticleFactory(headline="Hidden block pin", **secret)
    _story("Newest public", hours_ago=1, section=sport)
    _story("Public pin", hours_ago=5)
    public_pin = _story("Second public", hours_ago=3)
    _arrange(
        lead=hidden_lead,
        pins=[hidden_pin, public_pin, (hidden_block_pin, sport)],
        blocks=[(sport, 2)],
    )
    content = client.get("/").content.decode()
    assert "Hidden" not in content
    front = read_front(client)
    assert front["lead"] == "Newest public"  # the editors' lead is not public: the newest leads
    assert front["pinned"] == ["Second public"]
    assert front["blocks"] == {}  # its one public story already leads
    assert front["latest"] == ["Public pin"]


def test_no_story_appears_twice(client, sections):
    local, sport = sections["local"], sections["sport"]
    lead = _story("Lead story", hours_ago=1, section=local)
    pinned = _story("Pinned local", hours_ago=2, section=local)
    also = _story("Pinned twice", hours_ago=3, section=sport)
    for i in range(5):
        _story(f"Filler {i}", hours_ago=10 + i, section=local if i % 2 else sport)
    _arrange(
        lead=lead,
        pins=[pinned, lead, also, (also, sport), (pinned, local)],
        blocks=[(local, 4), (sport, 4)],
    )
    headlines = _all_headlines(read_front(client))
    assert len(headlines) == len(set(headlines)) == 8
    assert headlines[:3] == ["Lead story", "Pinned local", "Pinned twice"]


def test_a_block_of_an_inactive_section_is_not_shown(client, sections):
    sport = sections["sport"]
    _story("Sport story", section=sport)
    _arrange(blocks=[(sport, 4)])
    sport.is_active = False
    sport.save()
    front = read_front(client)
    assert front["blocks"] == {}
    assert front["lead"] == "Sport story"


@pytest.mark.parametrize("blocks", [1, 6])
@pytest.mark.parametrize(
    ("arranged", "queries"),
    [
        # the front (none), the active sections, the lead, the blocks' fill, the latest list;
        # then the authors and lead photos of them all, for their list entries
        (False, 7),
        # the front, its blocks, its pins, the pinned stories, the fill, the latest list
        (True, 8),
    ],
)
def test_the_front_costs_the_same_queries_with_one_block_or_six(
    client, db, django_assert_num_queries, blocks, arranged, queries
):
    sections = [SectionFactory(name=f"Desk {i}") for i in range(blocks)]
    stories = [
        _story(f"Story {i}-{j}", section=s) for i, s in enumerate(sections) for j in range(4)
    ]
    for i in range(3):
        _story(f"Unfiled {i}", hours_ago=20 + i)
    if arranged:
        _arrange(
            lead=stories[0],
            pins=[stories[1], (stories[2], sections[0])],
            blocks=[(section, 2) for section in sections],
        )
    section_nav()  # the header's list, cached as on a running site (pinned in test_sections)
    with django_assert_num_queries(queries):
        front = read_front(client)
    assert len(front["blocks"]) == blocks
    with django_assert_num_queries(queries - 2):  # the entries are kept (list_entries)
        assert read_front(client) == front


# -- the admin -----------------------------------------------------------------------------


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data |= {f"{prefix}-{i}-{key}": value for key, value in row.items()}
    return data


def test_an_editor_arranges_the_front_in_one_admin_page(editor_client, sections):
    sport = sections["sport"]
    lead = _story("Lead story", hours_ago=5)
    pinned = _story("Pinned story", hours_ago=6)
    _story("Sport story", hours_ago=1, section=sport)
    data = {"name": "Home", "lead": str(lead.pk)}
    data |= _formset("pins", [{"article": str(pinned.pk), "section": "", "position": "1"}])
    data |= _formset("blocks", [{"section": str(sport.pk), "size": "3", "position": "1"}])
    response = editor_client.post(reverse("admin:articles_frontpage_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    front = read_front(editor_client)
    assert front["lead"] == "Lead story"
    assert front["pinned"] == ["Pinned story"]
    assert front["blocks"] == {"Sport": ["Sport story"]}
    # One front: "add" opens the existing one.
    change = reverse("admin:articles_frontpage_change", args=[FrontPage.objects.get().pk])
    add = editor_client.get(reverse("admin:articles_frontpage_add"))
    assert add.status_code == 302 and add["Location"] == change
    assert editor_client.get(change).status_code == 200
    assert "no: skipped until public" not in editor_client.get(change).content.decode()
    article_unpublish(article=pinned)
    assert "no: skipped until public" in editor_client.get(change).content.decode()


def test_a_block_size_out_of_range_is_refused_with_a_message(editor_client, sections):
    data = {"name": "Home", "lead": ""}
    data |= _formset("pins", [])
    data |= _formset(
        "blocks", [{"section": str(sections["sport"].pk), "size": "99", "position": "1"}]
    )
    response = editor_client.post(reverse("admin:articles_frontpage_add"), data)
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 12." in response.content.decode()
    assert not FrontPage.objects.exists()


def test_reporters_cannot_arrange_the_front(reporter_client, db):
    for url in [
        reverse("admin:articles_frontpage_changelist"),
        reverse("admin:articles_frontpage_add"),
    ]:
        assert reporter_client.get(url).status_code == 403


# -- the page itself -----------------------------------------------------------------------


def test_the_front_is_sound_html_with_headings_in_order(client, sections):
    sport = sections["sport"]
    lead = _story("Lead story", hours_ago=1)
    pinned = _story("Pinned story", hours_ago=2)
    for i in range(3):
        _story(f"Sport {i}", hours_ago=3 + i, section=sport)
    _story("Unfiled", hours_ago=9)
    _arrange(lead=lead, pins=[pinned], blocks=[(sport, 2)])
    content = client.get("/").content.decode()
    assert parse_errors(content) == []
    levels = heading_levels(parse(content))
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in pairwise(levels))


def test_the_demo_front_is_arranged(client, db):
    call_command("loaddata", "demo", verbosity=0)
    front = read_front(client)
    assert front["lead"].startswith("Tram line 4")
    assert front["pinned"] and list(front["blocks"])[:2] == ["Port Alder", "Coast"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "side_by_side"), [(1280, True), (390, False)])
def test_in_a_browser_the_lead_is_big_and_nothing_scrolls_sideways(
    chromium, live_server, settings, width, side_by_side
):
    settings.ROOT_URLCONF = "tests.urls_with_media"
    sport = SectionFactory(name="Sport", slug="sport")
    lead = _story("A long lead headline about the harbour wall and the winter storms", hours_ago=1)
    PhotoCaptionFactory(article=lead, is_lead=True, image__width=1200, image__height=800)
    pinned = _story("Pinned story", hours_ago=2)
    for i in range(3):
        _story(f"Sport {i}", hours_ago=3 + i, section=sport)
    _arrange(lead=lead, pins=[pinned], blocks=[(sport, 3)])
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(live_server.url + "/")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"front-{width}.png", full_page=True)
    lead_box = page.locator(".front-lead").bounding_box()
    pinned_box = page.locator(".front-pinned").bounding_box()
    assert (pinned_box["x"] > lead_box["x"] + lead_box["width"] - 1) is side_by_side
    lead_size = page.locator(".front-lead-headline").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    block_size = page.locator(".front-block .story-item-headline").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert lead_size > 1.5 * block_size
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()
