"""Scale: bulk story generation, and lists that stay index-bound as the archive grows."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import TaggedItem

from articles.models import Article, Byline, PhotoCaption, Quote, TaggedArticle
from articles.public import selectors, sitemaps
from tests.factories import ArticleFactory, BylineFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db


# -- generate_stories ------------------------------------------------------------------


def test_generate_stories_writes_realistic_stories_with_their_parts():
    call_command("generate_stories", "120", "--seed", "3", verbosity=0)
    assert Article.objects.count() == 120
    statuses = set(Article.objects.values_list("status", flat=True))
    assert {"published", "draft", "withdrawn"} <= statuses
    assert Article.objects.published().count() < 120  # scheduled ones wait
    # Embargoes that lifted long ago, not a live one per 33 stories in front of every list
    assert Article.objects.filter(embargo_until__isnull=False).exists()
    assert not Article.objects.filter(embargo_until__gt=timezone.now()).exists()
    assert Byline.objects.filter(role="author").values("article").distinct().count() == 120
    assert PhotoCaption.objects.exists() and not PhotoCaption.objects.exclude(image="").exists()
    assert TaggedArticle.objects.values("content_object").distinct().count() == 120
    for quote in Quote.objects.select_related("article")[:50]:
        assert quote.is_in_text(quote.article.body), quote.text
    photo = PhotoCaption.objects.exclude(credit="").first()
    assert photo.photographer_name and photo.agency  # the parts save() would derive


def test_generate_stories_twice_adds_more_without_clashes(client):
    call_command("generate_stories", "15", verbosity=0)
    call_command("generate_stories", "15", verbosity=0)
    assert Article.objects.count() == 30
    story = Article.objects.published().first()
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200


def test_generate_stories_refuses_a_count_below_one():
    with pytest.raises(CommandError, match="1 or more"):
        call_command("generate_stories", "0")


# -- tags through a real foreign key -------------------------------------------------


def test_story_tags_live_in_their_own_table_and_join_without_a_cast():
    story = ArticleFactory()
    story.tags.add("Harbour")
    assert TaggedArticle.objects.filter(content_object=story, tag__name="Harbour").exists()
    assert not TaggedItem.objects.exists()
    tag = story.tags.get()
    sql = str(selectors.tag_stories(tag).query)
    assert "articles_taggedarticle" in sql and "object_id" not in sql
    assert list(selectors.tag_stories(tag)) == [story]


def test_related_stories_use_the_shared_tag(client):
    first, second, other = ArticleFactory(), ArticleFactory(), ArticleFactory()
    first.tags.add("Ferries")
    second.tags.add("Ferries")
    other.tags.add("Schools")
    article = Article.objects.with_story_parts().get(pk=first.pk)
    assert list(selectors.related_stories(article)) == [second]


# -- people in public stories --------------------------------------------------------


def test_public_people_are_those_in_a_public_story():
    writer, speaker, hidden, photographer = PersonFactory.create_batch(4)
    BylineFactory(person=writer)
    QuoteFactory(speaker=speaker)
    BylineFactory(person=hidden, article=ArticleFactory(draft=True))
    PhotoCaption.objects.create(article=ArticleFactory(), caption="x", photographer=photographer)
    assert set(selectors.public_people()) == {writer, speaker}


def test_public_people_probe_by_index_not_hashed_scans():
    sql = str(selectors.public_people().query)
    assert "COALESCE" in sql.upper() and "EXISTS" not in sql.upper()


# -- sitemaps by id range ------------------------------------------------------------


@pytest.fixture
def small_sitemap_pages(monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 2)


def _locations(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_article_sitemap_pages_are_id_ranges_covering_every_public_story_once(
    client, small_sitemap_pages
):
    stories = [ArticleFactory() for _ in range(5)]
    ArticleFactory(draft=True)
    ArticleFactory(withdrawn=True)
    public = {f"http://testserver{s.get_absolute_url()}" for s in stories}
    highest = Article.objects.order_by("-pk").first().pk
    pages = -(-highest // 2)
    index = _locations(client, "/sitemap.xml")
    article_pages = [loc for loc in index if "sitemap-articles" in loc]
    assert len(article_pages) == pages
    listed = []
    for page in range(1, pages + 1):
        urls = _locations(client, f"/sitemap-articles.xml?p={page}")
        assert len(urls) <= 2
        listed += urls
    assert sorted(listed) == sorted(public)
    assert client.get(f"/sitemap-articles.xml?p={pages + 1}").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


def test_a_sitemap_page_costs_the_same_anywhere_in_the_archive(client, small_sitemap_pages):
    for _ in range(6):
        ArticleFactory()
    for page in (1, 3):
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/sitemap-articles.xml?p={page}")
        stories = [q for q in captured.captured_queries if "photocaption" not in q["sql"].lower()]
        assert len(stories) == 2  # the highest id, then one id range
        assert len(captured) - len(stories) <= 1  # and the photos of its stories, if any
        assert not any("OFFSET" in query["sql"].upper() for query in captured.captured_queries)


def test_sitemap_files_stay_within_the_protocol_limit():
    assert sitemaps.ArticleSitemap.limit <= 50_000


def test_sources_sitemap_probes_each_source_once_without_distinct(client):
    for source in ["Northwind", "Northwind", "Gullwing", ""]:
        ArticleFactory(source=source)
    ArticleFactory(source="Harbour Wire", draft=True)  # no public story: no front
    with CaptureQueriesContext(connection) as captured:
        locations = _locations(client, "/sitemap-sources.xml")
    assert locations == [
        "http://testserver/sources/gullwing/",
        "http://testserver/sources/northwind/",
    ]
    probes = [q["sql"] for q in captured.captured_queries if "articles_article" in q["sql"]]
    assert len(probes) == 3  # one a source, one finding no more
    assert not any("DISTINCT" in sql.upper() for sql in probes)


def test_articles_latest_change_is_the_newest_correction_or_publication():
    now = timezone.now()
    ArticleFactory(published_at=now - timedelta(days=3), revised_at=now - timedelta(hours=2))
    ArticleFactory(published_at=now - timedelta(days=1))
    ArticleFactory(draft=True, revised_at=now)  # not public: not counted
    assert sitemaps.ArticleSitemap().get_latest_lastmod() == now - timedelta(hours=2)
    ArticleFactory(published_at=now - timedelta(hours=1))
    assert sitemaps.ArticleSitemap().get_latest_lastmod() == now - timedelta(hours=1)
    Article.objects.all().delete()
    assert sitemaps.ArticleSitemap().get_latest_lastmod() is None


def test_articles_latest_change_is_two_plain_maxima():
    # MAX(COALESCE(...)) scans every story; PostgreSQL reads a plain MAX from an index end.
    ArticleFactory()
    with CaptureQueriesContext(connection) as captured:
        sitemaps.ArticleSitemap().get_latest_lastmod()
    (query,) = captured.captured_queries
    assert "COALESCE" not in query["sql"].upper() and query["sql"].upper().count("MAX(") == 2
    assert "article_revised_idx" in {index.name for index in Article._meta.indexes}


# -- the editors' list -----------------------------------------------------------------


def test_changelist_reads_no_distinct_sources_and_no_date_hierarchy(
    admin_client, django_assert_num_queries
):
    ContentType.objects.get_for_model(Article)
    ArticleFactory(source="Northwind")
    ArticleFactory()
    # session, user, count, stories, their quotes, recent sources, rights holders, sections
    with django_assert_num_queries(8), CaptureQueriesContext(connection) as captured:
        response = admin_client.get("/admin/articles/article/")
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in captured.captured_queries).upper()
    assert 'DISTINCT "ARTICLES_ARTICLE"' not in sql and "DATE_TRUNC" not in sql
    content = response.content.decode()
    assert "Our own stories" in content and "?source=Northwind" in content


def test_changelist_source_filter_picks_one_source_or_our_own(admin_client):
    ArticleFactory(headline="Agency copy", source="Northwind")
    ArticleFactory(headline="Staff story")
    agency = admin_client.get("/admin/articles/article/?source=Northwind").content.decode()
    assert "Agency copy" in agency and "Staff story" not in agency
    own = admin_client.get("/admin/articles/article/?source=-").content.decode()
    assert "Staff story" in own and "Agency copy" not in own


def test_changelist_counts_exactly_while_the_archive_is_small(admin_client):
    for _ in range(3):
        ArticleFactory()
    content = admin_client.get("/admin/articles/article/").content.decode()
    assert "3 articles" in content


def test_a_filtered_changelist_counts_up_to_a_cap(admin_client, monkeypatch):
    from articles.admin.filters import EstimatedCountPaginator

    monkeypatch.setattr(EstimatedCountPaginator, "COUNT_CAP", 3)
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_BELOW", 0)
    for _ in range(5):
        ArticleFactory(source="Northwind")
    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get("/admin/articles/article/?source=Northwind")
    assert response.context["cl"].result_count == 4  # counted up to the cap and one more
    counts = [q["sql"].upper() for q in captured.captured_queries]
    counts = [sql for sql in counts if sql.startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "LIMIT 4" in counts[0] and "PHOTOCAPTION" not in counts[0]
    content = response.content.decode()
    assert "3+ articles" in content and "Select all 3+ articles" in content
    searched = admin_client.get("/admin/articles/article/", {"q": "council"}).content.decode()
    assert "3+ results" in searched and "3+ articles" in searched
    # At or under the cap, the count is exact.
    ArticleFactory(source="Eastwire")
    one = admin_client.get("/admin/articles/article/?source=Eastwire").content.decode()
    assert "1 article" in one and "+ article" not in one


def test_changelist_search_finds_people_without_distinct(admin_client, django_assert_num_queries):
    ContentType.objects.get_for_model(Article)
    bylined = ArticleFactory(headline="Tram line reaches the harbour")
    BylineFactory(article=bylined, person=PersonFactory(name="Dana Whitlock"))
    BylineFactory(article=bylined, person=PersonFactory(name="Ravi Whitlock"))
    quoted = ArticleFactory(headline="Ferry timetable changes")
    QuoteFactory(article=quoted, speaker=PersonFactory(name="Mia Whitlock"))
    ArticleFactory(headline="Something else")
    # session, user, count, stories, their quotes, recent sources, rights holders, sections
    with django_assert_num_queries(8), CaptureQueriesContext(connection) as captured:
        response = admin_client.get("/admin/articles/article/", {"q": "whitlock"})
    cl = response.context["cl"]
    assert sorted(story.pk for story in cl.result_list) == sorted([bylined.pk, quoted.pk])
    assert cl.result_count == 2  # two bylines, one story
    sql = " ".join(query["sql"] for query in captured.captured_queries).upper()
    assert 'SELECT DISTINCT "ARTICLES_ARTICLE"' not in sql and "EXISTS" in sql


def test_changelist_search_needs_every_word_and_keeps_quoted_phrases(admin_client):
    ArticleFactory(headline="Tram line reaches the harbour")
    ArticleFactory(headline="Harbour tram delayed", body="A line of buses waits.")
    ArticleFactory(headline="Tram depot opens")

    def found(term):
        cl = admin_client.get("/admin/articles/article/", {"q": term}).context["cl"]
        return sorted(story.headline for story in cl.result_list)

    assert found("tram harbour") == ["Harbour tram delayed", "Tram line reaches the harbour"]
    assert found('"tram line"') == ["Tram line reaches the harbour"]


@pytest.mark.postgresql
def test_postgresql_sessions_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
