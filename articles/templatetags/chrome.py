"""The page frame every reader page shares (head links, header, footer), rendered once.

They hold a dozen ``{% url %}``, ``{% static %}`` and ``{% translate %}`` tags whose
answers do not change while the process runs, except the section navigation: so each
part is rendered once per (navigation, site name, language, URLs) and reused.
That takes about a millisecond off every page that is not served from the page cache.
Only the header prints the navigation, so only the header asks for it (a round trip to
the cache that the head links and the footer need not wait for).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The parts that print the section navigation.
NAVIGATED = frozenset({"_site_header.html"})


@lru_cache(maxsize=64)
def _rendered(name: str, nav: tuple, *settings_and_request) -> str:
    context = {"newsroom_name": settings.NEWSROOM_NAME, "section_nav": [dict(link) for link in nav]}
    return get_template(name).render(context)


@register.simple_tag(takes_context=True)
def site_chrome(context, name: str) -> SafeString:
    """The frame part ``name`` (``_site_head.html``, ``_site_header.html`` ...)."""
    nav = context.get("section_nav", ()) if name in NAVIGATED else ()
    links = nav() if callable(nav) else nav
    key = tuple(tuple(sorted(link.items())) for link in links)
    return mark_safe(
        _rendered(
            name,
            key,
            # Everything else the parts print: a change gives a new entry.
            settings.NEWSROOM_NAME,
            settings.STATIC_URL,
            settings.ROOT_URLCONF,
            get_urlconf(),
            translation.get_language() or "",
            get_script_prefix(),
        )
    )
