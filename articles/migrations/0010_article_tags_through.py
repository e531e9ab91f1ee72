"""Story tags move from taggit's generic table to ``TaggedArticle`` (a real foreign key).

taggit's ``object_id`` is a 32-bit integer and ``Article.id`` 64-bit, so every tag
join cast and missed the index. The existing tags are copied over (one INSERT ...
SELECT, no Python loop) and removed from the generic table. On PostgreSQL the
search triggers of 0007 follow the tags to the new table; the vectors themselves
do not change, so nothing is re-indexed.
"""

import importlib

import django.db.models.deletion
import taggit.managers
from django.db import migrations, models

SEARCH = importlib.import_module("articles.migrations.0009_search")
CONFIG = SEARCH.CONFIG

TRIGGERS_FORWARD = f"""
DROP TRIGGER IF EXISTS articles_search_tagged_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_search_tagged_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_search_tagged_delete ON taggit_taggeditem;

CREATE OR REPLACE FUNCTION articles_search_refresh(article_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO articles_searchdocument (article_id, vector)
    SELECT a.id,
        setweight(to_tsvector('{CONFIG}', a.headline), 'A')
        || setweight(to_tsvector('{CONFIG}', a.standfirst), 'B')
        || setweight(to_tsvector('{CONFIG}', coalesce((
            SELECT string_agg(t.name, ' ')
            FROM articles_taggedarticle i JOIN taggit_tag t ON t.id = i.tag_id
            WHERE i.article_id = a.id
        ), '')), 'B')
        || setweight(to_tsvector('{CONFIG}', a.body), 'C')
        || setweight(to_tsvector('{CONFIG}', concat_ws(' ', a.source, (
            SELECT string_agg(p.name, ' ')
            FROM articles_byline b JOIN articles_person p ON p.id = b.person_id
            WHERE b.article_id = a.id
        ))), 'D')
    FROM articles_article a
    WHERE a.id = ANY(article_ids)
    ON CONFLICT (article_id) DO UPDATE SET vector = EXCLUDED.vector;
$$;

CREATE OR REPLACE FUNCTION articles_search_on_tag_rename() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(
        ARRAY(SELECT DISTINCT article_id FROM articles_taggedarticle WHERE tag_id = NEW.id));
    RETURN NULL;
END $$;

CREATE TRIGGER articles_search_tagged_insert
    AFTER INSERT ON articles_taggedarticle REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('article_id');
CREATE TRIGGER articles_search_tagged_update
    AFTER UPDATE ON articles_taggedarticle REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('article_id');
CREATE TRIGGER articles_search_tagged_delete
    AFTER DELETE ON articles_taggedarticle REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('article_id');
"""

TRIGGERS_BACKWARD = """
DROP TRIGGER IF EXISTS articles_search_tagged_insert ON articles_taggedarticle;
DROP TRIGGER IF EXISTS articles_search_tagged_update ON articles_taggedarticle;
DROP TRIGGER IF EXISTS articles_search_tagged_delete ON articles_taggedarticle;
"""


def _article_type_id(apps):
    content_type = apps.get_model("contenttypes", "ContentType")
    found = content_type.objects.filter(app_label="articles", model="article").first()
    return found.pk if found else None


def _execute(schema_editor, sql, params=None):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql, params)


def move_tags_to_articles(apps, schema_editor):
    type_id = _article_type_id(apps)
    if type_id is not None:
        _execute(
            schema_editor,
            "INSERT INTO articles_taggedarticle (article_id, tag_id) "
            "SELECT object_id, tag_id FROM taggit_taggeditem WHERE content_type_id = %s",
            [type_id],
        )
    if schema_editor.connection.vendor == "postgresql":
        _execute(schema_editor, TRIGGERS_FORWARD)  # before the delete: it must not re-index
    if type_id is not None:
        _execute(
            schema_editor, "DELETE FROM taggit_taggeditem WHERE content_type_id = %s", [type_id]
        )


def move_tags_back(apps, schema_editor):
    type_id = _article_type_id(apps)
    if schema_editor.connection.vendor == "postgresql":
        _execute(schema_editor, TRIGGERS_BACKWARD)
    if type_id is not None:
        _execute(
            schema_editor,
            "INSERT INTO taggit_taggeditem (object_id, tag_id, content_type_id) "
            "SELECT article_id, tag_id, %s FROM articles_taggedarticle",
            [type_id],
        )
        _execute(schema_editor, "DELETE FROM articles_taggedarticle")
    if schema_editor.connection.vendor == "postgresql":
        _execute(schema_editor, SEARCH.BACKWARD)  # 0007's triggers, functions and vectors anew
        _execute(schema_editor, SEARCH.FORWARD)



class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_search'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.CreateModel(
            name='TaggedArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(db_column='article_id', on_delete=django.db.models.deletion.CASCADE, related_name='tagged_items', to='articles.article', verbose_name='article')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'verbose_name': 'tagged article',
                'verbose_name_plural': 'tagged articles',
            },
        ),
        migrations.AlterField(
            model_name='article',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='articles.TaggedArticle', to='taggit.Tag', verbose_name='tags'),
        ),
        migrations.AddIndex(
            model_name='taggedarticle',
            index=models.Index(fields=['content_object', 'tag'], name='tagged_article_story_tag_idx'),
        ),
        migrations.AddConstraint(
            model_name='taggedarticle',
            constraint=models.UniqueConstraint(fields=('tag', 'content_object'), name='tagged_article_unique_tag'),
        ),
        migrations.RunPython(move_tags_to_articles, move_tags_back),
    ]
