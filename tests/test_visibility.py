"""Nothing that is not public leaks through any door.

Each non-public state (draft, scheduled, embargoed, withdrawn) is checked against
every public output — fronts, tag, person and source pages, search, every feed,
every sitemap and the JSON-LD of other pages — not sampled.
"""

import json

import pytest
from django.urls import reverse

from articles.desk.operations import article_withdraw
from articles.models import Byline
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
)
from tests.pages import json_ld

pytestmark = pytest.mark.django_db

STATES = ["draft", "scheduled", "embargoed", "withdrawn"]
MARK = "zzhidden"  # in every text field of the hidden stories, and in their slugs
# What a leak would look like (the bare mark may be echoed back by the search page).
LEAKS = [
    "zzhidden-",  # slugs: stories, the hidden-only tag, the secret writer
    "zzhidden draft",
    "zzhidden scheduled",
    "zzhidden embargoed",
    "zzhidden withdrawn",
    "zzhidden standfirst",
    "zzhidden body",
    "zzhidden words",
    "zzhidden caption",
    "zzhidden writer",
    "zzhidden reason",
    "zzhiddenwire",
]


def _hidden_story(state: str, **kwargs):
    traits = {"withdrawn": {}}.get(state, {state: True})
    article = ArticleFactory(
        headline=f"ZZHIDDEN {state} story",
        standfirst="ZZHIDDEN standfirst",
        body='The council met. ZZHIDDEN body.\n\n"ZZHIDDEN words," she said.',
        **traits,
        **kwargs,
    )
    if state == "withdrawn":
        article_withdraw(article=article, reason="ZZHIDDEN reason")
    return article


@pytest.fixture(params=STATES)
def world(request):
    """A public story and hidden ones that share its tag, source, writer, speaker and photographer,
    plus a tag, a person and a source that only the hidden stories have."""
    state = request.param
    writer, speaker, photographer = (
        PersonFactory(name=n) for n in ("Wri Ter", "Spea Ker", "Pho To")
    )
    public = ArticleFactory(headline="Public anchor story", agency=True, tags=["shared"])
    BylineFactory(article=public, person=writer)
    QuoteFactory(article=public, speaker=speaker, text="The council met")
    PhotoCaptionFactory(article=public, photographer=photographer, is_lead=True)

    hidden = _hidden_story(state, agency=True, tags=["shared", "zzhidden-only"])
    secret_writer = PersonFactory(name="ZZHIDDEN Writer")
    BylineFactory(article=hidden, person=writer, role=Byline.Role.REPORTING)
    BylineFactory(article=hidden, person=secret_writer)
    QuoteFactory(article=hidden, speaker=speaker, text="ZZHIDDEN words,")
    PhotoCaptionFactory(
        article=hidden, photographer=photographer, is_lead=True, caption="ZZHIDDEN caption"
    )
    secret_source = _hidden_story(state, source="Zzhiddenwire", tags=["shared"])
    return {
        "state": state,
        "public": public,
        "hidden": hidden,
        "writer": writer,
        "speaker": speaker,
        "photographer": photographer,
        "secret_writer": secret_writer,
        "secret_source": secret_source,
    }


def _url(world, name):
    people = {"writer", "speaker", "photographer"}
    if name in people:
        return world[name].get_absolute_url()
    return {
        "home": "/",
        "tag page": "/tags/shared/",
        "source page": "/sources/northwind/",
        "search": "/search/?q=council",
        "search for the hidden words": "/search/?q=zzhidden",
        "rss": reverse("articles:feed-rss"),
        "atom": reverse("articles:feed-atom"),
        "tag rss": reverse("articles:tag-feed-rss", kwargs={"slug": "shared"}),
        "tag atom": reverse("articles:tag-feed-atom", kwargs={"slug": "shared"}),
        "source rss": reverse("articles:source-feed-rss", kwargs={"slug": "northwind"}),
        "source atom": reverse("articles:source-feed-atom", kwargs={"slug": "northwind"}),
        "sitemap index": "/sitemap.xml",
        "articles sitemap": "/sitemap-articles.xml",
        "tags sitemap": "/sitemap-tags.xml",
        "people sitemap": "/sitemap-people.xml",
        "fronts sitemap": "/sitemap-fronts.xml",
        "news sitemap": "/news-sitemap.xml",
        "page of another story": world["public"].get_absolute_url(),
    }[name]


OUTPUTS = [
    "home",
    "tag page",
    "source page",
    "writer",
    "speaker",
    "photographer",
    "search",
    "search for the hidden words",
    "rss",
    "atom",
    "tag rss",
    "tag atom",
    "source rss",
    "source atom",
    "sitemap index",
    "articles sitemap",
    "tags sitemap",
    "people sitemap",
    "fronts sitemap",
    "news sitemap",
    "page of another story",
]


@pytest.mark.parametrize("output", OUTPUTS)
def test_hidden_stories_never_appear(client, world, output):
    response = client.get(_url(world, output))
    assert response.status_code == 200, output
    content = response.content.decode().lower()
    leaks = [leak for leak in LEAKS if leak in content]
    assert not leaks, f"{world['state']} story leaks into {output}"


@pytest.mark.parametrize("output", ["home", "tag page", "rss", "atom", "articles sitemap"])
def test_the_public_story_is_there_so_the_check_above_means_something(client, world, output):
    content = client.get(_url(world, output)).content.decode()
    assert "public-anchor-story" in content


def test_json_ld_of_another_page_carries_only_that_story(client, world):
    blocks = json_ld(client.get(world["public"].get_absolute_url()).content)
    assert [b["headline"] for b in blocks if b["@type"] == "NewsArticle"] == ["Public anchor story"]
    assert MARK not in json.dumps(blocks).lower()


DOORS_OF_HIDDEN_ONLY_THINGS = [
    ("tag page", lambda w: "/tags/zzhidden-only/"),
    ("tag rss", lambda w: reverse("articles:tag-feed-rss", kwargs={"slug": "zzhidden-only"})),
    ("tag atom", lambda w: reverse("articles:tag-feed-atom", kwargs={"slug": "zzhidden-only"})),
    ("person page", lambda w: w["secret_writer"].get_absolute_url()),
    ("source page", lambda w: "/sources/zzhiddenwire/"),
    ("source rss", lambda w: reverse("articles:source-feed-rss", kwargs={"slug": "zzhiddenwire"})),
    (
        "source atom",
        lambda w: reverse("articles:source-feed-atom", kwargs={"slug": "zzhiddenwire"}),
    ),
    ("the story itself (never public)", lambda w: w["secret_source"].get_absolute_url()),
]


@pytest.mark.parametrize(
    ("door", "url"), DOORS_OF_HIDDEN_ONLY_THINGS, ids=[d for d, _ in DOORS_OF_HIDDEN_ONLY_THINGS]
)
def test_tags_people_and_sources_known_only_from_hidden_stories_are_404(client, world, door, url):
    response = client.get(url(world))
    if door.startswith("the story itself") and world["state"] == "withdrawn":
        # It was public once: readers get "410 Gone" with its headline, never its text.
        assert response.status_code == 410
        assert b"The council met." not in response.content
        return
    assert response.status_code == 404, door
    assert MARK not in response.content.decode().lower()


def test_staff_preview_is_the_only_door_to_a_hidden_story(editor_client, world):
    response = editor_client.get(world["hidden"].get_preview_url())
    assert response.status_code == 200
    assert b"ZZHIDDEN body." in response.content
    assert "no-store" in response["Cache-Control"]
