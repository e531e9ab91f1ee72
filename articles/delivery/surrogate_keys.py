"""Surrogate keys: names on each public response of everything it shows.

A response carries (in the ``xkey`` header) a key for each thing it shows: each story
(``story-<pk>``), person (``person-<pk>``), tag (``tag-<slug>``), source
(``source-<slug>``), section (``section-<slug>``), rights notice (``notice-<pk>``),
simple page (``flatpage-<pk>``), the story address it answers (``slug-<slug>``), the
list it is (``front``, ``latest``, ``feed``, ``sitemaps``, ``search``, ``corrections``),
``nav`` on every HTML page (the header lists the sections) and always ``all``.

The page cache and the accelerators both forget by these keys (``articles.delivery.
changes`` says which keys a change touches): a list that shows a story carries its
``story-<pk>``, so the list goes when the story changes, and carries its own list key,
so it goes when a story joins it. Nothing else is evicted.
"""

from __future__ import annotations

from collections.abc import Iterable

HEADER = "xkey"

ALL = "all"
FRONT = "front"  # the home page the editors arrange
LATEST = "latest"  # /latest/: every public story, newest first
FEED = "feed"  # the site's own RSS and Atom feeds
SITEMAPS = "sitemaps"
SEARCH = "search"
CORRECTIONS = "corrections"
NAV = "nav"  # the section list in every HTML page's header
# The site-wide lists a public story is on (its section, tag ... lists come on top).
SITE_LISTS = (FRONT, LATEST, FEED, SITEMAPS, SEARCH, CORRECTIONS)


def story(pk) -> str:
    return f"story-{pk}"


def address(slug: str) -> str:
    return f"slug-{slug}"


def person(pk) -> str:
    return f"person-{pk}"


def tag(slug: str) -> str:
    return f"tag-{slug}"


def source(slug: str) -> str:
    return f"source-{slug}"


def section(slug: str) -> str:
    return f"section-{slug}"


def notice(pk) -> str:
    return f"notice-{pk}"


def flatpage(pk) -> str:
    return f"flatpage-{pk}"


def add(request, *keys: str) -> None:
    """Name what this response shows (views call it; ``public_page`` writes the header)."""
    request.__dict__.setdefault("surrogate_keys", set()).update(k for k in keys if k)


def of_listing(stories: Iterable) -> list[str]:
    """What a list shows of each story: the story, its authors, its notice (the full text
    or not), its tags when loaded (feeds print them as categories)."""
    keys = []
    for article in stories:
        keys.append(story(article.pk))
        loaded = getattr(article, "_prefetched_objects_cache", {})
        bylines = getattr(article, "author_bylines", None) or loaded.get("bylines", ())
        keys.extend(person(b.person_id) for b in bylines)
        keys.extend(tag(t.slug) for t in loaded.get("tags", ()))
        if article.rights_notice_id:
            keys.append(notice(article.rights_notice_id))
    return keys


def of_story_page(article) -> list[str]:
    """A story page's own parts: the story, its people, tags, section and notice (stored
    with the parts, ``articles.public.story_pages``; the view adds the related stories)."""
    keys = [story(article.pk), source(article.source_slug)]
    keys += [person(b.person_id) for b in article.bylines.all()]
    keys += [person(q.speaker_id) for q in article.quotes.all() if q.speaker_id]
    keys += [person(p.photographer_id) for p in article.photos.all() if p.photographer_id]
    keys += [tag(t.slug) for t in article.tags.all()]
    if article.section_id:
        keys.append(section(article.section.slug))
    if article.rights_notice_id:
        keys.append(notice(article.rights_notice_id))
    return keys


# Keys that follow from the address alone.
_BY_URL_NAME = {
    "home": (FRONT,),
    "latest": (LATEST,),
    "search": (SEARCH,),
    "corrections": (CORRECTIONS,),
    "feed-rss": (FEED,),
    "feed-atom": (FEED,),
    "sitemap-index": (SITEMAPS,),
    "sitemap-section": (SITEMAPS,),
    "news-sitemap": (SITEMAPS,),
}
# Addresses whose slug names what they list.
_BY_SLUG = {
    "detail": address,
    "ninjs": address,
    "tag": tag,
    "tag-feed-rss": tag,
    "tag-feed-atom": tag,
    "source": source,
    "source-feed-rss": source,
    "source-feed-atom": source,
    "section": section,
    "section-feed-rss": section,
    "section-feed-atom": section,
}


def of_address(request) -> list[str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    keys = list(_BY_URL_NAME.get(match.url_name, ()))
    slug = match.kwargs.get("slug")
    if slug and match.url_name in _BY_SLUG:
        keys.append(_BY_SLUG[match.url_name](slug))
    return keys


def of_response(request, response) -> set[str]:
    keys = {ALL, *of_address(request), *request.__dict__.get("surrogate_keys", ())}
    if response.get("Content-Type", "").startswith("text/html"):
        keys.add(NAV)  # the header's section list
    return keys


def header_value(keys: Iterable[str]) -> str:
    return " ".join(sorted(keys))
