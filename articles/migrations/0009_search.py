"""Full-text search: a weighted tsvector per story, kept up to date by PostgreSQL.

Why triggers rather than the save paths: a story's bylines and tags are written
after its row (admin inlines, ``tags.set()``), and ``bulk_create``, ``update()``
and the wire importer bypass ``Article.save()``. The database sees every write.
Statement-level triggers (with transition tables) refresh each touched story once
per statement, so a bulk insert of 10,000 bylines is one refresh, not 10,000.

Accent folding: the ``newsroom_english`` configuration runs ``unaccent`` before the
English stemmer, on documents and queries alike, so "cafe" finds "café". The
vector is stored, so the GIN index needs no immutable wrapper around unaccent().

On SQLite nothing but the (empty) table is created; search scans there.
"""

import django.contrib.postgres.search
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

CONFIG = "newsroom_english"

FORWARD = f"""
CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION {CONFIG}
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

CREATE INDEX articles_searchdocument_vector_gin
    ON articles_searchdocument USING gin (vector);

-- Headline (A) > standfirst and tags (B) > body (C) > source and bylined names (D).
CREATE FUNCTION articles_search_refresh(article_ids bigint[]) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO articles_searchdocument (article_id, vector)
    SELECT a.id,
        setweight(to_tsvector('{CONFIG}', a.headline), 'A')
        || setweight(to_tsvector('{CONFIG}', a.standfirst), 'B')
        || setweight(to_tsvector('{CONFIG}', coalesce((
            SELECT string_agg(t.name, ' ')
            FROM taggit_taggeditem i
            JOIN taggit_tag t ON t.id = i.tag_id
            JOIN django_content_type c ON c.id = i.content_type_id
            WHERE i.object_id = a.id AND c.app_label = 'articles' AND c.model = 'article'
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

CREATE FUNCTION articles_search_on_article_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_search_article_insert
    AFTER INSERT ON articles_article REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_article_insert();

CREATE FUNCTION articles_search_on_article_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END $$;
-- Only a change of the words refreshes: publishing or withdrawing leaves the vector alone.
CREATE TRIGGER articles_search_article_update
    AFTER UPDATE ON articles_article FOR EACH ROW
    WHEN (OLD.headline IS DISTINCT FROM NEW.headline
          OR OLD.standfirst IS DISTINCT FROM NEW.standfirst
          OR OLD.body IS DISTINCT FROM NEW.body
          OR OLD.source IS DISTINCT FROM NEW.source)
    EXECUTE FUNCTION articles_search_on_article_update();

CREATE FUNCTION articles_search_on_article_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM articles_searchdocument WHERE article_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;
CREATE TRIGGER articles_search_article_delete
    AFTER DELETE ON articles_article REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_article_delete();

-- Bylines: TG_ARGV[0] names the column holding the story's id.
CREATE FUNCTION articles_search_on_part_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[] := '{{}}';
    part_ids bigint[];
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[0]) INTO part_ids;
        ids := ids || coalesce(part_ids, '{{}}');
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[0]) INTO part_ids;
        ids := ids || coalesce(part_ids, '{{}}');
    END IF;
    PERFORM articles_search_refresh(ids);
    RETURN NULL;
END $$;
CREATE TRIGGER articles_search_byline_insert
    AFTER INSERT ON articles_byline REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('article_id');
CREATE TRIGGER articles_search_byline_update
    AFTER UPDATE ON articles_byline REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('article_id');
CREATE TRIGGER articles_search_byline_delete
    AFTER DELETE ON articles_byline REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('article_id');
-- Tags of other models may share taggit's table: refresh() only touches story ids, and an
-- object id that is not a story's, or is another story's, is at worst refreshed needlessly.
CREATE TRIGGER articles_search_tagged_insert
    AFTER INSERT ON taggit_taggeditem REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('object_id');
CREATE TRIGGER articles_search_tagged_update
    AFTER UPDATE ON taggit_taggeditem REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('object_id');
CREATE TRIGGER articles_search_tagged_delete
    AFTER DELETE ON taggit_taggeditem REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION articles_search_on_part_change('object_id');

-- A renamed person or tag changes the words of every story that names them.
CREATE FUNCTION articles_search_on_person_rename() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(
        ARRAY(SELECT DISTINCT article_id FROM articles_byline WHERE person_id = NEW.id));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_search_person_rename
    AFTER UPDATE ON articles_person FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_search_on_person_rename();

CREATE FUNCTION articles_search_on_tag_rename() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM articles_search_refresh(
        ARRAY(SELECT DISTINCT object_id FROM taggit_taggeditem WHERE tag_id = NEW.id));
    RETURN NULL;
END $$;
CREATE TRIGGER articles_search_tag_rename
    AFTER UPDATE ON taggit_tag FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION articles_search_on_tag_rename();

SELECT articles_search_refresh(ARRAY(SELECT id FROM articles_article));
"""

BACKWARD = f"""
DROP TRIGGER IF EXISTS articles_search_tag_rename ON taggit_tag;
DROP TRIGGER IF EXISTS articles_search_person_rename ON articles_person;
DROP TRIGGER IF EXISTS articles_search_tagged_insert ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_search_tagged_update ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_search_tagged_delete ON taggit_taggeditem;
DROP TRIGGER IF EXISTS articles_search_byline_insert ON articles_byline;
DROP TRIGGER IF EXISTS articles_search_byline_update ON articles_byline;
DROP TRIGGER IF EXISTS articles_search_byline_delete ON articles_byline;
DROP TRIGGER IF EXISTS articles_search_article_insert ON articles_article;
DROP TRIGGER IF EXISTS articles_search_article_update ON articles_article;
DROP TRIGGER IF EXISTS articles_search_article_delete ON articles_article;
DROP FUNCTION IF EXISTS articles_search_on_tag_rename();
DROP FUNCTION IF EXISTS articles_search_on_person_rename();
DROP FUNCTION IF EXISTS articles_search_on_part_change();
DROP FUNCTION IF EXISTS articles_search_on_article_delete();
DROP FUNCTION IF EXISTS articles_search_on_article_update();
DROP FUNCTION IF EXISTS articles_search_on_article_insert();
DROP FUNCTION IF EXISTS articles_search_refresh(bigint[]);
DROP INDEX IF EXISTS articles_searchdocument_vector_gin;
DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG};
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)  # no parameters: the % in format() stays as written

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_revisions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=models.DO_NOTHING,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "vector",
                    django.contrib.postgres.search.SearchVectorField(verbose_name="search vector"),
                ),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
