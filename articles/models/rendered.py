"""A story page's own parts as HTML, rendered once and kept until something they show changes.

Derived data, like ``SearchDocument``: written only by ``articles.public.story_pages`` (with
``update()`` and ``bulk_create``, so no signal fires and the page cache is not moved by
a reader's visit), never edited, and safe to delete at any time (the next view renders
the parts again). ``stamp`` is the story's ``render_stamp`` when the parts were rendered;
they are used only while the two are equal.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# Stamps are random 62-bit numbers, moved on by +1: a value is never seen twice in practice.
STAMP_LIMIT = 2**62


def new_stamp() -> int:
    return secrets.randbelow(STAMP_LIMIT) + 1


class RenderedStory(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="rendered",
    )
    stamp = models.BigIntegerField(_("story stamp when rendered"))
    key = models.CharField(
        _("rendering key"),
        max_length=64,
        help_text=_("Templates, code, settings and site address the parts were rendered with."),
    )
    head = models.TextField(_("head"), blank=True)
    top = models.TextField(_("top"), blank=True)
    bottom = models.TextField(_("bottom"), blank=True)
    data = models.JSONField(_("page data"), default=dict, blank=True)
    rendered_at = models.DateTimeField(_("rendered"))

    # Derived rows: articles.delivery.invalidation ignores their writes (they change no output).
    derived_data = True

    class Meta:
        verbose_name = _("rendered story")
        verbose_name_plural = _("rendered stories")

    def __str__(self) -> str:
        return str(self.article_id)
