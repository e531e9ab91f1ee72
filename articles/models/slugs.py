"""Readable, unique slugs for stories and people."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, exclude_pk=None, max_length=200) -> str:
    """A slug from ``text`` that no other row of ``model`` uses yet ("floods", "floods-2", ...)."""
    base = (slugify(text) or "story")[: max_length - 8].strip("-") or "story"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
