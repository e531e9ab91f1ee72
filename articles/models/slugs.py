"""Readable, unique slugs for stories and people."""

from __future__ import annotations

import hashlib

from django.db import models
from django.utils.text import slugify


def slug_base(text: str, *, max_length=200, fallback="story") -> str:
    """The slug ``text`` gets when no other row has it yet."""
    return (slugify(text) or fallback)[: max_length - 8].strip("-") or fallback


def taken_slugs(model: type[models.Model], bases: list[str], *, exclude_pk=None) -> set[str]:
    """The slugs of ``model`` that start with any of ``bases``, in one query."""
    if not bases:
        return set()
    lookup = models.Q()
    for base in dict.fromkeys(bases):
        lookup |= models.Q(slug__startswith=base)
    rows = model._default_manager.filter(lookup).exclude(pk=exclude_pk).order_by()  # a set
    return set(rows.values_list("slug", flat=True))


def next_slug(base: str, taken: set[str]) -> str:
    """``base``, or the first of "base-2", "base-3" ... not in ``taken``."""
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def unique_slug(
    model: type[models.Model], text: str, *, exclude_pk=None, max_length=200, fallback="story"
) -> str:
    """A slug from ``text`` that no other row of ``model`` uses yet ("floods", "floods-2", ...)."""
    base = slug_base(text, max_length=max_length, fallback=fallback)
    return next_slug(base, taken_slugs(model, [base], exclude_pk=exclude_pk))


def source_slug(source: str) -> str:
    """The source front's slug; a name with no ASCII letters ("新华社") gets a stable one."""
    if not source:
        return ""
    digest = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return slugify(source) or f"source-{digest}"
