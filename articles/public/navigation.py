"""The section navigation in every page's header: one small query, then the cache.

The list is kept in the cache (Redis in production, shared by every process)
until a section is saved or deleted, which drops it; so the header costs no
query on a warm cache and one on a cold one, and an editor's change shows on the
next page.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Section

CACHE_KEY = "articles:section-nav:v1"
CACHE_SECONDS = 60 * 60  # a safety net only: saving a section drops the key at once


def section_nav() -> list[dict[str, str]]:
    """Active sections in order, as ``{"name", "url"}`` (what the header needs)."""
    links = cache.get(CACHE_KEY)
    if links is None:
        links = [
            {"name": section.name, "url": section.get_absolute_url()}
            for section in Section.objects.active()
            .only("name", "slug")
            .order_by("position", "name", "pk")
        ]
        cache.set(CACHE_KEY, links, CACHE_SECONDS)
    return links


@receiver(post_save, sender=Section, dispatch_uid="section_nav_saved")
@receiver(post_delete, sender=Section, dispatch_uid="section_nav_deleted")
def forget_section_nav(**kwargs) -> None:
    cache.delete(CACHE_KEY)
