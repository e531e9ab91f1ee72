"""Kept list entries: a list renders each story once per change of it, and never shows one stale."""

import pytest
from taggit.models import Tag

from articles.models import Byline
from articles.public import list_entries
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

LISTS = ["/", "/latest/", "/tags/harbour/", "/sources/northwind/", "/search/?q=harbour"]


@pytest.fixture
def story():
    article = ArticleFactory(
        headline="Harbour wall repaired",
        source="Northwind",
        section=SectionFactory(name="Docks"),
        tags=["harbour"],
    )
    BylineFactory(article=article, person__name="Ines Castell", role=Byline.Role.AUTHOR)
    PhotoCaptionFactory(article=article, is_lead=True, alt_text="The mended wall.")
    ArticleFactory(headline="Harbour crane arrives", source="Northwind", tags=["harbour"])
    return article


def pages(client) -> dict[str, str]:
    found = {}
    for url in LISTS:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.content.decode()
    return found


def _rename_author(article):
    person = article.bylines.get().person
    person.name = "Ines Castell-Moreno"
    person.save()
    return "Ines Castell-Moreno"


def _edit_headline(article):
    article.headline = "Harbour wall repaired at last"
    article.save()
    return "Harbour wall repaired at last"


def _add_author(article):
    BylineFactory(article=article, person__name="Tilde Varga", role=Byline.Role.AUTHOR)
    return "Tilde Varga"


def _move_the_author_page(article):
    person = article.bylines.get().person
    person.slug = "ines-castell-moreno"
    person.save()
    return "/people/ines-castell-moreno/"


def _drop_the_lead_photo(article):
    article.photos.get().delete()
    return "story-item-headline"  # still listed; the picture's absence is checked below


def _rename_the_source(article):
    article.source = "Northwind Press"
    article.save()
    return "Northwind Press"


def _rename_the_section(article):
    section = article.section
    section.name = "Waterfront"
    section.save()
    return "Waterfront"


def _rename_the_tag(article):
    tag = Tag.objects.get(name="harbour")
    tag.name = "harbour front"
    tag.save()
    return "harbour front"


@pytest.mark.parametrize(
    "change",
    [_rename_author, _edit_headline, _add_author, _move_the_author_page, _rename_the_source],
)
def test_every_list_shows_a_change_on_the_next_request(client, story, change):
    pages(client)
    pages(client)  # the entries are kept now
    shown = change(story)
    for url, content in pages(client).items():
        if url.startswith("/sources/") and change is _rename_the_source:
            continue  # the story left that list (its source's address moved)
        assert shown in content, url


def test_a_lead_photo_taken_away_leaves_every_list(client, story):
    before = pages(client)
    assert all("<picture>" in content for url, content in before.items() if "search" not in url)
    _drop_the_lead_photo(story)
    for url, content in pages(client).items():
        assert "<picture>" not in content, url


def test_the_front_lead_shows_its_section_renamed(client, story):
    ArticleFactory(headline="Older story", tags=["harbour"])  # the story stays the newest
    client.get("/")
    _rename_the_section(story)
    assert "Waterfront" in client.get("/").content.decode()


def test_kept_entries_render_the_page_rendered_from_scratch(client, story):
    first = pages(client)
    assert pages(client) == first
    list_entries.forget_all()
    assert pages(client) == first


def test_an_entry_rendered_before_a_change_is_not_used_after_it(client, story):
    """The stamp read with the list decides: a change moves it in its own transaction."""
    pages(client)
    person = PersonFactory(name="Omar Silva")
    byline = story.bylines.get()
    byline.person = person
    byline.save()
    assert all("Omar Silva" in content for content in pages(client).values())


def test_a_tag_renamed_shows_in_the_feed_of_kept_entries(client, story):
    client.get("/feeds/rss/")
    shown = _rename_the_tag(story)
    assert shown in client.get("/feeds/rss/").content.decode()
