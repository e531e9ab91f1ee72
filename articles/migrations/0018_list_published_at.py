"""Copies of the story's publication time on its tags and bylines, indexed with the tag
or person: the tag and person pages walk newest first along these (issue 8)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

QUIET_SEARCH_TRIGGERS = """
ALTER TABLE articles_taggedarticle {switch} TRIGGER articles_search_tagged_update;
ALTER TABLE articles_byline {switch} TRIGGER articles_search_byline_update;
"""


def fill_copies(apps, schema_editor):
    Article = apps.get_model("articles", "Article")

    def story(article_field):
        return Subquery(
            Article.objects.filter(pk=OuterRef(article_field)).values("published_at")[:1]
        )

    # The search triggers would rebuild every story's words for a copy of a date.
    quiet = schema_editor.connection.vendor == "postgresql"
    if quiet:
        schema_editor.execute(QUIET_SEARCH_TRIGGERS.format(switch="DISABLE"))
    # One UPDATE ... SET published_at = (SELECT ...) a table, on SQLite and PostgreSQL.
    apps.get_model("articles", "TaggedArticle").objects.update(
        published_at=story("content_object_id")
    )
    apps.get_model("articles", "Byline").objects.update(published_at=story("article_id"))
    if quiet:
        schema_editor.execute(QUIET_SEARCH_TRIGGERS.format(switch="ENABLE"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_rendered_stories")]

    operations = [
        migrations.AddField(
            model_name="byline",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="taggedarticle",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_copies, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(
                fields=["person", "-published_at", "-article"], name="byline_person_pub_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="taggedarticle",
            index=models.Index(
                fields=["tag", "-published_at", "-content_object"],
                name="tagged_article_tag_pub_idx",
            ),
        ),
    ]
