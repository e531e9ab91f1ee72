"""Each story as lists show it, rendered once per change of the story and kept in the process.

A list page spends most of its time on its stories' entries: the by line with its links,
the thumbnail's ``<picture>``, the time and the source, and the two queries that load the
authors and lead photos they need. An entry follows from the story and its parts alone,
like a story page's stored parts (``story_pages``), so it is kept under the story's
``render_stamp``, which every change of what it shows moves in the writer's transaction
(``articles.delivery.tracking``): a list's own query reads each story's stamp, and an
entry rendered at another stamp is never used. Only the missing entries are rendered,
after loading the parts of those stories alone (the parts are read after the stamp, so
they are at least as new as it).

Which stories a list shows is never kept: the list's query decides it each time, from
``Article.objects.published()``. The entries are kept in each process (a bounded LRU):
derived HTML checked against the database on every use, safe to lose, and rendered again
by a process that starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from ..delivery import surrogate_keys
from ..models import Article, Byline, PhotoCaption
from . import presentation
from .kept import Kept
from .share_cards import CardImage, photo_image

# Entries kept per process: a few KB each; lists mostly show recent stories.
MAX_ENTRIES = 4000


@dataclass(frozen=True)
class Entry:
    """A story's entry in one kind of list."""

    keys: tuple[str, ...]  # what a list shows of the story (``surrogate_keys.of_listing``)
    image: CardImage | None  # its lead photo as a share card shows it (relative address)
    # What the kind renders: HTML by name, or a feed entry's fields (``feeds``).
    rendered: dict[str, object] = field(default_factory=dict)


def _render(name: str, context: dict) -> SafeString:
    # The templates open with a comment line and end with a newline: the entry is what lies
    # between (it starts and ends with a tag).
    return mark_safe(get_template(name).render(context).strip())


# What an entry needs loaded on its story: the ``By`` line's people and the lead photo.
LIST_PARTS = (
    Prefetch(
        "bylines",
        queryset=Byline.objects.filter(role=Byline.Role.AUTHOR).select_related("person"),
        to_attr="author_bylines",
    ),
    Prefetch("photos", queryset=PhotoCaption.objects.filter(is_lead=True), to_attr="lead_photos"),
)
# A story in a list shows its photo lazily from this place on (below the fold).
EAGER_PHOTOS = 3
LEVELS = ("h2", "h3")


def _list_item(story: Article) -> dict[str, SafeString]:
    """``articles/_story_item.html`` for each heading level, photo eager or lazy."""
    return {
        f"{level}{' lazy' if lazy else ''}": _render(
            "articles/_story_item.html", {"story": story, "level": level, "lazy": lazy}
        )
        for level in LEVELS
        for lazy in (False, True)
    }


def _front_lead(story: Article) -> dict[str, SafeString]:
    return {"lead": _render("articles/_front_lead.html", {"story": story})}


def _search_result(story: Article) -> dict[str, SafeString]:
    context = {"story": story}
    return {
        "headline": _render("articles/_search_result_headline.html", context),
        "meta": _render("articles/_search_result_meta.html", context),
    }


def _related_story(story: Article) -> dict[str, SafeString]:
    return {"related": _render("articles/_related_story.html", {"story": story})}


@dataclass(frozen=True)
class Kind:
    """One kind of list entry: what it loads and how it is rendered."""

    name: str
    parts: tuple  # prefetches (an already loaded relation is not read again)
    render: Callable[[Article], dict[str, object]]
    with_image: bool = True  # the front's share card may show its lead photo
    # What a list shows of the story: the story, its authors, its notice (and the tags
    # that feeds print).
    keys: Callable[[Article], list[str]] = lambda story: surrogate_keys.of_listing([story])


ITEM = Kind("item", LIST_PARTS, _list_item)  # articles/_story_list.html
LEAD = Kind("lead", (*LIST_PARTS, "section"), _front_lead)  # the front's lead story
# A search result around its snippet: no photo.
RESULT = Kind("result", LIST_PARTS[:1], _search_result, with_image=False)
# A related story under a story page: its headline and date, nothing to load.
RELATED = Kind(
    "related",
    (),
    _related_story,
    with_image=False,
    keys=lambda story: [surrogate_keys.story(story.pk)],
)


_kept = Kept(MAX_ENTRIES)


def _rendering_context() -> tuple:
    """What entries print besides the story: language, time zone, addresses."""
    return (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        get_urlconf(),
        settings.MEDIA_URL,
        settings.STATIC_URL,
    )


def attach(stories: Iterable[Article], kind: Kind = ITEM) -> list[Entry]:
    """Give each story its entry (``story.list_entry``): kept, or rendered now.

    The stories need their ``render_stamp`` loaded (lists defer only the body); the parts
    of those without a kept entry are loaded here (``kind.parts``: two queries at most).
    """
    stories = list(stories)
    attach_each([(kind, stories)])
    return [story.list_entry for story in stories]


def attach_front(front) -> None:
    """The front's entries: its lead, and every other story as a list item."""
    lead = [front.lead] if front.lead else []
    others = [*front.pinned, *(s for block in front.blocks for s in block.stories), *front.latest]
    attach_each([(LEAD, lead), (ITEM, others)])


def attach_each(groups: Iterable[tuple[Kind, Iterable[Article]]]) -> None:
    """``attach`` for several lists at once: each part is loaded in one query for them all."""
    context = _rendering_context()
    missing = []
    for kind, stories in groups:
        for story in stories:
            entry = _kept.get((kind.name, story.pk, story.render_stamp, context))
            if entry is None:
                missing.append((kind, story))
            else:
                story.list_entry = entry
    needing: dict = {}  # a prefetch -> the stories that need it
    for kind, story in missing:
        for part in kind.parts:
            needing.setdefault(part, []).append(story)
    for part, stories in needing.items():
        prefetch_related_objects(stories, part)
    for kind, story in missing:
        story.list_entry = _entry(story, kind)
        _kept.put((kind.name, story.pk, story.render_stamp, context), story.list_entry)


def _entry(story: Article, kind: Kind) -> Entry:
    return Entry(
        keys=tuple(kind.keys(story)),
        image=photo_image(presentation.lead_photo(story), absolute=str)
        if kind.with_image
        else None,
        rendered=kind.render(story),
    )


def keys_of(stories: Iterable[Article]) -> list[str]:
    """The surrogate keys of the stories' attached entries."""
    return [key for story in stories for key in story.list_entry.keys]


def item_html(story: Article, level: str | None, position: int) -> SafeString:
    """The story's ``<li>`` in a list at ``position`` (from 1), with ``level`` headings."""
    entry = getattr(story, "list_entry", None)
    if entry is None or "h2" not in entry.rendered:
        entry = attach([story])[0]
    lazy = " lazy" if position > EAGER_PHOTOS else ""
    return entry.rendered[f"{level or 'h2'}{lazy}"]


def related_html(stories: list[Article]) -> SafeString:
    """The ``<li>`` of each related story, kept per change of it."""
    attach(stories, RELATED)
    return mark_safe("".join(story.list_entry.rendered["related"] for story in stories))


def forget_all() -> None:
    """Drop every kept entry (tests; a process's entries are otherwise dropped as it ends)."""
    _kept.clear()
