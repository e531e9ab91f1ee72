"""Script payloads in every text field come out inert on every page, feed, sitemap and JSON-LD.

Checked the way a browser or feed reader would see them: HTML is parsed with the
HTML5 algorithm and must contain no script, event handler or injected element;
XML must parse, and HTML carried inside feeds is parsed and checked the same way.
"""

from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils.text import slugify

from articles.desk.operations import article_withdraw
from articles.models import Byline
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    RightsNoticeFactory,
)
from tests.pages import news_article_ld, parse

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "</script><svg onload=alert(1)>",
    "'><iframe src=javascript:alert(1)></iframe>",
]
ALLOWED_SCRIPTS = {("application/ld+json", None), (None, "/static/js/share.js")}


def assert_inert_html(content: str, where: str) -> None:
    """No element, attribute or URL that could run script, as a browser parses the page."""
    for el in parse(content).iter():
        tag = str(el.tag)
        assert "svg" not in tag and tag not in {"iframe", "object", "embed"}, (where, tag)
        if tag == "script":
            assert (el.get("type"), el.get("src")) in ALLOWED_SCRIPTS, where
            assert "<" not in (el.text or ""), where
        if tag == "img":
            assert el.get("src") != "x", where
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (where, tag, name)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith("javascript:"), (where, value)


@pytest.fixture(params=PAYLOADS, ids=["script", "attribute", "script-end", "iframe"])
def poisoned(request):
    """A story whose every text field, and every name around it, carries the payload."""
    p = request.param
    notice = RightsNoticeFactory(notice=f"© 2025 Harbour {p} Ledger. {p}", allows_full_text=True)
    article = ArticleFactory(
        headline=f"Headline {p}",
        standfirst=f"Standfirst {p}",
        dateline=f"PORT {p}",
        source=f"Wire {p}",
        body=f'Body {p}\n\n## Subhead {p}\n\n"Quote {p} said," she said.',
        rights_notice=notice,
        tags=[f"tag {p}"],
    )
    writer = PersonFactory(name=f"Writer {p}", title=f"Title {p}")
    BylineFactory(article=article, person=writer, title=f"Byline title {p}")
    BylineFactory(
        article=article,
        person=PersonFactory(name=f"Reporter {p}"),
        role=Byline.Role.REPORTING,
        location=f"Place {p}",
    )
    speaker = PersonFactory(name=f"Speaker {p}")
    QuoteFactory(
        article=article,
        speaker=speaker,
        text=f"Quote {p} said,",
        speaker_title=f"Speaker title {p}",
        is_pull_quote=True,
    )
    QuoteFactory(article=article, speaker=speaker, text=f"Other {p}")
    photographer = PersonFactory(name=f"Shooter {p}")
    PhotoCaptionFactory(
        article=article,
        is_lead=True,
        caption=f"Caption {p}",
        credit=f"NORTHWIND/Shooter {p}/File Photo",
        alt_text=f"Alt {p}",
        photographer=photographer,
    )
    PhotoCaptionFactory(article=article, caption=f"Second {p}", credit=f"{p} / AFP")
    gone = ArticleFactory(headline=f"Gone {p}")
    article_withdraw(article=gone, reason=f"Reason {p}")
    return {
        "payload": p,
        "article": article,
        "people": [writer, speaker, photographer],
        "tag_slug": article.tags.get().slug,
        "source_slug": slugify(article.source),
        "gone": gone,
    }


def _html_pages(poisoned):
    article = poisoned["article"]
    return [
        article.get_absolute_url(),
        "/",
        reverse("articles:tag", kwargs={"slug": poisoned["tag_slug"]}),
        reverse("articles:source", kwargs={"slug": poisoned["source_slug"]}),
        *(person.get_absolute_url() for person in poisoned["people"]),
        "/search/?q=Headline",
        "/search/?" + f"q={poisoned['payload']}",
        poisoned["gone"].get_absolute_url(),
    ]


def test_every_html_page_is_inert(client, poisoned):
    for url in _html_pages(poisoned):
        response = client.get(url, follow=False)
        assert response.status_code in (200, 410), url
        content = response.content.decode()
        assert poisoned["payload"] not in content, url
        assert_inert_html(content, url)


def test_staff_preview_is_inert_too(editor_client, poisoned):
    content = editor_client.get(poisoned["article"].get_preview_url()).content.decode()
    assert poisoned["payload"] not in content
    assert_inert_html(content, "preview")


def test_text_survives_escaping_word_for_word(client, poisoned):
    """Escaped, not stripped: the reader sees exactly what was stored."""
    from tests.pages import by_class, one_by_class, text

    article = poisoned["article"]
    root = parse(client.get(article.get_absolute_url()).content)
    assert text(root.find(".//h1")) == article.headline
    assert text(one_by_class(root, "rights-notice")) == article.rights_notice.notice
    captions = [text(caption) for caption in by_class(root, "caption")]
    assert captions == [f"Caption {poisoned['payload']}", f"Second {poisoned['payload']}"]


def test_json_ld_round_trips_every_field(client, poisoned):
    article = poisoned["article"]
    p = poisoned["payload"]
    data = news_article_ld(client.get(article.get_absolute_url()).content)
    assert data["headline"] == article.headline
    assert data["description"] == article.standfirst
    assert data["dateline"] == f"{article.dateline} ({article.source})"
    assert data["author"][0]["name"] == f"Writer {p}"
    assert data["copyrightNotice"] == article.rights_notice.notice
    assert data["image"][0]["caption"] == f"Caption {p}"
    assert data["image"][0]["creditText"] == f"NORTHWIND/Shooter {p}/File Photo"
    assert data["keywords"] == [f"tag {p}"]


HTML_IN_FEEDS = {
    "description",
    "{http://purl.org/rss/1.0/modules/content/}encoded",
    "{http://www.w3.org/2005/Atom}summary",
    "{http://www.w3.org/2005/Atom}content",
}


def test_feeds_and_sitemaps_are_well_formed_and_inert(client, poisoned):
    tag, source = poisoned["tag_slug"], poisoned["source_slug"]
    urls = [
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:tag-feed-rss", kwargs={"slug": tag}),
        reverse("articles:tag-feed-atom", kwargs={"slug": tag}),
        reverse("articles:source-feed-rss", kwargs={"slug": source}),
        reverse("articles:source-feed-atom", kwargs={"slug": source}),
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
        "/sitemap-people.xml",
        "/news-sitemap.xml",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        raw = response.content.decode()
        for element in ("<script", "<img", "<svg", "<iframe"):
            assert element not in raw, (url, element)
        root = ElementTree.fromstring(response.content)
        for node in root.iter():
            if node.tag in HTML_IN_FEEDS and node.text:
                # A feed reader renders these as HTML: they must be inert HTML too.
                assert_inert_html(node.text, f"{url} {node.tag}")
                assert poisoned["payload"] not in node.text, (url, node.tag)
