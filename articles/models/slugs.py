"""Readable, unique slugs for stories and people."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model], text: str, *, exclude_pk=None, max_length=200, fallback="story"
) -> str:
    """A slug from ``text`` that no other row of ``model`` uses yet ("floods", "floods-2", ...)."""
    base = (slugify(text) or fallback)[: max_length - 8].strip("-") or fallback
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def source_slug(source: str) -> str:
    """The source front's slug; a name with no ASCII letters ("新华社") gets a stable one."""
    if not source:
        return ""
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return slugify(source) or f"source-{digest}"
