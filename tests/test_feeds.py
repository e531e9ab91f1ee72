"""RSS and Atom feeds: they parse, carry rights and credits, and respect the licence."""

from xml.etree import ElementTree

import feedparser
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article
from articles.photos.renditions import public_image
from articles.public import list_entries
from articles.public.feeds import FEED_LENGTH
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    RestrictiveNoticeFactory,
    RightsNoticeFactory,
)
from tests.stories import story_with_parts

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"
ATOM = "{http://www.w3.org/2005/Atom}"
BODY = "The first paragraph of the story.\n\n## A SUBHEAD\n\nThe second paragraph."

FEEDS = {
    "rss": lambda: reverse("articles:feed-rss"),
    "atom": lambda: reverse("articles:feed-atom"),
    "tag rss": lambda: reverse("articles:tag-feed-rss", kwargs={"slug": "energy"}),
    "tag atom": lambda: reverse("articles:tag-feed-atom", kwargs={"slug": "energy"}),
    "source rss": lambda: reverse("articles:source-feed-rss", kwargs={"slug": "northwind"}),
    "source atom": lambda: reverse("articles:source-feed-atom", kwargs={"slug": "northwind"}),
}


@pytest.fixture
def stories():
    """A restricted agency story with photo and authors, and a free-to-share own story."""
    wire = ArticleFactory(
        headline="Floating solar farm approved",
        standfirst="Fishing crews fear the panels.",
        body=BODY,
        agency=True,
        tags=["energy"],
        rights_notice=RestrictiveNoticeFactory(),
    )
    BylineFactory(article=wire, person=PersonFactory(name="Dana Whitlock"))
    BylineFactory(article=wire, person=PersonFactory(name="Omar Reyes"))
    PhotoCaptionFactory(
        article=wire,
        is_lead=True,
        caption="Workers inspect a test float.",
        credit="NORTHWIND/Lena Fischer/File Photo",
        photographer=PersonFactory(name="Lena Fischer"),
    )
    own = ArticleFactory(
        headline="Tram line to reach the ferry",
        standfirst="A 2.3-kilometre extension.",
        body=BODY,
        tags=["energy"],
        rights_notice=RightsNoticeFactory(allows_full_text=True),
    )
    BylineFactory(article=own, person=PersonFactory(name="Aiyana Cole"))
    return {"wire": wire, "own": own}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def _entries_by_title(parsed):
    return {entry.title: entry for entry in parsed.entries}


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_feeds_parse_and_carry_rights_and_authors(client, stories, name):
    response = _get(client, FEEDS[name]())
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.title == "The Harbour Ledger"
    assert "rights notice" in parsed.feed.rights  # channel <copyright> / feed <rights>
    entries = _entries_by_title(parsed)
    wire = entries["Floating solar farm approved"]
    assert wire.rights == stories["wire"].rights_notice.notice
    assert [author.name for author in wire.authors] == ["Dana Whitlock", "Omar Reyes"]
    assert wire.link == f"http://testserver{stories['wire'].get_absolute_url()}"
    assert [tag.term for tag in wire.tags] == ["energy"]
    own = entries["Tram line to reach the ferry"]
    assert own.rights == stories["own"].rights_notice.notice
    if name == "atom":
        assert wire.authors[0].href == "http://testserver/people/dana-whitlock/"


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_lead_photo_travels_as_media_rss_with_credit_and_copyright(client, stories, name):
    root = ElementTree.fromstring(_get(client, FEEDS[name]()).content)
    items = root.iter("item") if name == "rss" else root.iter(f"{ATOM}entry")
    wire = next(
        item
        for item in items
        if "Floating" in (item.findtext("title") or item.findtext(f"{ATOM}title") or "")
    )
    media = wire.find(f"{MEDIA}content")
    photo = stories["wire"].photos.get()
    # A public rendition (16:9, no EXIF), never the original.
    assert media.get("url") == f"http://testserver{public_image(photo).url}"
    assert "/photos/originals/" not in media.get("url")
    assert media.get("medium") == "image"
    assert (media.get("width"), media.get("height")) == ("64", "36")
    assert media.findtext(f"{MEDIA}description") == "Workers inspect a test float."
    credits = {c.get("role"): c.text for c in media.findall(f"{MEDIA}credit")}
    assert credits == {"photographer": "Lena Fischer", None: "NORTHWIND/Lena Fischer/File Photo"}
    assert media.findtext(f"{MEDIA}copyright") == stories["wire"].rights_notice.notice


@pytest.mark.parametrize("name", ["rss", "atom"])
def test_full_text_only_where_the_notice_allows_it(client, stories, name):
    response = _get(client, FEEDS[name]())
    entries = _entries_by_title(feedparser.parse(response.content))
    own = entries["Tram line to reach the ferry"]
    assert "The first paragraph of the story." in own.content[0].value
    assert "PORT ALDER - " in own.content[0].value  # the dateline opens it, as on the page
    assert own.summary == "A 2.3-kilometre extension."

    wire = entries["Floating solar farm approved"]
    # (feedparser files the photo's media:description under content too: it is plain text)
    assert [c for c in wire.get("content", []) if c.type == "text/html"] == []
    assert wire.summary == "Fishing crews fear the panels."
    # Not a word of the restricted body anywhere in the feed's bytes for this entry.
    raw = response.content.decode()
    assert raw.count("The first paragraph of the story.") == 1  # the own story's only
    assert raw.count("The second paragraph.") == 1


def test_full_text_carries_the_closing_credits(client, stories):
    from articles.models import Byline

    own = stories["own"]
    BylineFactory(
        article=own, person=PersonFactory(name="Bo Lind"), role=Byline.Role.EDITING, position=9
    )
    parsed = feedparser.parse(_get(client, FEEDS["atom"]()).content)
    entry = _entries_by_title(parsed)["Tram line to reach the ferry"]
    assert "(Editing by Bo Lind)" in entry.content[0].value


def test_story_without_standfirst_summarises_with_its_headline_only(client):
    ArticleFactory(headline="Bare wire", standfirst="", agency=True, body=BODY)
    raw = _get(client, FEEDS["rss"]()).content.decode()
    assert "<description>Bare wire</description>" in raw
    assert "first paragraph" not in raw


def test_tag_and_source_feeds_hold_only_their_stories(client, stories):
    ArticleFactory(headline="Untagged own story")
    ArticleFactory(headline="Other agency story", source="Southwire")
    for name in ("tag rss", "tag atom"):
        titles = [e.title for e in feedparser.parse(_get(client, FEEDS[name]()).content).entries]
        assert sorted(titles) == ["Floating solar farm approved", "Tram line to reach the ferry"]
    for name in ("source rss", "source atom"):
        parsed = feedparser.parse(_get(client, FEEDS[name]()).content)
        assert [e.title for e in parsed.entries] == ["Floating solar farm approved"]
        assert parsed.feed.title == "The Harbour Ledger: Northwind"


def test_unknown_tag_and_source_feeds_are_404(client):
    assert client.get("/tags/nothing/feed/rss/").status_code == 404
    assert client.get("/sources/nobody/feed/atom/").status_code == 404


def test_feeds_hold_the_newest_stories_only(client):
    ArticleFactory.create_batch(FEED_LENGTH + 3)
    assert len(feedparser.parse(_get(client, FEEDS["rss"]()).content).entries) == FEED_LENGTH


@pytest.mark.parametrize("parts", [1, 20])
def test_feed_query_counts_stay_flat(client, django_assert_num_queries, parts):
    ContentType.objects.get_for_model(Article)  # cached once per process; not the feed's cost
    for _ in range(3):
        story_with_parts(parts, tags=["energy"])
    # stories + bylines + lead photos + tags; the tag and source feeds look up their object.
    # Then each story's entry is kept (articles.public.list_entries): the stories alone.
    expected = {"rss": 4, "atom": 4, "tag rss": 5, "tag atom": 5, "source rss": 5, "source atom": 5}
    for name, queries in expected.items():
        list_entries.forget_all()
        with django_assert_num_queries(queries):
            first = _get(client, FEEDS[name]()).content
        with django_assert_num_queries(queries - 3):
            assert _get(client, FEEDS[name]()).content == first


def test_entry_ids_survive_a_corrected_slug(client):
    article = ArticleFactory()
    before = feedparser.parse(_get(client, FEEDS["atom"]()).content).entries[0].id
    article.slug = "corrected-slug"
    article.save()
    after = feedparser.parse(_get(client, FEEDS["atom"]()).content).entries[0]
    assert after.link.endswith("/corrected-slug/")
    assert after.id == before == f"tag:127.0.0.1,{article.created_at:%Y-%m-%d}:article:{article.pk}"
