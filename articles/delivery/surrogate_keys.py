"""Surrogate keys: names on each public response, so a change can purge just what shows it.

A response carries (in the ``xkey`` header) the keys of everything it shows: each story
(``story-<pk>``), person (``person-<pk>``), tag (``tag-<slug>``), source
(``source-<slug>``), rights notice (``notice-<pk>``), the address's slug
(``slug-<slug>``, so a 404 or 410 at a story's address goes when the story changes), and
the kind of list (``front``, ``feeds``, ``sitemaps``, ``search``, ``corrections``).
Every response also carries ``all``. A change purges the keys of what it touched, in
its state *after* the change: a list that showed a story carries ``story-<pk>``, so it
goes whether or not the story still belongs there; a list it joins carries the list's
own key. Changes without a precise key (a rights notice, a tag renamed, any deletion,
a model we do not know) purge ``all``; such a row just created is on no page yet and
purges nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

ALL = "all"
FRONT = "front"
FEEDS = "feeds"
SITEMAPS = "sitemaps"
SEARCH = "search"
CORRECTIONS = "corrections"
# Lists a story may join or leave whenever it changes.
EVERY_LIST = (FRONT, FEEDS, SITEMAPS, SEARCH, CORRECTIONS)

HEADER = "xkey"


def story(pk) -> str:
    return f"story-{pk}"


def person(pk) -> str:
    return f"person-{pk}"


def tag(slug: str) -> str:
    return f"tag-{slug}"


def source(slug: str) -> str:
    return f"source-{slug}"


def notice(pk) -> str:
    return f"notice-{pk}"


def address(slug: str) -> str:
    return f"slug-{slug}"


def add(request, *keys: str) -> None:
    """Name what this response shows (views call it; ``public_page`` writes the header)."""
    request.__dict__.setdefault("surrogate_keys", set()).update(k for k in keys if k)


def of_listing(stories: Iterable) -> list[str]:
    """A list's stories and their authors (prefetched by ``for_listing``)."""
    keys = []
    for article in stories:
        keys.append(story(article.pk))
        keys.extend(person(b.person_id) for b in getattr(article, "author_bylines", []))
        if article.rights_notice_id:
            keys.append(notice(article.rights_notice_id))
    return keys


def of_story_page(article) -> list[str]:
    """A story page's own parts: the story, its people, tags and notice (stored with the
    parts, ``articles.public.story_pages``; the view adds the related stories it shows)."""
    keys = [story(article.pk), source(article.source_slug)]
    keys += [person(b.person_id) for b in article.bylines.all()]
    keys += [person(q.speaker_id) for q in article.quotes.all() if q.speaker_id]
    keys += [person(p.photographer_id) for p in article.photos.all() if p.photographer_id]
    keys += [tag(t.slug) for t in article.tags.all()]
    if article.rights_notice_id:
        keys.append(notice(article.rights_notice_id))
    return keys


# Keys that follow from the address alone: the feeds and sitemaps need no view changes.
_BY_URL_NAME = {
    "home": (FRONT,),
    "search": (SEARCH,),
    "corrections": (CORRECTIONS,),
    "feed-rss": (FEEDS,),
    "feed-atom": (FEEDS,),
    "tag-feed-rss": (FEEDS,),
    "tag-feed-atom": (FEEDS,),
    "source-feed-rss": (FEEDS,),
    "source-feed-atom": (FEEDS,),
    "sitemap-index": (SITEMAPS,),
    "sitemap-section": (SITEMAPS,),
    "news-sitemap": (SITEMAPS,),
}


def of_address(request) -> list[str]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return []
    keys = list(_BY_URL_NAME.get(match.url_name, ()))
    slug = match.kwargs.get("slug")
    if slug and match.url_name in {"detail", "ninjs"}:
        keys.append(address(slug))
    elif slug and match.url_name.startswith("tag"):
        keys.append(tag(slug))
    elif slug and match.url_name.startswith("source"):
        keys.append(source(slug))
    return keys


def header_value(request) -> str:
    keys = {ALL, *of_address(request), *request.__dict__.get("surrogate_keys", ())}
    return " ".join(sorted(keys))


# -- what a change purges ------------------------------------------------------------


def of_article_change(article_id) -> set[str]:
    """A story saved (or one of its parts): the story, and every list it may now be in."""
    from ..models import Article

    article = (
        Article.objects.filter(pk=article_id)
        .only("slug", "source_slug", "rights_notice_id")
        .prefetch_related("tags", "bylines", "quotes", "photos")
        .first()
    )
    if article is None:
        return {ALL}
    keys = {story(article.pk), address(article.slug), source(article.source_slug), *EVERY_LIST}
    keys |= {tag(t.slug) for t in article.tags.all()}
    keys |= {person(b.person_id) for b in article.bylines.all()}
    keys |= {person(q.speaker_id) for q in article.quotes.all() if q.speaker_id}
    keys |= {person(p.photographer_id) for p in article.photos.all() if p.photographer_id}
    return keys


def of_changes(changes: Iterable[tuple[object, str]]) -> set[str]:
    """The keys to purge after these changes (``instance``, ``"created"``, ``"changed"`` or
    ``"deleted"``) of one transaction. Each story touched is looked up once, however many
    of its parts changed.
    """
    from taggit.models import Tag, TaggedItem

    from ..models import Article, AuditEntry, Person, Revision, RightsNotice, TaggedArticle

    keys: set[str] = set()
    article_ids = set()
    for instance, change in changes:
        if isinstance(instance, AuditEntry | Revision):
            continue  # the desk's records: on no public page
        if change == "deleted":
            return {ALL}
        if isinstance(instance, TaggedArticle):
            article_ids.add(instance.content_object_id)
            keys.add(tag(instance.tag.slug))
        elif isinstance(instance, Article):
            article_ids.add(instance.pk)
        elif isinstance(instance, Person):
            keys.add(person(instance.pk))
        elif isinstance(instance, TaggedItem):
            if instance.content_type.model_class() is Article:
                article_ids.add(instance.object_id)
                keys.add(tag(instance.tag.slug))
        elif getattr(instance, "article_id", None) is not None:  # a part, a correction ...
            article_ids.add(instance.article_id)
            for field in ("person_id", "speaker_id", "photographer_id"):
                if getattr(instance, field, None):
                    keys.add(person(getattr(instance, field)))
        elif change == "created" and isinstance(instance, Tag | RightsNotice):
            continue  # just made: on no page yet
        else:  # a notice or tag changed, a section, the front, a model we do not know
            return {ALL}
    for article_id in article_ids:
        keys |= of_article_change(article_id)
    return keys
