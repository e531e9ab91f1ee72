"""The home page as the editors arranged it: a lead, pinned stories, section blocks.

``home_front()`` reads the arrangement (``models.fronts``) and fills it with
public stories only: every story comes from ``Article.objects.published()``, so
a pinned story that is a draft, scheduled, embargoed, withdrawn or expired is
skipped without a word. A story shown higher on the page is never repeated
lower down. The number of queries is fixed whatever the number of blocks: one
query for the pinned stories, one (a window function) for every block's fill,
one for the latest list; then the authors and lead photos of the stories whose list
entries are not kept yet (``list_entries``), two queries for them all.

With no arrangement saved, the newest public story leads and every active
section gets a block of ``DEFAULT_BLOCK_SIZE``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..models import Article, FrontBlock, FrontPage, FrontPin, Section
from . import selectors

DEFAULT_BLOCK_SIZE = 4
LATEST_LENGTH = 10  # the "Latest" list under the blocks, then a link to /latest/


@dataclass
class SectionBlock:
    section: Section
    stories: list[Article] = field(default_factory=list)


@dataclass
class Front:
    lead: Article | None = None
    pinned: list[Article] = field(default_factory=list)
    blocks: list[SectionBlock] = field(default_factory=list)
    latest: list[Article] = field(default_factory=list)

    def every_story(self) -> list[Article]:
        """Every story the front shows, top to bottom (for its cache keys)."""
        lead = [self.lead] if self.lead else []
        blocks = [story for block in self.blocks for story in block.stories]
        return [*lead, *self.pinned, *blocks, *self.latest]

    @property
    def is_empty(self) -> bool:
        return self.lead is None


@dataclass(frozen=True)
class _Plan:
    """What the editors asked for, as ids: nothing here has been checked against published()."""

    lead_id: int | None
    top_pin_ids: list[int]
    blocks: list[tuple[Section, int]]  # (section, size) in page order
    block_pin_ids: dict[int, list[int]]  # section id -> pinned story ids, in order


def _saved_plan() -> _Plan | None:
    """The saved arrangement in three queries (front, blocks with sections, pins)."""
    front = (
        FrontPage.objects.prefetch_related(
            Prefetch(
                "blocks",
                queryset=FrontBlock.objects.filter(section__is_active=True).select_related(
                    "section"
                ),
            ),
            Prefetch(
                "pins", queryset=FrontPin.objects.only("article_id", "section_id", "front_id")
            ),
        )
        .order_by("pk")
        .first()
    )
    if front is None:
        return None
    top, in_blocks = [], {}
    for pin in front.pins.all():
        (in_blocks.setdefault(pin.section_id, []) if pin.section_id else top).append(pin.article_id)
    blocks = [(block.section, block.size) for block in front.blocks.all()]
    return _Plan(front.lead_id, top, blocks, in_blocks)


def _default_plan() -> _Plan:
    sections = selectors.active_sections()
    return _Plan(None, [], [(section, DEFAULT_BLOCK_SIZE) for section in sections], {})


def home_front() -> Front:
    """The home page's stories, public ones only, each once."""
    plan = _saved_plan() or _default_plan()
    block_section_ids = {section.pk for section, _size in plan.blocks}
    pinned_ids = [
        *([plan.lead_id] if plan.lead_id else []),
        *plan.top_pin_ids,
        *(pk for sid, ids in plan.block_pin_ids.items() if sid in block_section_ids for pk in ids),
    ]
    public = {}
    if pinned_ids:
        public = {
            story.pk: story
            for story in selectors.listed(
                selectors.public_stories().filter(pk__in=pinned_ids).select_related("section")
            )
        }
    shown: set[int] = set()

    def take(pk: int | None) -> Article | None:
        story = public.get(pk)
        if story is None or pk in shown:
            return None
        shown.add(pk)
        return story

    front = Front(lead=take(plan.lead_id))
    front.pinned = [story for story in map(take, plan.top_pin_ids) if story]
    blocks = []
    for section, size in plan.blocks:
        pins = [story for story in map(take, plan.block_pin_ids.get(section.pk, [])) if story]
        blocks.append((SectionBlock(section, pins[:size]), size))

    if front.lead is None:
        # Nothing (public) chosen to lead: the newest public story not pinned elsewhere.
        newest = selectors.listed(
            selectors.public_stories().exclude(pk__in=list(shown)).select_related("section")
        )[:1]
        front.lead = next(iter(newest), None)
        if front.lead is not None:
            shown.add(front.lead.pk)

    wanted = max((size - len(block.stories) for block, size in blocks), default=0)
    if wanted > 0:
        fill = selectors.listed(
            selectors.newest_by_section(
                [block.section.pk for block, size in blocks if size > len(block.stories)],
                per_section=wanted,
                exclude=shown,
            )
        )
        by_section: dict[int, list[Article]] = {}
        for story in fill:
            by_section.setdefault(story.section_id, []).append(story)
        for block, size in blocks:
            for story in by_section.get(block.section.pk, []):
                if len(block.stories) >= size:
                    break
                if story.pk not in shown:
                    shown.add(story.pk)
                    block.stories.append(story)
    front.blocks = [block for block, _size in blocks if block.stories]

    latest = selectors.listed(selectors.public_stories().exclude(pk__in=list(shown)))
    front.latest = list(latest[:LATEST_LENGTH])
    return front
