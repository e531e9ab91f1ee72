"""A story page's own parts, rendered once and kept with the story until one of them changes.

Rendering a story page from scratch loads six tables and runs a dozen templates (about
18 ms here); with its parts stored, a page cache miss reads one row (the story with its
``RenderedStory``), one list (the related stories) and renders only the page frame.
The stored parts are the HTML that follows from the story and its parts alone:

- ``head``: share card, the lead photo's preload and the JSON-LD;
- ``top``: headline, standfirst, by line, updates, photos, the body with its pull quotes
  and closing credits, tags;
- ``bottom``: corrections and the rights footer;

with ``data`` holding what the page needs besides (its surrogate keys, its tag ids for
the related stories). Between ``top`` and ``bottom`` the page renders, live, what moves
without the story moving: the related stories and the share links. Which story may be
shown at all (status, embargo, licence expiry) is never stored: the page's query decides
it each time (``Article.objects.published()``).

**Never stale.** Every write that can change what the parts show moves the story's
``render_stamp`` in the same transaction: ``Article.save()`` sets a new one, and
``articles.delivery.tracking`` moves it for the story's parts and for the shared rows it
shows (``articles.delivery.changes`` says which stories print which rows). Stored parts
are used only while their stamp equals the story's, so a render that raced with a change
is stored under the old stamp and never used. ``render_key()`` covers the rest: the
templates and code the parts come from, the settings they print and the site's address
(absolute links), so a deploy re-renders each story on its next view.
``manage.py rebuild_story_pages`` drops (and can re-render) them all.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, models, transaction
from django.http import Http404
from django.template.loader import get_template, render_to_string
from django.templatetags.static import static
from django.test import RequestFactory
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ..delivery import surrogate_keys
from ..jobs import registry
from ..models import Article, RenderedStory
from ..models.story import story_part_prefetches
from . import navigation, presentation, selectors
from .kept import Kept
from .share_cards import story_card
from .structured_data import breadcrumbs, json_ld_scripts, news_article

logger = logging.getLogger(__name__)

TEMPLATES = (
    "articles/_story_head.html",
    "articles/_story_top.html",
    "articles/_story_bottom.html",
    # Included by the three above.
    "articles/_share_card.html",
    "articles/_photo.html",
    "articles/_picture.html",
    "articles/_pull_quote.html",
    "articles/_story_notes.html",
)
# The code that turns a story into the parts' HTML.
_CODE = (
    "public/presentation.py",
    "conventions/rendering.py",
    "photos/renditions.py",
    "public/share_cards.py",
    "public/structured_data.py",
    "public/story_pages.py",
    "templatetags/reader.py",
)
# Every setting the parts print (a test renders a story with each one changed).
_SETTINGS = (
    "NEWSROOM_NAME",
    "NEWSROOM_LOGO",
    "NEWSROOM_LOGO_WIDTH",
    "NEWSROOM_LOGO_HEIGHT",
    "NEWSROOM_TWITTER",
    "NEWSROOM_LICENSING_URL",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "MEDIA_URL",
    "STATIC_URL",
)


@cache
def _sources_digest() -> str:
    """The templates and code the parts are made from, read once per process."""
    digest = hashlib.sha256()
    for name in TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    here = Path(__file__).resolve().parent.parent  # the articles package
    for name in _CODE:
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def render_key(request) -> str:
    """What stored parts must have been rendered with to be shown to ``request``."""
    printed = tuple(repr(getattr(settings, name, None)) for name in _SETTINGS)
    return _render_key(printed, request.build_absolute_uri("/"))


@lru_cache(maxsize=64)
def _render_key(printed: tuple[str, ...], root: str) -> str:
    """Worked out once per settings and address (the logo's hashed name with them)."""
    digest = hashlib.sha256(_sources_digest().encode())
    for value in printed:
        digest.update(value.encode())
    digest.update(static(settings.NEWSROOM_LOGO).encode())  # a new logo has a new name
    digest.update(root.encode())  # the parts hold absolute links
    return digest.hexdigest()


@dataclass
class StoryParts:
    head: SafeString
    top: SafeString
    bottom: SafeString
    keys: list[str] = field(default_factory=list)
    tag_ids: list[int] = field(default_factory=list)
    stamp: int | None = None  # the story's stamp the parts were rendered from
    key: str = ""  # the ``render_key`` they were made for


# -- reading and rendering ---------------------------------------------------


def parts_for(request, article: Article, *, store: bool = True) -> StoryParts:
    """The stored parts when they are current, else rendered now (and stored if ``store``)."""
    key = render_key(request)
    stored = getattr(article, "rendered", None) if store else None
    if stored is not None and stored.stamp == article.render_stamp and stored.key == key:
        return StoryParts(
            head=mark_safe(stored.head),
            top=mark_safe(stored.top),
            bottom=mark_safe(stored.bottom),
            keys=stored.data.get("keys", []),
            tag_ids=stored.data.get("tag_ids", []),
            key=key,
        )
    parts = render_parts(request, article)
    parts.key = key
    if store:
        _store(article.pk, parts, key=key)
    return parts


def render_parts(request, article: Article) -> StoryParts:
    """Render the parts from the story's rows: all its fields, then its parts (five queries).

    ``article`` may be the page's lean row (``selectors.story_page``): the story is read
    again whole. Its stamp is then at least as new as the row's, never older.
    """
    if article.get_deferred_fields():
        try:
            article = Article.objects.select_related("rights_notice", "section").get(pk=article.pk)
        except Article.DoesNotExist:
            raise Http404("No such story.") from None
    models.prefetch_related_objects([article], *story_part_prefetches())
    bylines = list(article.bylines.all())
    authors = [b for b in bylines if b.role == b.Role.AUTHOR]
    photos = presentation.shown_photos(article)
    lead = presentation.lead_photo(article)
    others = [photo for photo in photos if photo is not lead]
    quotes = list(article.quotes.all())
    notes = list(article.corrections.all())
    tags = list(article.tags.all())
    absolute = request.build_absolute_uri
    card = story_card(article, absolute=absolute, lead=lead, authors=authors, tags=tags)
    context = {
        "newsroom_name": settings.NEWSROOM_NAME,
        "article": article,
        "notice": article.rights_notice,
        "by_line": presentation.by_line(authors),
        "credits": presentation.closing_credits(bylines),
        "lead_photo": lead,
        "segments": presentation.story_segments(article, quotes=quotes, photos=others),
        "updates": [note for note in notes if note.is_update],
        "corrections": [note for note in notes if not note.is_update],
        "tags": tags,
        "card": card,
        "json_ld": json_ld_scripts(
            news_article(
                article,
                absolute=absolute,
                authors=authors,
                photos=([lead] if lead else []) + others,
                corrections=notes,
                description=card.description,
            ),
            breadcrumbs(article, absolute=absolute),
        ),
    }
    head, top, bottom = (render_to_string(name, context) for name in TEMPLATES[:3])
    return StoryParts(
        head=mark_safe(head),
        top=mark_safe(top),
        bottom=mark_safe(bottom),
        keys=surrogate_keys.of_story_page(article),
        tag_ids=[tag.pk for tag in tags],
        stamp=article.render_stamp,
    )


def _store(article_id: int, parts: StoryParts, *, key: str) -> None:
    """Keep the parts under the stamp they were rendered from; a failure only costs speed."""
    values = {
        "stamp": parts.stamp,
        "key": key,
        "head": str(parts.head),
        "top": str(parts.top),
        "bottom": str(parts.bottom),
        "data": {"keys": parts.keys, "tag_ids": parts.tag_ids},
        "rendered_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            # update() and bulk_create() send no signals: a reader's visit moves no cache.
            if not RenderedStory.objects.filter(article_id=article_id).update(**values):
                RenderedStory.objects.bulk_create(
                    [RenderedStory(article_id=article_id, **values)], ignore_conflicts=True
                )
    except DatabaseError:
        logger.warning("Could not store the rendered parts of story %s.", article_id, exc_info=True)


def related_stories(article: Article, parts: StoryParts):
    """The related stories, from the tag ids kept with the parts (one query)."""
    return selectors.related_stories(article, tag_ids=parts.tag_ids)


# -- the page around them -------------------------------------------------------------
#
# Around the parts, the page prints the frame (title, head links, header with the section
# navigation, share links, footer) and the related stories. All but the related stories
# follow from the story, the site and the navigation: that frame is rendered once per
# story stamp, site (``render_key``), navigation and language, and kept in the process
# with a hole where the related stories go, which are read and printed on every view.

FRAME_TEMPLATE = "articles/article_detail.html"
MAX_FRAMES = 1000
_frames = Kept(MAX_FRAMES)
# Where the related stories go in a kept frame: no story text can hold it (a new one per
# process, and text never holds control characters: ``models.text``).
_HOLE = f"\x00related-{secrets.token_hex(8)}\x00"


def page_context(request, article: Article, parts: StoryParts, related, **extra) -> dict:
    """The frame's context: the parts and what is printed live around them."""
    return {
        "article": article,
        "parts": parts,
        "related": related,  # the related stories' <li>s (list_entries.related_html)
        "absolute_url": request.build_absolute_uri(article.get_absolute_url()),
        # One line: a line break in the subject of a mailto: link could add mail headers.
        "share_subject": " ".join(article.headline.split()),
        "preview": False,
        **extra,
    }


def page_html(request, article: Article, parts: StoryParts, related: SafeString) -> str:
    """A reader's story page: the kept frame around the related stories' HTML."""
    links = navigation.section_nav()
    nav = tuple(tuple(sorted(link.items())) for link in links)
    key = (article.pk, article.render_stamp, parts.key, nav, get_language(), bool(related))
    frame = _frames.get(key)
    if frame is None:
        hole = mark_safe(_HOLE) if related else ""
        context = page_context(request, article, parts, hole, section_nav=links)
        html = render_to_string(FRAME_TEMPLATE, context, request=request)
        frame = tuple(html.split(_HOLE))
        _frames.put(key, frame)
    return related.join(frame) if related else frame[0]


def forget_frames() -> None:
    """Drop the kept frames (tests; a process's frames otherwise go with it)."""
    _frames.clear()


# -- keeping them current -----------------------------------------------------
#
# Every write that changes what the parts show moves the stories' ``render_stamp`` in its
# own transaction (``articles.delivery.tracking``, from the map in ``articles.delivery.
# changes``): the parts stored under the old stamp are never used again.


def forget_all() -> int:
    """Drop every stored part (``rebuild_story_pages``); the next view renders each again."""
    return RenderedStory.objects.all().delete()[0]


def origin_request(origin: str, path: str = "/"):
    """A request as a reader of ``origin`` (``https://news.example.org``) would send it:
    the parts hold absolute links, so they are rendered for the address readers use."""
    address = urlsplit(origin)
    if address.scheme not in {"http", "https"} or not address.hostname:
        raise ValueError(f"{origin!r} is not an address like https://news.example.org.")
    request = RequestFactory().get(path, HTTP_HOST=address.netloc, secure=address.scheme == "https")
    request.get_host()  # DisallowedHost unless the site answers on that name
    return request


WARM_STORY = "public.warm_story"


@registry.job(WARM_STORY, queue=registry.DELIVERY, lease=60, max_attempts=3)
def warm_story(payload: dict) -> None:
    """After publication: store the story's parts before its first reader asks (for the
    site's address, ``NEWSROOM_URL``). A story not public (yet, or any more) is left."""
    article = selectors.story_page().filter(pk=payload["article"]).order_by().first()
    if article is None:
        return
    try:
        request = origin_request(settings.NEWSROOM_URL, article.get_absolute_url())
    except (ValueError, DisallowedHost):
        logger.warning("NEWSROOM_URL is not an address this site answers on: not warmed.")
        return
    parts_for(request, article)
