"""Valid whatever the content: arbitrary Unicode in every text field of a published story
(control characters, lone surrogates, RTL, emoji, ``]]>``, ``</script>`` ...) leaves every
output parseable and, where a schema exists, valid. Also: ``<time>`` values, stories dated
before 1970, and query strings."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import jsonschema
import pytest
import xmlschema
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from articles.models import Article, Person, PhotoCaption, Quote, RightsNotice
from articles.models.text import clean_text
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    RightsNoticeFactory,
)
from tests.pages import json_ld, parse

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "schemas"
URLSET = xmlschema.XMLSchema(SCHEMAS / "urlset.xsd")
SITEINDEX = xmlschema.XMLSchema(SCHEMAS / "siteindex.xsd")
NINJS = json.loads(
    (Path(__file__).parent.parent / "articles/wire/schemas/ninjs-schema_2.2.json").read_text()
)

NASTY = [
    "\x00",
    "\x1b",
    "\x07",
    "\x0b",
    "\x0c",
    "\x7f",
    "\x85",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\u202e",
    "\u200f",
    "שלום",
    "مرحبا",
    "😀",
    "👩🏽‍🚀",
    "]]>",
    "</script>",
    "<!--",
    "-->",
    "&amp;",
    "&",
    "<",
    ">",
    '"',
    "'",
    "\r\n",
    "\r",
    "\t",
    "\n\n",
    "*",
    "_",
    "[x](y)",
    "#",
    "\u2028",
    "\u2029",
    "\ufeff",
    " ",
]
_chars = st.characters(exclude_categories=())  # every code point, surrogates included
TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(_chars, max_size=6)), max_size=8).map(
    "".join
)
REQUIRED = TEXT.filter(lambda text: clean_text(text).strip())


def _fit(model, name: str, value: str) -> str:
    limit = model._meta.get_field(name).max_length
    return value[:limit] if limit else value


def _html_errors(content: bytes) -> list:
    """Parse errors that change what a browser builds (character references aside)."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(content)
    return parser.errors


def _xml(content: bytes):
    return ElementTree.fromstring(content)


def _publish(data: dict) -> Article:
    f = {key: value for key, value in data.items()}
    notice = RightsNoticeFactory(
        notice=_fit(RightsNotice, "notice", f["notice"]) or "Copyright",
        holder=_fit(RightsNotice, "holder", f["holder"]),
    )
    article = ArticleFactory(
        headline=_fit(Article, "headline", f["headline"]),
        standfirst=_fit(Article, "standfirst", f["standfirst"]),
        body=f["body"],
        dateline=_fit(Article, "dateline", f["dateline"]),
        source=_fit(Article, "source", f["source"]),
        rights_notice=notice,
    )
    person = PersonFactory(
        name=_fit(Person, "name", f["name"]), title=_fit(Person, "title", f["title"])
    )
    BylineFactory(article=article, person=person, title=f["title"][:100])
    QuoteFactory(article=article, speaker=person, text=f["quote"], speaker_title=f["title"][:100])
    PhotoCaptionFactory(
        article=article,
        is_lead=True,
        caption=f["caption"],
        credit=_fit(PhotoCaption, "credit", f["credit"]),
        alt_text=_fit(PhotoCaption, "alt_text", f["alt"]),
    )
    for name in f["tags"]:
        if clean_text(name).strip():
            article.tags.add(clean_text(name).strip()[:100])
    return Article.objects.get(pk=article.pk)


def _check_every_output(client, article: Article) -> None:
    story = article.get_absolute_url()
    person = article.bylines.get().person
    pages = ["/", story, person.get_absolute_url()]
    pages += [f"/tags/{tag.slug}/" for tag in article.tags.all()]
    if article.source_slug:
        pages.append(f"/sources/{article.source_slug}/")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _html_errors(response.content) == [], url
        for block in json_ld(response.content):  # parsed by json.loads
            assert block["@context"] == "https://schema.org"
        # Every <time datetime> is a valid HTML date-time (at most three fraction digits).
        for element in parse(response.content).iter("time"):
            assert re.fullmatch(
                r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?([+-]\d\d:\d\d|Z)",
                element.get("datetime"),
            ), url
    feeds = ["/feeds/rss/", "/feeds/atom/"]
    feeds += [f"/tags/{tag.slug}/feed/rss/" for tag in article.tags.all()]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        _xml(response.content)
    index = client.get("/sitemap.xml")
    SITEINDEX.validate(_xml(index.content))
    for loc in _xml(index.content).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        section = client.get(loc.text.removeprefix("http://testserver"))
        assert section.status_code == 200, loc.text
        URLSET.validate(_xml(section.content))
    URLSET.validate(_xml(client.get("/news-sitemap.xml").content))
    ninjs = client.get(f"{story}ninjs.json")
    assert ninjs.status_code == 200
    jsonschema.validate(json.loads(ninjs.content), NINJS)


@settings(
    max_examples=40,
    deadline=None,
    # Shrinking a page-rendering example can take minutes: a failure is reported as found.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.fixed_dictionaries(
        {
            "headline": REQUIRED,
            "standfirst": TEXT,
            "body": REQUIRED,
            "dateline": TEXT,
            "source": TEXT,
            "name": REQUIRED,
            "title": TEXT,
            "quote": REQUIRED,
            "caption": REQUIRED,
            "credit": TEXT,
            "alt": TEXT,
            "notice": REQUIRED,
            "holder": TEXT,
            "tags": st.lists(TEXT, max_size=3),
        }
    )
)
def test_every_output_stays_valid_whatever_the_text(client, data):
    with transaction.atomic():
        article = _publish(data)
        _check_every_output(client, article)
        transaction.set_rollback(True)


def test_no_stored_text_keeps_a_control_character(client):
    article = _publish(
        {
            key: "a\x1bb\x00c"
            for key in [
                "headline",
                "standfirst",
                "body",
                "dateline",
                "source",
                "name",
                "title",
                "quote",
                "caption",
                "credit",
                "alt",
                "notice",
                "holder",
            ]
        }
        | {"tags": ["t\x1bag"]}
    )
    for model in (Article, Person, Quote, PhotoCaption, RightsNotice):
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                assert not (
                    isinstance(value, str) and re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", value)
                )
    assert [tag.name for tag in article.tags.all()] == ["tag"]


def test_a_story_published_now_has_valid_time_values(client):
    article = ArticleFactory(published_at=datetime(2026, 3, 1, 9, 30, 15, 591731, tzinfo=UTC))
    for url in ("/", article.get_absolute_url()):
        for element in parse(client.get(url).content).iter("time"):
            assert element.get("datetime") in {"2026-03-01T09:30:15+00:00"}, element.get("datetime")


def test_stories_dated_before_1970_page_correctly(client):
    start = datetime(1968, 5, 1, 12, tzinfo=UTC)
    stories = [ArticleFactory(published_at=start + timedelta(days=n)) for n in range(25)]
    first = client.get("/latest/")  # the chronological list (the home is the edited front)
    older = re.search(rb'rel="next" href="\?([^"]+)"', first.content)
    assert older, "no older link"
    response = client.get("/latest/?" + older.group(1).decode().replace("&amp;", "&"))
    assert response.status_code == 200
    shown = [story.headline for story in stories[:5]]
    for headline in shown:
        assert headline.encode() in response.content


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=%1b",
        "q=%ED%A0%80",
        "q=" + "x" * 5000,
        "before=%00",
        "before=-1.-1",
        "before=99999999999999999999.1",
        "after=%ff",
        "page=%00",
        "page=-1",
        "q=a&page=abc",
        "before=1.1&after=1.1",
        "q[]=x",
        "%00=%00",
    ],
)
@pytest.mark.parametrize(
    "path", ["/latest/", "/search/", "/corrections/", "/tags/ports/", "/sources/northwind/"]
)
def test_any_query_string_answers_200_or_400_or_404(client, path, query):
    ArticleFactory(agency=True).tags.add("ports")
    response = client.get(f"{path}?{query}")
    assert response.status_code in (200, 400, 404)
