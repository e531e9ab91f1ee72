"""Share cards: Open Graph and Twitter tags, a meta description and a canonical URL on every
public page."""

import pytest

from articles.photos.renditions import public_image
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
)
from tests.pages import parse

pytestmark = pytest.mark.django_db


def _meta(content) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for element in parse(content).iter("meta"):
        key = element.get("property") or element.get("name")
        if key:
            tags.setdefault(key, []).append(element.get("content"))
    return tags


def _canonical(content) -> list[str]:
    return [
        link.get("href") for link in parse(content).iter("link") if link.get("rel") == "canonical"
    ]


def test_story_card_has_every_open_graph_and_twitter_tag(client):
    article = ArticleFactory(headline="Tide gauge\nfixed", standfirst="The gauge reads again.")
    article.tags.add("tides", "harbour")
    photo = PhotoCaptionFactory(article=article, is_lead=True, alt_text="A gauge on a pier.")
    person = PersonFactory(name="Ines Duarte")
    BylineFactory(article=article, person=person)
    tags = _meta(client.get(article.get_absolute_url()).content)
    url = f"http://testserver{article.get_absolute_url()}"
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == ["Tide gauge fixed"]
    assert tags["og:description"] == tags["description"] == ["The gauge reads again."]
    assert tags["og:url"] == [url]
    assert tags["og:site_name"] == ["The Harbour Ledger"]
    assert tags["og:image"] == [f"http://testserver{public_image(photo).url}"]  # a rendition
    image = public_image(photo)  # the 16:9 lead crop of the 64×48 picture
    assert (tags["og:image:width"], tags["og:image:height"]) == (
        [str(image.width)],
        [str(image.height)],
    )
    assert tags["og:image:alt"] == ["A gauge on a pier."]
    assert tags["article:published_time"][0].startswith(str(article.published_at.year))
    assert "." not in tags["article:modified_time"][0]  # whole seconds
    assert sorted(tags["article:tag"]) == ["harbour", "tides"]
    assert tags["article:author"] == [f"http://testserver{person.get_absolute_url()}"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image:alt"] == ["A gauge on a pier."]
    assert _canonical(client.get(article.get_absolute_url()).content) == [url]


def test_story_without_standfirst_is_described_by_its_first_sentence(client):
    article = ArticleFactory(standfirst="", body="The **ferry** runs again. It was late.\n\nMore.")
    tags = _meta(client.get(article.get_absolute_url()).content)
    assert tags["description"] == ["The ferry runs again."]


def test_story_without_photo_shows_the_logo_as_a_summary_card(client):
    tags = _meta(client.get(ArticleFactory().get_absolute_url()).content)
    assert tags["og:image"][0].endswith("logo.png")
    assert tags["twitter:card"] == ["summary"]


def test_section_is_in_the_card_when_stories_have_sections(client):
    article = ArticleFactory()
    tags = _meta(client.get(article.get_absolute_url()).content)
    expected = [str(article.section)] if getattr(article, "section", None) else []
    assert tags.get("article:section", []) == expected


@pytest.mark.parametrize("kind", ["home", "tag", "person", "source", "search", "corrections"])
def test_every_front_has_a_card_a_description_and_a_canonical_url(client, kind):
    article = ArticleFactory(agency=True)
    article.tags.add("ports")
    person = PersonFactory(title="Harbour master")
    BylineFactory(article=article, person=person)
    url = {
        "home": "/",
        "tag": "/tags/ports/",
        "person": person.get_absolute_url(),
        "source": "/sources/northwind/",
        "search": "/search/?q=harbour&utm_source=x",
        "corrections": "/corrections/",
    }[kind]
    response = client.get(url)
    assert response.status_code == 200
    tags = _meta(response.content)
    assert tags["description"][0]
    assert tags["og:title"][0] and tags["og:image"][0] and tags["twitter:card"][0]
    assert tags["og:type"] == ["profile" if kind == "person" else "website"]
    (canonical,) = _canonical(response.content)
    assert canonical == tags["og:url"][0]
    assert "utm_source" not in canonical


def test_not_found_page_has_a_description(client):
    assert _meta(client.get("/no-such-page/").content)["description"]
