"""Reads for the reader site: every list starts from ``Article.objects.published()``.

Views, feeds and sitemaps call these so that what a reader may see is decided
in one place. Each returns a lazy QuerySet with a fixed number of queries
(one, plus the prefetches the caller asks for), whatever the archive's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from taggit.models import Tag

from ..models import (
    Article,
    Byline,
    Correction,
    Person,
    PhotoCaption,
    Quote,
    Section,
    TaggedArticle,
)
from . import full_text_search

# Newest first, with the primary key breaking ties so keyset pages never skip a story.
NEWEST_FIRST = ("-published_at", "-pk")


def public_stories() -> QuerySet[Article]:
    """Published stories for a list: newest first, body left in the database."""
    return Article.objects.published().order_by(*NEWEST_FIRST)


def listed(stories: QuerySet[Article]) -> QuerySet[Article]:
    """A list's loading strategy: the stories without their body text; their entries are
    kept, and the parts of those to render are loaded then (``list_entries.attach``)."""
    return stories.defer("body", "body_html")


# What the story page's frame reads of the story; the rest is in its stored parts.
STORY_FRAME_FIELDS = (
    "slug",
    "headline",
    "status",
    "published_at",
    "created_at",
    "embargo_until",
    "source_slug",
    "render_stamp",
    *(f"rendered__{name}" for name in ("stamp", "key", "head", "top", "bottom", "data")),
)


def story_page(*, public_only: bool = True) -> QuerySet[Article]:
    """A story page's one row: the few fields the frame shows and the stored page parts.

    The story's other fields and parts (bylines, quotes ...) are loaded only when the
    stored parts are out of date (``articles.public.story_pages``).
    """
    stories = Article.objects.published() if public_only else Article.objects.all()
    return stories.select_related("rendered").only(*STORY_FRAME_FIELDS)


@dataclass(frozen=True)
class Gone:
    """A story readers could once see and no longer may: it answers 410, and says why."""

    article: Article
    reason: str  # WITHDRAWN or EXPIRED

    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"

    @property
    def is_withdrawn(self) -> bool:
        return self.reason == self.WITHDRAWN

    @property
    def is_expired(self) -> bool:
        return self.reason == self.EXPIRED


def gone_story(*, slug: str, now=None) -> Gone | None:
    """Why a story readers could once see is gone (withdrawn, or its licence expired); ``None``
    if it never was public.

    Only ``article_withdraw`` (or the admin form) taking a *public* story off the site
    records ``withdrawn_at``. A story withdrawn while it was a draft (a killed wire
    draft keeps the agency's date as its publication time), scheduled or embargoed
    never was public, so it answers 404 like any unknown address. Likewise a licence
    that ended before the story's publication or embargo lifted: never seen, a 404.
    """
    now = now or timezone.now()
    story = (
        Article.objects.filter(slug=slug, published_at__isnull=False)
        .filter(
            Q(status=Article.Status.WITHDRAWN, withdrawn_at__isnull=False)
            | Q(status=Article.Status.PUBLISHED, licence_expires_at__lte=now)
        )
        .only(
            "slug",
            "headline",
            "status",
            "withdrawal_reason",
            "withdrawn_at",
            "published_at",
            "embargo_until",
            "licence_expires_at",
        )
        .first()
    )
    if story is None:
        return None
    went_public = max(story.published_at, story.embargo_until or story.published_at)
    if story.status == Article.Status.WITHDRAWN:
        return Gone(story, Gone.WITHDRAWN) if went_public <= story.withdrawn_at else None
    return Gone(story, Gone.EXPIRED) if went_public < story.licence_expires_at else None


def related_stories(article: Article, *, tag_ids=None, limit: int = 5) -> QuerySet[Article]:
    """Newest public stories sharing a tag with ``article`` (the same source when untagged).

    Uses ``tag_ids`` (kept with the story page's parts) or the tags already prefetched on
    ``article``, so it is always exactly one query.
    """
    if tag_ids is None:
        tag_ids = [tag.pk for tag in article.tags.all()]
    stories = Article.objects.published().exclude(pk=article.pk)
    if tag_ids:
        tagged = TaggedArticle.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        stories = stories.filter(pk__in=tagged)
    else:
        stories = stories.filter(source_slug=article.source_slug)
    return stories.order_by(*NEWEST_FIRST).only(
        "slug", "headline", "published_at", "created_at", "source", "render_stamp"
    )[:limit]


# Lists walked along a part's copy of the publication time page by this annotation.
LISTED_AT = "listed_at"


def tag_stories(tag: Tag) -> QuerySet[Article]:
    """Public stories with the tag, newest first, walked along ``tagged_article_tag_pub_idx``
    (the tag's copy of each story's ``published_at``): a range scan of the tag's rows, not
    a walk through every public story until enough carry the tag. Page with ``LISTED_AT``.
    """
    now = timezone.now()
    return (
        Article.objects.published(now=now)
        .filter(tagged_items__tag=tag)
        .annotate(**{LISTED_AT: F("tagged_items__published_at")})
        .filter(**{f"{LISTED_AT}__lte": now})  # the copy's bound: skips scheduled stories
        .order_by(f"-{LISTED_AT}", "-pk")
    )


def source_stories(source_slug: str) -> QuerySet[Article]:
    return public_stories().filter(source_slug=source_slug)


def section_stories(section: Section) -> QuerySet[Article]:
    """Stories whose primary section it is, or that the editors also put in it."""
    secondary = Article.secondary_sections.through.objects.filter(section=section)
    return public_stories().filter(Q(section=section) | Q(pk__in=secondary.values("article_id")))


def active_sections() -> QuerySet[Section]:
    return Section.objects.active().order_by("position", "name", "pk")


def newest_by_section(
    section_ids: list[int], *, per_section: int, exclude: set[int] = frozenset()
) -> QuerySet[Article]:
    """The newest public stories of each section (primary section), ``per_section`` each.

    One query whatever the number of sections: ``ROW_NUMBER() OVER (PARTITION BY
    section ORDER BY published_at DESC)`` numbers each section's stories, and the filter
    on that number keeps the top of each.
    """
    ranked = (
        public_stories()
        .filter(section_id__in=section_ids)
        .exclude(pk__in=list(exclude))
        .annotate(
            rank_in_section=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
    )
    return ranked.filter(rank_in_section__lte=per_section).order_by("section_id", "rank_in_section")


def person_stories(person: Person) -> QuerySet[Article]:
    """Stories they wrote (any byline role) or shot (a photo shown with the story), newest
    first; page with ``LISTED_AT``.

    When every story they shot also carries their byline (one query asks), the list walks
    their bylines along ``byline_person_pub_idx`` (the byline's copy of ``published_at``),
    one row a story (their first byline on it); otherwise every public story is checked.
    """
    shot = PhotoCaption.objects.filter(photographer=person).exclude(image="")
    if shot.exclude(article__bylines__person=person).exists():
        bylined = Byline.objects.filter(person=person).values("article_id")
        return (
            public_stories()
            .filter(Q(pk__in=bylined) | Q(pk__in=shot.values("article_id")))
            .annotate(**{LISTED_AT: F("published_at")})
        )
    now = timezone.now()
    earlier_byline = Byline.objects.filter(
        article=OuterRef("pk"), person=person, pk__lt=OuterRef("listed_byline")
    )
    return (
        Article.objects.published(now=now)
        .filter(bylines__person=person)
        .annotate(listed_byline=F("bylines__pk"), **{LISTED_AT: F("bylines__published_at")})
        .filter(~Exists(earlier_byline))  # two roles on one story: listed once
        .filter(**{f"{LISTED_AT}__lte": now})
        .order_by(f"-{LISTED_AT}", "-pk")
    )


def person_quotes(person: Person, *, limit: int = 20) -> QuerySet[Quote]:
    """Their latest quotes, from public stories only, with the story for the link."""
    return (
        Quote.objects.filter(speaker=person, article__in=Article.objects.published())
        .select_related("article")
        .defer("article__body", "article__body_html")
        .order_by("-article__published_at", "-article_id", "position", "pk")[:limit]
    )


def search_stories(query: str, *, page: int = 1) -> full_text_search.SearchResults:
    """Public stories matching ``query``, best first (full-text on PostgreSQL, see ``search``)."""
    return full_text_search.search(Article.objects.published(), query, page=page)


def public_tags() -> QuerySet[Tag]:
    """Tags carried by at least one public story (a tag only drafts use stays unknown)."""
    return Tag.objects.filter(Exists(Article.objects.published().filter(tags=OuterRef("pk"))))


def public_people() -> QuerySet[Person]:
    """People who appear in a public story: bylined, quoted or credited for a shown photo.

    Each person is checked with "their first byline (else quote, else photo) in a public
    story": an index probe that stops at the first hit. ``Exists(...) | Exists(...)``
    reads the same, but PostgreSQL turns it into hashed subplans that join every byline,
    quote and photo to every public story (0.7 s at 100,000 stories, 30 ms this way).
    """
    public = Article.objects.published().values("pk")

    def first_public(parts: QuerySet, person_field: str) -> Subquery:
        found = parts.filter(**{person_field: OuterRef("pk")}, article__in=public)
        return Subquery(found.order_by().values("pk")[:1])

    return Person.objects.alias(
        first_public_part=Coalesce(
            first_public(Byline.objects.all(), "person"),
            first_public(Quote.objects.all(), "speaker"),
            first_public(PhotoCaption.objects.exclude(image=""), "photographer"),
        )
    ).filter(first_public_part__isnull=False)


def public_corrections() -> QuerySet[Correction]:
    """Corrections to public stories, newest first, with what a link to the story needs.

    Updates stay on their stories: this list is of what the newsroom got wrong.
    """
    return (
        Correction.objects.filter(
            kind=Correction.Kind.CORRECTION, article__in=Article.objects.published()
        )
        .select_related("article")
        .only(
            "kind",
            "text",
            "created_at",
            "article__headline",
            "article__slug",
            "article__published_at",
            "article__created_at",
        )
        .order_by("-created_at", "-pk")
    )
