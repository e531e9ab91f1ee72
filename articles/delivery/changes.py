"""One map from "this row changed" to what it shows on.

For every kind of row the site keeps, one declaration says

- which stories' own pages print it (their ``render_stamp`` moves in the writer's
  transaction, so stored story parts are never used stale: ``articles.public.story_pages``);
- which surrogate keys name the pages and lists that show it (the page cache forgets them
  and the accelerators purge them after the commit: ``articles.delivery.tracking``).

The page cache, the render stamps and the purges all read this one map. A change that
touches nothing public evicts nothing: a draft's save names no key at all. A public story's
edit names the story (every list showing it carries ``story-<pk>``) and the lists it may
have joined; its membership of every list only when it appears, moves in time or changes
section or source. Keys are worked out in two steps: what the changed rows say, while
they change (no query), and the stories' state after the commit (one query, and five
more only for stories that joined lists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps as global_apps
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import models
from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from ..models import (
    Article,
    AuditEntry,
    Byline,
    Correction,
    FrontBlock,
    FrontPage,
    FrontPin,
    Job,
    Person,
    PhotoCaption,
    Quote,
    RenderedStory,
    Revision,
    RightsNotice,
    SearchDocument,
    Section,
    TaggedArticle,
)
from ..models.story import STATE_FIELDS
from . import surrogate_keys as keys

# The apps whose rows public pages show; rows of other apps (sessions, users, the
# scheduler's tables) change nothing readers see.
WATCHED_APPS = {"articles", "taggit", "flatpages", "sites"}

# What an Article row says about where it is shown: the loaded values of these fields are
# kept by ``Article.from_db`` so a save knows the story's state before it (no query).
STORY_STATE_FIELDS = tuple(sorted(STATE_FIELDS))
# A public story that changes one of these may have moved into other lists.
MEMBERSHIP_FIELDS = {"published_at", "slug", "source_slug", "section_id"}
# A published story that changes one of these appears or vanishes at another time.
CLOCK_FIELDS = ("status", "published_at", "embargo_until", "licence_expires_at")

Resolvable = str | tuple[str, int]  # a key, or ("tag" | "section", pk) named after the commit


@dataclass
class Touched:
    """What one transaction's changes touch, gathered while they happen."""

    keys: set[str] = field(default_factory=set)
    # Stories to look up after the commit: pk -> keys that count only while it is shown.
    stories: dict[int, set[Resolvable]] = field(default_factory=dict)
    # Stories that may have joined lists: every list key of theirs is purged.
    joined: set[int] = field(default_factory=set)
    # Keys to name after the commit from a row's id: ("tag", 3) -> "tag-harbour".
    named: set[tuple[str, int]] = field(default_factory=set)
    # A story's time to appear or vanish moved: the next boundary may come sooner.
    clock: bool = False

    def __bool__(self) -> bool:
        """Whether the change may touch a public page (then a purge job is recorded)."""
        return bool(self.keys or self.stories or self.named)

    def story(self, pk, *extra: Resolvable, joined: bool = False) -> None:
        self.stories.setdefault(pk, set()).update(extra)
        if joined:
            self.joined.add(pk)

    def merge(self, other: Touched) -> None:
        self.keys |= other.keys
        for pk, extra in other.stories.items():
            self.story(pk, *extra)
        self.joined |= other.joined
        self.named |= other.named
        self.clock = self.clock or other.clock


# -- where a story is shown ------------------------------------------------------------


def is_shown(state: dict, *, now: datetime | None = None) -> bool:
    """Whether readers can meet the story: public, or answering with its ``410 Gone``.

    A scheduled or embargoed story is not shown yet (the clock brings it in, see
    ``crossing``); a draft never is.
    """
    status = state["status"]
    if status == Article.Status.WITHDRAWN:
        return True
    if status != Article.Status.PUBLISHED or state["published_at"] is None:
        return False
    now = now or timezone.now()
    embargo = state["embargo_until"]
    return state["published_at"] <= now and (embargo is None or embargo <= now)


def story_state(article: Article) -> dict:
    return {name: getattr(article, name) for name in STORY_STATE_FIELDS}


def _article_change(article: Article, change: str) -> Touched:
    touched = Touched()
    after = story_state(article)
    if change == "deleted":
        touched.keys |= {keys.story(article.pk), keys.address(article.slug)}
        return touched
    before = None if change == "created" else getattr(article, "_loaded_state", None)
    if before is None:
        touched.clock = after["status"] == Article.Status.PUBLISHED
    else:
        touched.clock = any(before[name] != after[name] for name in CLOCK_FIELDS)
    shown_after = is_shown(after)
    # A row loaded some other way (built by hand with a pk): assume it was shown.
    shown_before = False if change == "created" else (before is None or is_shown(before))
    if not (shown_before or shown_after):
        return touched  # a draft, scheduled or embargoed story: no reader sees it
    moved = before is None or any(before[name] != after[name] for name in MEMBERSHIP_FIELDS)
    joined = shown_after and (not shown_before or moved)
    touched.story(article.pk, keys.SEARCH, keys.SITEMAPS, joined=joined)
    if before is not None:  # the lists and addresses it left
        if before["slug"] != after["slug"]:
            touched.keys.add(keys.address(before["slug"]))  # the old address's 301, ninjs
        if before["source_slug"] != after["source_slug"]:
            touched.keys.add(keys.source(before["source_slug"]))
        if before["section_id"] != after["section_id"] and before["section_id"]:
            touched.named.add(("section", before["section_id"]))
    return touched


# -- the parts of a story ------------------------------------------------------------


def _shown_story_of(part) -> bool:
    """False only when the part's story is loaded and is not shown (no query)."""
    article_field = type(part)._meta.get_field("article")
    if not article_field.is_cached(part):
        return True
    article = article_field.get_cached_value(part)
    return article is None or is_shown(story_state(article))


@dataclass(frozen=True)
class Part:
    """A row of one story (byline, quote, photo ...): shown on its story's page and lists.

    ``people``: the fields naming a person whose page lists the story; ``lists``: the lists
    the story joins through this row.
    """

    people: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    story_field: str = "article_id"

    def touched(self, row, change: str) -> Touched:
        touched = Touched()
        story = getattr(row, self.story_field)
        if story is None or (change != "deleted" and not _shown_story_of(row)):
            return touched
        extra = {keys.person(getattr(row, name)) for name in self.people if getattr(row, name)}
        touched.story(story, *extra, *self.lists, keys.SITEMAPS, keys.SEARCH)
        return touched


PARTS: dict[type[models.Model], Part] = {
    Byline: Part(people=("person_id",)),
    Quote: Part(people=("speaker_id",)),
    PhotoCaption: Part(people=("photographer_id",)),
    Correction: Part(lists=(keys.CORRECTIONS, keys.FEED)),
}


def _tagged(row: TaggedArticle, change: str) -> Touched:
    touched = Touched()
    touched.story(row.content_object_id, ("tag", row.tag_id))
    return touched


# -- rows many stories share ------------------------------------------------------------


def _stories_of_person(pk) -> models.QuerySet:
    return Article.objects.filter(
        Q(pk__in=Byline.objects.filter(person_id=pk).values("article_id"))
        | Q(pk__in=Quote.objects.filter(speaker_id=pk).values("article_id"))
        | Q(pk__in=PhotoCaption.objects.filter(photographer_id=pk).values("article_id"))
    )


def _stories_of_tag(pk) -> models.QuerySet:
    return Article.objects.filter(
        pk__in=TaggedArticle.objects.filter(tag_id=pk).values("content_object_id")
    )


def _notice_keys(row: RightsNotice, before) -> set[str]:
    if _limits_moved(row, before):
        return {keys.ALL}  # stories leave or come back everywhere at once
    return {keys.notice(row.pk)}


def _limits_moved(row: RightsNotice, before) -> bool:
    """The notice's display limits changed: its stories' licence expiry moved with them."""
    limits = ("display_days", "display_until")
    return before is not None and any(getattr(before, f) != getattr(row, f) for f in limits)


def _old_and_new(key: Callable[[str], str], field_name: str):
    def named(row, before) -> set[str]:
        found = {key(getattr(row, field_name))}
        if before is not None:
            found.add(key(getattr(before, field_name)))
        return found

    return named


@dataclass(frozen=True)
class Shared:
    """A row that many pages show: the stories printing it and the keys naming it.

    ``needs_before``: its old values decide the keys (a slug that changed names both the
    old and the new address).
    """

    stories: Callable[[object], models.QuerySet] | None
    keys: Callable[[object, object | None], set[str]]
    needs_before: bool = False


SHARED: dict[type[models.Model], Shared] = {
    Person: Shared(_stories_of_person, lambda row, before: {keys.person(row.pk)}),
    Tag: Shared(_stories_of_tag, _old_and_new(keys.tag, "slug"), needs_before=True),
    RightsNotice: Shared(
        lambda pk: Article.objects.filter(rights_notice_id=pk), _notice_keys, needs_before=True
    ),
    Section: Shared(
        lambda pk: Article.objects.filter(section_id=pk),
        lambda row, before: _old_and_new(keys.section, "slug")(row, before) | {keys.NAV},
        needs_before=True,
    ),
    FrontPage: Shared(None, lambda row, before: {keys.FRONT}),
    FrontPin: Shared(None, lambda row, before: {keys.FRONT}),
    FrontBlock: Shared(None, lambda row, before: {keys.FRONT}),
    FlatPage: Shared(None, lambda row, before: {keys.flatpage(row.pk)}),
}

# Rows no public output shows: the desk's records, derived data, rows of unused apps.
NOWHERE: set[type[models.Model]] = {
    AuditEntry,
    Revision,
    Job,
    RenderedStory,  # derived: written by readers' visits
    SearchDocument,  # derived: written by the database
    Site,  # flatpages needs one; pages name the host of the request
    TaggedItem,  # taggit's generic table: stories are tagged through TaggedArticle
}


def is_watched(model) -> bool:
    """A model of a watched app (not a migration's historical copy of one)."""
    meta = getattr(model, "_meta", None)
    return (
        meta is not None
        and meta.apps is global_apps
        and meta.app_label in WATCHED_APPS
        and model not in NOWHERE
    )


def needs_before(model) -> bool:
    shared = SHARED.get(model)
    return shared is not None and shared.needs_before


# -- what a change touches ----------------------------------------------------------------


def touched_by(row, change: str, *, before=None) -> Touched:
    """What one row's change (``created``, ``changed``, ``deleted``) touches.

    A shared row just created is on no page yet, but for a section: every page's header
    lists the active ones. A model of a watched app that this map does not know purges
    everything (a test keeps the map complete).
    """
    model = type(row)
    if model is Article:
        return _article_change(row, change)
    if model in PARTS:
        return PARTS[model].touched(row, change)
    if model is TaggedArticle:
        return _tagged(row, change)
    shared = SHARED.get(model)
    if shared is not None:
        if change == "created" and shared.stories is not None:
            return Touched(keys={keys.NAV}) if model is Section else Touched()
        clock = model is RightsNotice and _limits_moved(row, before)
        return Touched(keys=shared.keys(row, before), clock=clock)
    return Touched(keys={keys.ALL})


def stories_printing(row) -> models.QuerySet | list[int] | None:
    """The stories whose own page prints ``row``: ``None`` when no story page does."""
    model = type(row)
    if model is Article:
        return [row.pk]
    if model is TaggedArticle:
        return [row.content_object_id]
    if model in PARTS:
        return [row.article_id]
    shared = SHARED.get(model)
    if shared is not None and shared.stories is not None:
        return shared.stories(row.pk)
    return None


def relation_touched(instance, model, pk_set: Iterable[int]) -> Touched:
    """A many-to-many change: a story's tags or secondary sections, a page's sites."""
    touched = Touched()
    pks = set(pk_set or ())
    if isinstance(instance, Article):
        kind = "tag" if model is Tag else "section" if model is Section else None
        if is_shown(story_state(instance)):
            touched.story(instance.pk, *((kind, pk) for pk in pks if kind))
    elif model is Article:
        kind = "tag" if isinstance(instance, Tag) else "section"
        for pk in pks:
            touched.story(pk, (kind, instance.pk))
    elif isinstance(instance, FlatPage):
        touched.keys.add(keys.flatpage(instance.pk))
    return touched


# -- after the commit: the keys ----------------------------------------------------------------


def resolve(touched: Touched, *, now: datetime | None = None) -> set[str]:
    """The surrogate keys ``touched`` names, from the stories' state after the commit."""
    found = set(touched.keys)
    named = set(touched.named)
    if touched.stories:
        rows = Article.objects.filter(pk__in=list(touched.stories)).values(
            "pk", *STORY_STATE_FIELDS
        )
        states = {row["pk"]: row for row in rows}
        joined = []
        for pk, extra in touched.stories.items():
            state = states.get(pk)
            if state is None:  # deleted meanwhile: its pages carry its key
                found.add(keys.story(pk))
                continue
            if not is_shown(state, now=now):
                continue
            found |= {keys.story(pk), keys.address(state["slug"])}
            found |= {key for key in extra if isinstance(key, str)}
            named |= {key for key in extra if isinstance(key, tuple)}
            if pk in touched.joined:
                joined.append(state)
        found |= _lists_of(joined)
    found |= _named(named)
    return found


def _lists_of(states: list[dict]) -> set[str]:
    """Every list the stories are on: site lists, source, sections, tags, people."""
    if not states:
        return set()
    pks = [state["pk"] for state in states]
    found = set(keys.SITE_LISTS)
    found |= {keys.source(state["source_slug"]) for state in states}
    section_ids = {state["section_id"] for state in states if state["section_id"]}
    secondary = Article.secondary_sections.through.objects.filter(article_id__in=pks)
    section_ids |= set(secondary.values_list("section_id", flat=True))
    found |= {
        keys.section(slug)
        for slug in Section.objects.filter(pk__in=section_ids).values_list("slug", flat=True)
    }
    tags = Tag.objects.filter(
        pk__in=TaggedArticle.objects.filter(content_object_id__in=pks).values("tag_id")
    )
    found |= {keys.tag(slug) for slug in tags.values_list("slug", flat=True)}
    people = (
        set(Byline.objects.filter(article_id__in=pks).values_list("person_id", flat=True))
        | set(Quote.objects.filter(article_id__in=pks).values_list("speaker_id", flat=True))
        | set(
            PhotoCaption.objects.filter(article_id__in=pks, photographer__isnull=False).values_list(
                "photographer_id", flat=True
            )
        )
    )
    found |= {keys.person(pk) for pk in people}
    return found


def _named(named: set[tuple[str, int]]) -> set[str]:
    found = set()
    tag_ids = [pk for kind, pk in named if kind == "tag"]
    if tag_ids:
        slugs = Tag.objects.filter(pk__in=tag_ids).values_list("slug", flat=True)
        found |= {keys.tag(slug) for slug in slugs}
    section_ids = [pk for kind, pk in named if kind == "section"]
    if section_ids:
        slugs = Section.objects.filter(pk__in=section_ids).values_list("slug", flat=True)
        found |= {keys.section(slug) for slug in slugs}
    return found


# -- the clock ----------------------------------------------------------------------------------

# Fields of a published story whose time makes it appear or vanish with no write at all.
BOUNDARY_FIELDS = ("published_at", "embargo_until", "licence_expires_at")


def crossing(since: datetime, until: datetime) -> set[str]:
    """The keys of the stories that appeared or vanished by the clock in ``(since, until]``."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    touched = Touched()
    for name in BOUNDARY_FIELDS:  # one indexed range each
        window = {f"{name}__gt": since, f"{name}__lte": until}
        for pk in published.filter(**window).values_list("pk", flat=True):
            touched.story(pk, joined=True)
            touched.keys.add(keys.story(pk))  # an expired story's pages go too
    return resolve(touched, now=until) if touched else set()


def next_boundary(*, now: datetime) -> datetime | None:
    """The earliest future time at which a published story appears or disappears."""
    published = Article.objects.filter(status=Article.Status.PUBLISHED)
    candidates = []
    for name in BOUNDARY_FIELDS:
        upcoming = published.filter(**{f"{name}__gt": now}).order_by(name)
        first = upcoming.values_list(name, flat=True).first()
        if first is not None:
            candidates.append(first)
    return min(candidates, default=None)
