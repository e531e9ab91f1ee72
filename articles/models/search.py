"""The full-text search document of a story: one weighted ``tsvector`` per article.

The vector lives in its own table rather than on ``Article``, so the rows every page
reads stay lean (a story page never drags its search vector along) and the search
joins it only when it asks. On PostgreSQL, database triggers created by migration
``0009_search`` write it whenever a story, its bylines, its tags, a bylined person's
name or a tag's name change: inlines and tags are saved after the story row, and
``bulk_create``, ``update()`` and raw SQL bypass ``save()``, so only the database sees
every write. On SQLite the table stays empty and search falls back to a plain scan.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        primary_key=True,
        # The database trigger removes the document with its story (see the migration).
        on_delete=models.DO_NOTHING,
        related_name="search_document",
    )
    vector = SearchVectorField(_("search vector"))

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return str(self.article_id)
