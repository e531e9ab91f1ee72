"""A story's tags, in a table of their own with a real foreign key to Article.

taggit's generic ``TaggedItem`` keeps ``object_id`` as a 32-bit integer while
``Article.id`` is 64-bit: every join casts, the cast defeats the index, and a tag
page at 100,000 stories hash-joins every public story (150 ms instead of 0.5 ms).
A ``TaggedItemBase`` through model joins on ``article_id`` directly, with an index
for each direction (a tag's stories, a story's tags).
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItemBase

from .slugs import unique_slug

_URL_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")  # what ``<slug:slug>`` in a URL accepts


def tag_slug_for_urls(sender, instance, **kwargs) -> None:
    """``pre_save`` of a tag: taggit keeps Unicode in slugs ("ação") or none at all ("😀"),
    and neither makes a ``/tags/<slug>/`` address; such a tag gets an ASCII one."""
    if not _URL_SLUG.match(instance.slug or ""):
        instance.slug = unique_slug(
            Tag, instance.name, exclude_pk=instance.pk, max_length=100, fallback="tag"
        )


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="tagged_items",
        db_column="article_id",
    )
    # A copy of the story's publication time, kept in step by Article.save(), for the tag
    # page's newest-first walk along (tag, published_at): which stories are public is
    # still decided by ``Article.objects.published()``; the copy only orders and bounds.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(
                fields=["tag", "content_object"], name="tagged_article_unique_tag"
            )
        ]
        indexes = [
            models.Index(fields=["content_object", "tag"], name="tagged_article_story_tag_idx"),
            # A tag's stories newest first (the tag page and feed): a range scan.
            models.Index(
                fields=["tag", "-published_at", "-content_object"],
                name="tagged_article_tag_pub_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.content_object_id} · {self.tag_id}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.published_at is None:  # taggit's add(): get_or_create
            self.published_at = story_published_at(self, "content_object")
        super().save(*args, **kwargs)


def story_published_at(part: models.Model, field_name: str):
    """The publication time of a part's story (a tag or a byline being added): from the
    story the part was made with when it is loaded, else read from the database."""
    field = part._meta.get_field(field_name)
    if field.is_cached(part):
        story = field.get_cached_value(part)
        return story.published_at if story is not None else None
    story_id = getattr(part, field.attname)
    if story_id is None:
        return None
    return (
        field.related_model.objects.filter(pk=story_id)
        .values_list("published_at", flat=True)
        .first()
    )


# Fixtures (``loaddata``, ``seed_demo``) save rows raw: no save() runs, so the copies
# above would stay empty and the tag and person pages would list nothing.
COPY_FIELDS = {"TaggedArticle": "content_object", "Byline": "article"}


def copy_published_at_on_raw_save(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save`` of a tag link or byline loaded raw: take its story's time, if loaded yet."""
    if raw and instance.published_at is None:
        instance.published_at = story_published_at(instance, COPY_FIELDS[sender.__name__])


def copy_story_published_at_on_raw_save(sender, instance, raw=False, **kwargs) -> None:
    """``post_save`` of a story loaded raw: its parts loaded before it take its time."""
    if raw:
        instance.copy_published_at_to_parts()
