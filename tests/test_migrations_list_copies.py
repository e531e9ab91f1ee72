"""Migration 0018 fills the tags' and bylines' copies of their story's publication time.

A transactional test (schema changes cannot be rolled back on SQLite), as for the tag move.
"""

from datetime import UTC, datetime

import pytest

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("articles", "0017_rendered_stories")]
AFTER = [("articles", "0018_list_published_at")]


@pytest.mark.django_db(transaction=True)
def test_existing_tags_and_bylines_get_their_storys_publication_time():
    old = migrate(BEFORE)
    try:
        notice = old.get_model("articles", "RightsNotice").objects.create(
            notice="© Test", fingerprint="f"
        )
        Article = old.get_model("articles", "Article")
        when = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
        story = Article.objects.create(
            headline="Tagged", slug="tagged", body="Words.", rights_notice=notice, published_at=when
        )
        draft = Article.objects.create(headline="Draft", slug="draft", body="Words.")
        tag = old.get_model("taggit", "Tag").objects.create(name="Harbour", slug="harbour")
        person = old.get_model("articles", "Person").objects.create(name="Ana Lima", slug="ana")
        for article in (story, draft):
            old.get_model("articles", "TaggedArticle").objects.create(
                tag=tag, content_object=article
            )
            old.get_model("articles", "Byline").objects.create(article=article, person=person)

        new = migrate(AFTER)
        for model, story_field in (("TaggedArticle", "content_object"), ("Byline", "article")):
            rows = new.get_model("articles", model).objects.order_by(f"{story_field}_id")
            assert [row.published_at for row in rows] == [when, None], model
    finally:
        migrate_to_latest()
