"""The tag and person pages walk a copy of each story's publication time kept on its tags
and bylines (issue 8): the copy follows every change, and the lists are the same stories
in the same order as ``Article.objects.published()`` sorted newest first."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Byline, TaggedArticle
from articles.public import selectors
from articles.public.pagination import keyset_page
from tests.factories import ArticleFactory, BylineFactory, PersonFactory, PhotoCaptionFactory

pytestmark = pytest.mark.django_db


def copies(article) -> set:
    """The publication times its tags and bylines hold."""
    tagged = TaggedArticle.objects.filter(content_object=article)
    bylines = Byline.objects.filter(article=article)
    return {*tagged.values_list("published_at", flat=True)} | {
        *bylines.values_list("published_at", flat=True)
    }


def story_with_parts(**kwargs) -> Article:
    article = ArticleFactory(tags=["harbour", "ferries"], **kwargs)
    BylineFactory(article=article)
    return article


def test_the_copy_follows_a_publish():
    article = story_with_parts(draft=True)
    assert copies(article) == {None}
    article = Article.objects.get(pk=article.pk)
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() - timedelta(minutes=5)
    article.save()
    assert copies(article) == {article.published_at}


def test_the_copy_follows_a_schedule_change_saved_by_field():
    article = story_with_parts(scheduled=True)
    assert copies(article) == {article.published_at}
    article.published_at = timezone.now() + timedelta(days=3)
    article.save(update_fields=["published_at"])
    assert copies(article) == {article.published_at}
    assert not selectors.tag_stories(article.tags.first()).exists()


def test_a_tag_or_byline_added_later_takes_the_stories_time():
    article = ArticleFactory()
    article.tags.add("Tides")
    fresh = Article.objects.get(pk=article.pk)  # no story loaded with the byline
    Byline.objects.create(article_id=fresh.pk, person=PersonFactory())
    fresh.tags.add("Harbour")
    assert copies(article) == {article.published_at}
    assert TaggedArticle.objects.count() == 2


def test_a_save_that_leaves_the_time_alone_writes_no_part():
    article = Article.objects.get(pk=story_with_parts().pk)
    with CaptureQueriesContext(connection) as captured:
        article.headline = "A new headline"
        article.save()
    assert not [q for q in captured if "articles_byline" in q["sql"]]
    assert not [q for q in captured if "articles_taggedarticle" in q["sql"]]


def test_a_story_refreshed_then_set_back_still_moves_its_copies():
    article = Article.objects.get(pk=story_with_parts().pk)
    first = article.published_at
    other = Article.objects.get(pk=article.pk)
    other.published_at = first - timedelta(hours=2)
    other.save()
    article.refresh_from_db()
    article.published_at = first
    article.save()
    assert copies(article) == {first}


def test_generated_stories_carry_the_copies():
    call_command("generate_stories", "30", "--seed", "5", verbosity=0)
    assert TaggedArticle.objects.exists() and Byline.objects.exists()
    assert not TaggedArticle.objects.exclude(published_at=F("content_object__published_at"))
    assert not Byline.objects.exclude(published_at=F("article__published_at"))


# -- the lists ------------------------------------------------------------------------


def walk(stories, key=selectors.LISTED_AT, per_page=2) -> list[Article]:
    """Every page of ``stories`` through "Older stories" links, in order."""
    listed, params = [], QueryDict()
    while True:
        page = keyset_page(stories, params, per_page=per_page, key=key)
        listed += page.items
        if not page.older_cursor:
            return listed
        params = QueryDict(mutable=True)
        params["before"] = page.older_cursor


def newest_first(articles) -> list[Article]:
    public = Article.objects.published().filter(pk__in=[a.pk for a in articles])
    return list(public.order_by("-published_at", "-pk"))


def test_the_tag_page_lists_the_public_stories_newest_first_page_after_page():
    now = timezone.now()
    same_time = now - timedelta(hours=3)
    stories = [
        ArticleFactory(tags=["harbour"], published_at=now - timedelta(hours=h)) for h in (5, 1, 9)
    ]
    stories += [ArticleFactory(tags=["harbour"], published_at=same_time) for _ in range(3)]
    stories += [
        ArticleFactory(tags=["harbour"], draft=True),
        ArticleFactory(tags=["harbour"], scheduled=True),
        ArticleFactory(tags=["harbour"], embargoed=True),
        ArticleFactory(tags=["harbour"], withdrawn=True),
        ArticleFactory(tags=["ferries"]),
    ]
    late = stories[0]
    late.published_at = now - timedelta(hours=2)  # rescheduled: moves up the list
    late.save()
    tag = late.tags.get()
    expected = newest_first(stories[:6])
    assert walk(selectors.tag_stories(tag)) == expected
    assert list(selectors.tag_stories(tag)) == expected
    first = keyset_page(selectors.tag_stories(tag), QueryDict(), per_page=2, key="listed_at")
    second = keyset_page(
        selectors.tag_stories(tag),
        QueryDict(f"before={first.older_cursor}"),
        per_page=2,
        key=selectors.LISTED_AT,
    )
    assert second.items == expected[2:4]
    back = keyset_page(
        selectors.tag_stories(tag),
        QueryDict(f"after={second.newer_cursor}"),
        per_page=2,
        key=selectors.LISTED_AT,
    )
    assert back.items == expected[:2]


def test_the_tag_page_and_feed_show_the_stories_in_that_order(client):
    stories = [
        ArticleFactory(tags=["harbour"], published_at=timezone.now() - timedelta(hours=h))
        for h in (4, 2, 8)
    ]
    page = client.get("/tags/harbour/")
    feed = client.get("/tags/harbour/feed/rss/")
    for response in (page, feed):
        body = response.content.decode()
        positions = [body.index(story.headline) for story in newest_first(stories)]
        assert positions == sorted(positions)


def test_the_person_page_lists_each_story_once_newest_first():
    person = PersonFactory()
    now = timezone.now()
    stories = [ArticleFactory(published_at=now - timedelta(hours=h)) for h in (3, 1, 6, 2)]
    for story in stories:
        BylineFactory(article=story, person=person)
    BylineFactory(article=stories[1], person=person, role=Byline.Role.PHOTOGRAPHY)
    BylineFactory(article=ArticleFactory(draft=True), person=person)
    BylineFactory(article=ArticleFactory(), person=PersonFactory())
    assert walk(selectors.person_stories(person)) == newest_first(stories)


def test_the_person_page_lists_a_story_they_only_shot():
    person = PersonFactory()
    now = timezone.now()
    written = ArticleFactory(published_at=now - timedelta(hours=1))
    BylineFactory(article=written, person=person)
    shot = ArticleFactory(published_at=now - timedelta(hours=2))
    PhotoCaptionFactory(article=shot, photographer=person)
    older = ArticleFactory(published_at=now - timedelta(hours=3))
    BylineFactory(article=older, person=person)
    PhotoCaptionFactory(article=older, photographer=person)
    assert walk(selectors.person_stories(person)) == [written, shot, older]
