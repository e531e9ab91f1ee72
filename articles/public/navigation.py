"""The section navigation in every page's header: one small query, then the cache.

Kept like a page (``page_cache.fragment``): forgotten by the ``nav`` key, which every
change of a section names (``articles.delivery.changes``) after its commit; a reader who
read the sections before a rename can never keep the old list, because the list records
the moment its reading began. The header costs no query on a warm cache.
"""

from __future__ import annotations

from ..delivery import page_cache, surrogate_keys
from ..models import Section

CACHE_SECONDS = 60 * 60  # a safety net only: a section change forgets it at once


def _links() -> list[dict[str, str]]:
    return [
        {"name": section.name, "url": section.get_absolute_url()}
        for section in Section.objects.active()
        .only("name", "slug")
        .order_by("position", "name", "pk")
    ]


def section_nav() -> list[dict[str, str]]:
    """Active sections in order, as ``{"name", "url"}`` (what the header needs)."""
    return page_cache.fragment("section-nav", [surrogate_keys.NAV], _links, seconds=CACHE_SECONDS)
