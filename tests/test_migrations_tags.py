"""Migration 0008 moves existing story tags from taggit's generic table, and back.

A transactional test (schema changes cannot be rolled back on SQLite): pytest-django runs
it after the ordinary tests, and the tables are emptied afterwards, as for the browser test.
"""

import pytest

from tests.migrations import migrate, migrate_to_latest

BEFORE = [("articles", "0009_search")]
AFTER = [("articles", "0010_article_tags_through")]


@pytest.mark.django_db(transaction=True)
def test_existing_tags_move_to_the_story_table_and_back():
    old = migrate(BEFORE)
    try:
        notice = old.get_model("articles", "RightsNotice").objects.create(
            notice="© Test", fingerprint="f"
        )
        story = old.get_model("articles", "Article").objects.create(
            headline="Tagged", slug="tagged", body="Words.", rights_notice=notice
        )
        tag = old.get_model("taggit", "Tag").objects.create(name="Harbour", slug="harbour")
        story_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="articles", model="article"
        )[0]
        old.get_model("taggit", "TaggedItem").objects.create(
            tag=tag, content_type_id=story_type.pk, object_id=story.pk
        )

        new = migrate(AFTER)
        moved = new.get_model("articles", "TaggedArticle").objects.get()
        assert (moved.content_object_id, moved.tag_id) == (story.pk, tag.pk)
        assert not new.get_model("taggit", "TaggedItem").objects.exists()

        back = migrate(BEFORE)
        returned = back.get_model("taggit", "TaggedItem").objects.get()
        assert (returned.object_id, returned.tag_id) == (story.pk, tag.pk)
    finally:
        migrate_to_latest()
