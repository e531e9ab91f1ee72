"""Sitemaps: stories, tags, people, the fronts and section fronts; and a Google News sitemap.

All start from the public querysets in ``selectors``, so a draft, scheduled,
embargoed or withdrawn story (and a tag or person known only from one) is never
listed. Each section is ordered on an index so its pages stay cheap.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Max, Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from ..models import Article, PhotoCaption
from . import selectors
from .share_cards import photo_url

NEWS_WINDOW = timedelta(days=2)  # Google News takes stories from the last two days
NEWS_LIMIT = 1000  # and at most 1,000 of them per sitemap


class IdRangePaginator:
    """Sitemap pages by primary-key range: page n lists the public stories with an id in
    ``((n - 1) * limit, n * limit]``.

    Django's paginator counts every public story and reads page n with ``OFFSET``: the
    last page of 100,000 stories walks and sorts the whole table. A range of ids is one
    index range scan whatever the page, a story stays in the same file for good (so a
    crawler's copy of the other files stays valid), and a file never holds more than
    ``limit`` URLs. Ids that are drafts or deleted leave a file shorter, never longer.
    """

    def __init__(self, stories, per_page: int):
        self.stories = stories
        self.per_page = per_page

    @cached_property
    def num_pages(self) -> int:
        highest = Article.objects.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, -(-highest // self.per_page))

    @property
    def page_range(self) -> range:
        return range(1, self.num_pages + 1)

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer.") from error
        if not 1 <= number <= self.num_pages:
            raise EmptyPage("That page contains no results.")
        first = (number - 1) * self.per_page
        stories = self.stories.filter(pk__gt=first, pk__lte=first + self.per_page).order_by("pk")
        return Page(stories, number, self)


class ArticleSitemap(Sitemap):
    # The protocol allows 50,000 URLs a file, but rendering costs ~0.1 ms of Python per URL:
    # 50,000 would take five seconds a file. A thousand ids a file answer in ~0.1 s whatever
    # the archive's size (the index simply lists more files: up to 50,000 of them).
    limit = 1000

    def items(self):
        shown = PhotoCaption.objects.exclude(image="").order_by("-is_lead", "position", "pk")
        return (
            selectors.public_stories()
            .only("slug", "published_at", "revised_at", "created_at")
            .prefetch_related(Prefetch("photos", queryset=shown, to_attr="shown_photos"))
        )

    def get_urls(self, page=1, site=None, protocol=None):
        """Each story's photos as ``image:image`` entries (Google's image extension)."""
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["images"] = [
                urljoin(url["location"], photo_url(photo)) for photo in url["item"].shown_photos
            ]
        return urls

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        """The newest ``modified_at`` (last correction, else publication) of a public story.

        Two plain maxima, not ``MAX(COALESCE(revised_at, published_at))``: PostgreSQL reads
        each from the end of its index (``article_revised_idx``, the desk order's
        ``published_at``) where the expression scans every story. A correction always
        follows publication, so the larger of the two is the same answer."""
        latest = selectors.public_stories().aggregate(
            revised=Max("revised_at"), published=Max("published_at")
        )
        return max((value for value in latest.values() if value is not None), default=None)


class OmittedWhenEmpty(Sitemap):
    """A section with nothing public is left out of the index (and answers 404): the
    protocol's ``<urlset>`` must hold at least one ``<url>``."""

    @cached_property
    def paginator(self):
        return Paginator(self._items(), self.limit, allow_empty_first_page=False)


def sitemap_index(request, sitemaps, **kwargs):
    """Django's index of the sections, without the empty ones. Fresh instances per request,
    so each section's count is taken once (here and by the index)."""
    sections = {name: section() for name, section in sitemaps.items()}
    shown = {
        name: section
        for name, section in sections.items()
        if not isinstance(section, OmittedWhenEmpty) or section.paginator.count
    }
    return sitemap_views.index(request, shown, **kwargs)


class TagSitemap(OmittedWhenEmpty):
    def items(self):
        return selectors.public_tags().order_by("name", "pk")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PersonSitemap(OmittedWhenEmpty):
    limit = 1000  # the same bounded cost a file as the stories'

    def items(self):
        return selectors.public_people().order_by("name", "pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    @cached_property
    def _public_people(self) -> dict:
        """How many public people and their latest change, in one pass: each person costs
        a probe for a public byline, quote or photo (1,250 of them at 100,000 stories),
        and the index needs both (a count for its pages, a date)."""
        return selectors.public_people().aggregate(count=Count("pk"), latest=Max("updated_at"))

    @cached_property
    def paginator(self):
        paginator = Paginator(self._items(), self.limit, allow_empty_first_page=False)
        paginator.count = self._public_people["count"]  # a cached_property: not counted again
        return paginator

    def get_latest_lastmod(self):
        return self._public_people["latest"]


class SourceSitemap(OmittedWhenEmpty):
    """The fronts of the agencies and partners whose stories are public."""

    def items(self):
        """Each source once, by skipping along the ``source_slug`` index: one short probe
        a source ("the first public story after the last source found"), where
        ``DISTINCT`` reads every story (50 ms at 100,000 stories, for three sources)."""
        public = Article.objects.published().order_by("source_slug")
        found = []
        while slug := (
            public.filter(source_slug__gt=found[-1] if found else "")
            .values_list("source_slug", flat=True)
            .first()
        ):
            found.append(slug)
        return found

    def location(self, item):
        return reverse("articles:source", kwargs={"slug": item})


class FrontSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


class SectionSitemap(OmittedWhenEmpty):
    """The front of every active section (a handful of rows: no pagination needed)."""

    changefreq = "hourly"

    def items(self):
        return selectors.active_sections().only("slug")


SITEMAPS = {
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "people": PersonSitemap,
    "sources": SourceSitemap,
    "fronts": FrontSitemap,
    "sections": SectionSitemap,
}


def news_language() -> str:
    """ISO 639 as Google News wants it: ``en``; Chinese keeps its script (``zh-cn``)."""
    code = settings.LANGUAGE_CODE.lower()
    return code if code in {"zh-cn", "zh-tw"} else code.split("-")[0]


@require_safe
def news_sitemap(request):
    """The Google News sitemap: public stories of the last two days, newest first.

    Google's rules: list only stories *published* in the last two days, and give the
    time of first publication as ``publication_date``. So a correction neither brings
    back an older story nor changes that date; a story still in the window gets the
    sitemap protocol's ``<lastmod>`` (its last correction or update) and Google
    recrawls it. An older story's change reaches Google through ``sitemap-articles``.
    """
    since = timezone.now() - NEWS_WINDOW
    stories = (
        selectors.public_stories()
        .filter(published_at__gte=since)
        .only("slug", "headline", "published_at", "revised_at", "created_at")[:NEWS_LIMIT]
    )
    context = {
        "stories": stories,
        "base_url": f"{request.scheme}://{request.get_host()}",
        "language": news_language(),
    }
    return render(
        request, "sitemaps/news.xml", context, content_type="application/xml; charset=utf-8"
    )
