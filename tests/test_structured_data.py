"""schema.org NewsArticle JSON-LD on the story page: rights, credits, and safe embedding."""

from datetime import UTC, datetime

import pytest

from articles.photos.renditions import public_image
from articles.public.structured_data import json_ld_script
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    RestrictiveNoticeFactory,
    RightsNoticeFactory,
)
from tests.pages import news_article_ld

pytestmark = pytest.mark.django_db


def _news_article(client, article) -> dict:
    block = news_article_ld(client.get(article.get_absolute_url()).content)
    return block


def test_news_article_carries_story_authors_dateline_and_rights(client):
    notice = RestrictiveNoticeFactory()
    article = ArticleFactory(
        agency=True,
        headline="Floating solar farm approved",
        standfirst="Fishing crews fear the panels.",
        published_at=datetime(2025, 3, 3, 16, 40, tzinfo=UTC),
        rights_notice=notice,
        tags=["energy", "fishing"],
    )
    BylineFactory(article=article, person=PersonFactory(name="Dana Whitlock"))
    BylineFactory(article=article, person=PersonFactory(name="Omar Reyes"), title="Staff writer")
    data = _news_article(client, article)
    url = f"http://testserver{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["url"] == data["mainEntityOfPage"]["@id"] == url
    assert data["headline"] == "Floating solar farm approved"
    assert data["description"] == "Fishing crews fear the panels."
    assert data["datePublished"] == "2025-03-03T16:40:00+00:00"  # Lisbon keeps UTC in March
    # Not corrected or updated: modified when published (an edit readers were not told of
    # does not count; see tests/test_corrections.py).
    assert data["dateModified"] == data["datePublished"]
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "Dana Whitlock",
            "url": "http://testserver/people/dana-whitlock/",
        },
        {
            "@type": "Person",
            "name": "Omar Reyes",
            "url": "http://testserver/people/omar-reyes/",
            "jobTitle": "Staff writer",
        },
    ]
    assert data["dateline"] == "PORT ALDER (Northwind)"
    assert data["keywords"] == ["energy", "fishing"]
    assert data["copyrightHolder"] == {"@type": "Organization", "name": notice.holder}
    assert data["copyrightYear"] == 2025
    assert data["copyrightNotice"] == notice.notice  # word for word, line breaks included
    assert data["publisher"]["name"] == "The Harbour Ledger"
    assert data["sourceOrganization"]["name"] == "Northwind"


def test_images_carry_caption_credit_creator_and_copyright(client):
    notice = RightsNoticeFactory(licence_url="https://example.org/licence")
    article = ArticleFactory(rights_notice=notice)
    lena = PersonFactory(name="Lena Fischer")
    lead = PhotoCaptionFactory(
        article=article,
        is_lead=True,
        caption="Workers inspect a test float.",
        credit="NORTHWIND/Lena Fischer/File Photo",
        photographer=lena,
    )
    PhotoCaptionFactory(article=article, caption="The basin at dusk.", credit="(AP Photo/Jane Roe)")
    PhotoCaptionFactory(article=article, image=None, caption="Not arrived yet.")
    images = _news_article(client, article)["image"]
    assert [image["caption"] for image in images] == [
        "Workers inspect a test float.",
        "The basin at dusk.",
    ]
    first, second = images
    assert first["@type"] == "ImageObject"
    assert first["contentUrl"] == f"http://testserver{public_image(lead).url}"
    assert (first["width"], first["height"]) == (64, 36)  # the 16:9 rendition
    assert first["creditText"] == "NORTHWIND/Lena Fischer/File Photo"
    assert first["creator"] == {
        "@type": "Person",
        "name": "Lena Fischer",
        "url": "http://testserver/people/lena-fischer/",
    }
    assert first["copyrightNotice"] == notice.notice
    assert first["license"] == first["acquireLicensePage"] == "https://example.org/licence"
    assert second["creator"] == {"@type": "Person", "name": "Jane Roe"}
    assert second["creditText"] == "(AP Photo/Jane Roe)"


def test_story_without_byline_is_credited_to_its_source_or_the_newsroom(client):
    assert _news_article(client, ArticleFactory(agency=True))["author"] == [
        {
            "@type": "Organization",
            "name": "Northwind",
            "url": "http://testserver/sources/northwind/",
        }
    ]
    assert _news_article(client, ArticleFactory())["author"] == [
        {"@type": "Organization", "name": "The Harbour Ledger", "url": "http://testserver/"}
    ]


def test_copyright_year_falls_back_to_the_publication_year(client):
    notice = RightsNoticeFactory(notice="Copyright Harbour Ledger. All rights reserved.")
    assert notice.year is None
    article = ArticleFactory(
        rights_notice=notice, published_at=datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    )
    assert _news_article(client, article)["copyrightYear"] == 2024


@pytest.mark.parametrize(
    "headline",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT ><img src=x onerror=alert(1)>",
        "<!-- <script>",
        "Line\u2028separator & <b>bold</b>",
    ],
)
def test_headline_cannot_break_out_of_the_script_element(client, headline):
    article = ArticleFactory(headline=headline)
    content = client.get(article.get_absolute_url()).content.decode()
    data = news_article_ld(content)
    assert data["headline"] == headline
    start = content.index('<script type="application/ld+json">')
    end = content.index("</script>", start)
    embedded = content[start:end]
    assert "<" not in embedded[len('<script type="application/ld+json">') :]
    assert ">" not in embedded[len('<script type="application/ld+json">') :]


def test_json_ld_script_escapes_like_json_script():
    html = json_ld_script({"a": "</script>&\u2028"})
    assert html == (
        '<script type="application/ld+json">{"a": "\\u003C/script\\u003E\\u0026\\u2028"}</script>'
    )
