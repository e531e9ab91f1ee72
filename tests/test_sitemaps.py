"""Sitemaps and the Google News sitemap: well-formed, and only public URLs."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from articles.public import sitemaps
from tests.factories import ArticleFactory, BylineFactory, PersonFactory, QuoteFactory
from tests.stories import story_with_parts

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # raises on malformed XML


def _locs(root):
    return [loc.text for loc in root.iter(f"{SM}loc")]


@pytest.fixture
def site():
    public = ArticleFactory(headline="Public story", tags=["energy"])
    BylineFactory(article=public, person=PersonFactory(name="Dana Whitlock"))
    QuoteFactory(article=public, speaker=PersonFactory(name="Ines Carvalho"))
    draft = ArticleFactory(draft=True, headline="Draft story", tags=["secret-plan"])
    BylineFactory(article=draft, person=PersonFactory(name="Hidden Hand"))
    return {"public": public, "draft": draft}


def test_index_lists_every_section(client, site):
    root = _xml(client, "/sitemap.xml")
    assert root.tag == f"{SM}sitemapindex"
    assert sorted(_locs(root)) == [
        f"http://testserver/sitemap-{name}.xml"
        # No sections and no agency stories here: those files are left out, not empty.
        for name in ["articles", "fronts", "people", "tags"]
    ]


def test_sections_list_public_stories_tags_and_people_only(client, site):
    articles = _locs(_xml(client, "/sitemap-articles.xml"))
    assert articles == [f"http://testserver{site['public'].get_absolute_url()}"]
    assert _locs(_xml(client, "/sitemap-tags.xml")) == ["http://testserver/tags/energy/"]
    assert sorted(_locs(_xml(client, "/sitemap-people.xml"))) == [
        "http://testserver/people/dana-whitlock/",
        "http://testserver/people/ines-carvalho/",
    ]
    assert _locs(_xml(client, "/sitemap-fronts.xml")) == ["http://testserver/"]


def test_every_sitemap_url_answers_200(client, site):
    index = _xml(client, "/sitemap.xml")
    urls = [loc for section in _locs(index) for loc in _locs(_xml(client, section))]
    urls += _locs(_xml(client, "/news-sitemap.xml"))
    assert len(urls) == 6
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url


def test_story_entries_carry_their_last_change(client, site):
    root = _xml(client, "/sitemap-articles.xml")
    lastmod = root.find(f"{SM}url/{SM}lastmod").text  # Django's sitemaps print the date
    assert lastmod == timezone.localdate(site["public"].modified_at).isoformat()


def test_news_sitemap_has_publication_language_title_and_date(client, site):
    root = _xml(client, "/news-sitemap.xml")
    assert root.tag == f"{SM}urlset"
    (url,) = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://testserver{site['public'].get_absolute_url()}"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "The Harbour Ledger"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert news.findtext(f"{NEWS}title") == "Public story"
    published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == site["public"].published_at
    assert published.utcoffset() is not None  # a W3C date-time with its offset


def test_news_sitemap_holds_only_the_last_two_days(client):
    now = timezone.now()
    ArticleFactory(headline="Yesterday", published_at=now - timedelta(days=1))
    ArticleFactory(headline="Last week", published_at=now - timedelta(days=3))
    titles = [t.text for t in _xml(client, "/news-sitemap.xml").iter(f"{NEWS}title")]
    assert titles == ["Yesterday"]


def test_news_sitemap_stops_at_its_limit_newest_first(client, monkeypatch):
    assert sitemaps.NEWS_LIMIT == 1000  # Google News reads at most 1,000 entries
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    now = timezone.now()
    for hours in range(1, 6):
        ArticleFactory(headline=f"{hours} hours ago", published_at=now - timedelta(hours=hours))
    titles = [t.text for t in _xml(client, "/news-sitemap.xml").iter(f"{NEWS}title")]
    assert titles == ["1 hours ago", "2 hours ago", "3 hours ago"]


def test_news_title_with_markup_is_escaped_xml(client):
    ArticleFactory(headline='Rates & "bonds" <up>')
    assert [t.text for t in _xml(client, "/news-sitemap.xml").iter(f"{NEWS}title")] == [
        'Rates & "bonds" <up>'
    ]


@pytest.mark.parametrize("parts", [1, 20])
def test_sitemap_query_counts_stay_flat(client, django_assert_num_queries, parts):
    for _ in range(3):
        story_with_parts(parts)
    expected = {
        # a count per paginated section (people's with their last change), sections, the
        # stories' last change; sources: a probe a source (one here) and one finding no more
        "/sitemap.xml": 7,
        "/sitemap-articles.xml": 3,  # count + page + the page's photos
        "/sitemap-tags.xml": 2,
        "/sitemap-people.xml": 2,  # count (with the last change) + page
        "/sitemap-fronts.xml": 0,
        "/news-sitemap.xml": 1,
    }
    for url, queries in expected.items():
        with django_assert_num_queries(queries):
            _xml(client, url)


def test_index_dates_the_people_file_by_its_public_people_only(client, site):
    from articles.models import Person

    PersonFactory(name="Nobody Public")
    changed = {
        "Dana Whitlock": datetime(2024, 3, 1, 12, tzinfo=UTC),
        "Ines Carvalho": datetime(2024, 2, 1, 12, tzinfo=UTC),
        "Hidden Hand": datetime(2025, 1, 1, 12, tzinfo=UTC),  # only a draft names them
        "Nobody Public": datetime(2025, 6, 1, 12, tzinfo=UTC),
    }
    for name, when in changed.items():
        Person.objects.filter(name=name).update(updated_at=when)
    root = _xml(client, "/sitemap.xml")
    lastmods = {
        entry.find(f"{SM}loc").text: entry.findtext(f"{SM}lastmod")
        for entry in root.iter(f"{SM}sitemap")
    }
    assert lastmods["http://testserver/sitemap-people.xml"].startswith("2024-03-01")
