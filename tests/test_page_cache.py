"""The page cache: anonymous readers get stored pages, and no change is ever hidden by it."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from taggit.models import Tag

from articles.delivery import page_cache
from articles.desk.operations import article_add_correction, article_publish, article_withdraw
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as a committed transaction would (the test's own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def story(committed):
    with committed():
        article = ArticleFactory(headline="Harbour wall repaired", tags=["harbour"])
        BylineFactory(article=article, person__name="Ines Castell")
        QuoteFactory(article=article, speaker__name="Hugo Berg", text="We will build it,")
        PhotoCaptionFactory(article=article, caption="The mended wall at low tide.")
    return article


def cached_copy(client, url, django_assert_num_queries):
    """Fetch ``url`` twice; the second answer must come from the cache, with no query."""
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == first.status_code
    assert second.content == first.content
    return second


# -- hits ---------------------------------------------------------------------------


def test_a_cached_story_page_makes_no_query(client, story, django_assert_num_queries):
    response = cached_copy(client, story.get_absolute_url(), django_assert_num_queries)
    assert response.status_code == 200
    assert b"Harbour wall repaired" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/tags/harbour/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/tags/harbour/feed/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/search/?q=harbour",
        "/corrections/",
    ],
)
def test_fronts_feeds_and_sitemaps_are_cached(client, story, url, django_assert_num_queries):
    assert cached_copy(client, url, django_assert_num_queries).status_code == 200


def test_ninjs_is_cached(client, story, django_assert_num_queries):
    url = story.get_absolute_url() + "ninjs.json"
    assert b"Harbour wall repaired" in cached_copy(client, url, django_assert_num_queries).content


def test_the_query_string_is_part_of_the_key(client, story):
    client.get("/search/?q=harbour")
    assert b"Harbour wall repaired" not in client.get("/search/?q=nothingmatches").content


def test_head_is_answered_from_the_stored_get(client, story, django_assert_num_queries):
    page = client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.head(story.get_absolute_url())
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(len(page.content))


def test_a_conditional_get_gets_a_304_from_the_cache(client, story, django_assert_num_queries):
    etag = client.get(story.get_absolute_url())["ETag"]
    with django_assert_num_queries(0):
        response = client.get(story.get_absolute_url(), headers={"if-none-match": etag})
    assert response.status_code == 304


def test_shared_caches_may_keep_pages_and_browsers_revalidate(client, story):
    response = client.get(story.get_absolute_url())
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert f"story-{story.pk}" in response["xkey"].split()
    assert "tag-harbour" in response["xkey"].split()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", {"front", "all"}),
        ("/tags/harbour/", {"tag-harbour"}),
        ("/feeds/rss/", {"feed"}),
        ("/sitemap.xml", {"sitemaps"}),
    ],
)
def test_lists_name_their_kind_and_every_story_they_show(client, story, url, expected):
    keys = set(client.get(url)["xkey"].split())
    assert expected <= keys
    if url in {"/", "/tags/harbour/"}:
        assert f"story-{story.pk}" in keys
        assert f"person-{story.bylines.get().person_id}" in keys  # the author's name is shown


def test_a_missing_story_is_not_marked_for_shared_caches(client, committed):
    with committed():
        embargoed = ArticleFactory(embargoed=True)
    response = client.get(embargoed.get_absolute_url())
    assert response.status_code == 404
    assert not response.has_header("xkey")  # the VCL keeps only responses that have one
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_no_page_outlives_the_next_scheduled_story(client, story, committed):
    with committed():
        ArticleFactory(published_at=timezone.now() + timedelta(seconds=90))
    seconds = int(client.get("/")["Cache-Control"].rsplit("=", 1)[1])
    assert 0 < seconds <= 90


def test_switched_off_every_page_is_rendered(client, story, settings):
    settings.NEWSROOM_PAGE_CACHE = False
    client.get(story.get_absolute_url())
    first = client.get(story.get_absolute_url())
    assert "s-maxage" not in first["Cache-Control"]
    story.headline = "Changed while the cache is off"
    story.save()  # not committed: only a rendered page can show it
    assert b"Changed while the cache is off" in client.get(story.get_absolute_url()).content


# -- never stale ----------------------------------------------------------------------


def _edit_story(article, editor):
    article.headline = "The changed text"
    article.save()


def _correct(article, editor):
    article_add_correction(
        article=article, user=editor, kind="correction", text="The changed text was wrong."
    )


def _edit_byline(article, editor):
    byline = article.bylines.get()
    byline.person = PersonFactory(name="The changed text")
    byline.save()


def _edit_quote(article, editor):
    quote = article.quotes.get()
    quote.is_pull_quote = True
    quote.speaker_title = "The changed text"
    quote.save()


def _edit_photo(article, editor):
    photo = article.photos.get()
    photo.caption = "The changed text"
    photo.save()


def _edit_person(article, editor):
    person = article.bylines.get().person
    person.name = "The changed text"
    person.save()


def _edit_tag(article, editor):
    tag = Tag.objects.get(slug="harbour")
    tag.name = "The changed text"
    tag.save()


def _add_tag(article, editor):
    article.tags.add("The changed text")


def _edit_notice(article, editor):
    notice = article.rights_notice
    notice.notice = "The changed text: all rights reserved."
    notice.save()


@pytest.mark.parametrize(
    "change",
    [
        _edit_story,
        _correct,
        _edit_byline,
        _edit_quote,
        _edit_photo,
        _edit_person,
        _edit_tag,
        _add_tag,
        _edit_notice,
    ],
)
def test_every_change_shows_on_the_next_request(client, editor, story, committed, change):
    url = story.get_absolute_url()
    assert b"The changed text" not in client.get(url).content
    with committed():
        change(story, editor)
    assert b"The changed text" in client.get(url).content


def test_publishing_shows_on_the_front_at_once(client, story, committed):
    with committed():
        draft = ArticleFactory(draft=True, headline="Ferry timetable doubled")
    assert b"Ferry timetable doubled" not in client.get("/").content
    with committed():
        article_publish(article=draft)
    assert b"Ferry timetable doubled" in client.get("/").content
    assert b"Ferry timetable doubled" in client.get("/feeds/rss/").content


def test_withdrawing_shows_at_once(client, story, committed):
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    assert b"Harbour wall repaired" in client.get("/").content
    with committed():
        article_withdraw(article=story, reason="Legal advice.")
    assert client.get(url).status_code == 410
    assert b"Harbour wall repaired" not in client.get("/").content
    assert b"Harbour wall repaired" not in client.get("/feeds/atom/").content


def test_deleting_a_story_shows_at_once(client, story, committed):
    assert b"Harbour wall repaired" in client.get("/").content
    with committed():
        story.corrections.all().delete()
        story.delete()
    assert b"Harbour wall repaired" not in client.get("/").content


@pytest.mark.parametrize(
    "timing",
    [
        {"published_at": timedelta(minutes=10)},
        {"published_at": -timedelta(hours=1), "embargo_until": timedelta(minutes=10)},
    ],
    ids=["scheduled", "embargoed"],
)
def test_a_story_appears_when_its_time_comes_without_any_write(client, story, committed, timing):
    now = timezone.now()
    with committed():
        later = ArticleFactory(
            headline="Tide tables for the winter", **{k: now + v for k, v in timing.items()}
        )
    assert b"Tide tables for the winter" not in client.get("/").content
    assert client.get(later.get_absolute_url()).status_code == 404
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=11)):
        assert b"Tide tables for the winter" in client.get("/").content
        assert client.get(later.get_absolute_url()).status_code == 200


def test_a_passed_boundary_moves_on_to_the_next(client, story, committed):
    now = timezone.now()
    with committed():
        ArticleFactory(headline="First of two", published_at=now + timedelta(minutes=10))
        ArticleFactory(headline="Second of two", published_at=now + timedelta(minutes=20))
    client.get("/")
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=11)):
        page = client.get("/").content
        assert b"First of two" in page and b"Second of two" not in page
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=21)):
        assert b"Second of two" in client.get("/").content


# -- never cached -----------------------------------------------------------------------


def test_logged_in_editors_are_never_served_from_the_cache(editor_client, story):
    url = story.get_absolute_url()
    editor_client.get(url)
    story.headline = "Seen by the editor at once"
    story.save()  # not even committed: only a fresh render can show it
    response = editor_client.get(url)
    assert b"Seen by the editor at once" in response.content
    assert "private" in response["Cache-Control"]


def test_an_editors_page_is_not_stored_for_readers(client, editor, story):
    client.force_login(editor)
    client.get(story.get_absolute_url())
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        client.get(story.get_absolute_url())
    assert len(queries) > 0  # rendered: the editor's visit stored nothing


def test_previews_are_never_cached(editor_client, committed):
    with committed():
        draft = ArticleFactory(draft=True, headline="Draft headline")
    editor_client.get(draft.get_preview_url())
    draft.headline = "Draft headline, second go"
    draft.save()
    response = editor_client.get(draft.get_preview_url())
    assert b"Draft headline, second go" in response.content
    assert "no-store" in response["Cache-Control"]


def test_posts_are_never_answered_from_the_cache(client, story):
    client.get(story.get_absolute_url())
    assert client.post(story.get_absolute_url()).status_code == 405


def test_the_admin_is_never_cached(client, story):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "s-maxage" not in response.get("Cache-Control", "")


# -- an unreachable cache -----------------------------------------------------------------


class FlakyStore:
    """The real page store, or a connection error for every call while ``down``."""

    def __init__(self, real):
        self.real, self.down = real, False

    def __getattr__(self, name):
        if self.down:

            def refuse(*args, **kwargs):
                raise RedisConnectionError("Connection refused")

            return refuse
        return getattr(self.real, name)


def test_an_unreachable_cache_serves_pages_fresh_and_misses_no_change(
    client, story, committed, monkeypatch, caplog
):
    flaky = FlakyStore(page_cache.store())
    monkeypatch.setattr(page_cache, "store", lambda: flaky)
    monkeypatch.setattr(page_cache, "RETRY_AFTER", 0.0)
    url = story.get_absolute_url()
    client.get(url)

    flaky.down = True
    with caplog.at_level(logging.ERROR, logger="articles.delivery.page_cache"):
        first, second = client.get(url), client.get(url)
        with committed():
            story.headline = "Changed while the cache was down"
            story.save()  # the save works; its bump is owed
    assert first.status_code == second.status_code == 200
    assert second["Cache-Control"] == "private, no-cache"  # no shared cache may keep it
    assert b"Changed while the cache was down" in client.get(url).content
    assert caplog.text.count("unreachable") == 1  # once, not per request

    flaky.down = False
    assert b"Changed while the cache was down" in client.get(url).content


def test_a_licence_expiring_renders_the_pages_again(client, story, committed):
    """Whatever an expired licence hides, the cache must not keep the page past the expiry."""
    now = timezone.now()
    notice = story.rights_notice
    notice.display_until = now + timedelta(minutes=10)
    with committed():
        notice.save()  # rewrites the expiry of the notice's stories
    story.refresh_from_db()
    assert story.licence_expires_at == notice.display_until
    client.get(story.get_absolute_url())
    later = mock.patch("django.utils.timezone.now", return_value=now + timedelta(minutes=11))
    with later, CaptureQueriesContext(connection) as queries:
        client.get(story.get_absolute_url())
    assert len(queries) > 0


def test_a_search_too_busy_to_answer_is_kept_by_no_cache(client, story, monkeypatch):
    from articles.public import full_text_search, selectors

    busy = full_text_search.SearchResults(query="harbour", timed_out=True)
    monkeypatch.setattr(selectors, "search_stories", lambda query, page=1: busy)
    first = client.get("/search/?q=harbour")
    assert first.status_code == 503
    assert first["Cache-Control"] == "no-store" and "s-maxage" not in first["Cache-Control"]
    monkeypatch.undo()
    assert client.get("/search/?q=harbour").status_code == 200  # the 503 was not stored


# -- forgetting only what changed ------------------------------------------------------------


def test_a_drafts_save_keeps_every_cached_page(client, story, committed, django_assert_num_queries):
    with committed():
        draft = ArticleFactory(draft=True, headline="Budget draft")
    urls = [story.get_absolute_url(), "/", "/latest/", "/feeds/rss/", "/tags/harbour/"]
    for url in urls:
        client.get(url)
    with committed():
        draft.body += "\n\nEditor's note: check the figures."
        draft.save()
    with django_assert_num_queries(0):
        for url in urls:
            assert client.get(url).status_code == 200


def test_an_edit_forgets_the_pages_that_show_the_story_and_no_other(
    client, committed, django_assert_num_queries
):
    with committed():
        edited = ArticleFactory(headline="Harbour wall repaired", tags=["harbour"])
        other = ArticleFactory(headline="School garden opens", tags=["gardens"])
    kept = [other.get_absolute_url(), "/tags/gardens/"]
    forgotten = [edited.get_absolute_url(), "/", "/latest/", "/feeds/rss/", "/tags/harbour/"]
    for url in kept + forgotten:
        client.get(url)
    with committed():
        edited.headline = "Harbour wall repaired at last"
        edited.save()
    with django_assert_num_queries(0):
        for url in kept:
            assert client.get(url).status_code == 200
    for url in forgotten:
        assert b"repaired at last" in client.get(url).content, url


# -- the store: a forgotten key takes exactly the pages that show it -------------------------


@pytest.fixture
def page_store():
    """The store the settings give (Redis when ``REDIS_URL`` names one, else Django's cache)."""
    return page_cache.store()


def _kept(page_store, key):
    return page_store.lookup(key).value


def test_forgetting_a_key_takes_the_pages_that_show_it_and_no_other(page_store):
    seq = page_store.lookup("page:a").seq
    assert page_store.store("page:a", "A", seq=seq, keys=["story-1", "all"], ttl=60)
    assert page_store.store("page:b", "B", seq=seq, keys=["story-2", "all"], ttl=60)
    assert (_kept(page_store, "page:a"), _kept(page_store, "page:b")) == ("A", "B")
    page_store.forget({"story-1"})
    assert _kept(page_store, "page:a") is None
    assert _kept(page_store, "page:b") == "B"
    page_store.forget({"all"})
    assert _kept(page_store, "page:b") is None


def test_a_page_rendered_before_a_forget_is_never_kept(page_store):
    seq = page_store.lookup("page:a").seq  # the render begins
    page_store.forget({"story-1"})  # a change it may not show
    assert not page_store.store("page:a", "A", seq=seq, keys=["story-1"], ttl=60)
    assert not page_store.is_fresh(["story-1"], seq=seq)
    assert _kept(page_store, "page:a") is None
    seq = page_store.lookup("page:a").seq  # a render after the change is kept
    assert page_store.store("page:a", "A", seq=seq, keys=["story-1"], ttl=60)
    assert page_store.is_fresh(["story-1"], seq=seq)
    assert _kept(page_store, "page:a") == "A"


def test_a_page_kept_again_with_other_keys_goes_with_either(page_store):
    seq = page_store.lookup("page:a").seq
    page_store.store("page:a", "old", seq=seq, keys=["story-1"], ttl=60)
    page_store.store("page:a", "new", seq=seq, keys=["story-2"], ttl=60)
    assert _kept(page_store, "page:a") == "new"
    page_store.forget({"story-2"})
    assert _kept(page_store, "page:a") is None


@pytest.mark.redis
def test_a_connection_that_failed_mid_read_is_never_read_again(page_store):
    """Redis only: a hit reads on a connection of its thread's own (``RedisPageStore``)."""
    seq = page_store.lookup("page:a").seq
    page_store.store("page:a", "A", seq=seq, keys=["story-1"], ttl=60)
    connection = page_store._local.connection
    connection.send_command("GET", "something")  # a reply left unread, as a timeout leaves it
    cut = mock.patch.object(connection, "send_command", side_effect=RedisConnectionError("cut"))
    with cut, pytest.raises(RedisConnectionError):
        page_store.lookup("page:a")
    assert _kept(page_store, "page:a") == "A"  # a fresh connection, not the stale reply
