"""Sitemaps: stories, tags, people and the fronts; and a Google News sitemap.

All start from the public querysets in ``selectors``, so a draft, scheduled,
embargoed or withdrawn story (and a tag or person known only from one) is never
listed. Each section is ordered on an index so its pages stay cheap.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import selectors

NEWS_WINDOW = timedelta(days=2)  # Google News takes stories from the last two days
NEWS_LIMIT = 1000  # and at most 1,000 of them per sitemap


class ArticleSitemap(Sitemap):
    limit = 5000  # small pages: each one is a single indexed range of the archive

    def items(self):
        return selectors.public_stories().only("slug", "published_at", "revised_at", "created_at")

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        # The default walks every item in Python; one aggregate query does it.
        latest = Max(Coalesce("revised_at", "published_at"))
        return selectors.public_stories().aggregate(latest=latest)["latest"]


class TagSitemap(Sitemap):
    def items(self):
        return selectors.public_tags().order_by("name", "pk")

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item.slug})


class PersonSitemap(Sitemap):
    def items(self):
        return selectors.public_people().order_by("name", "pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return selectors.public_people().aggregate(latest=Max("updated_at"))["latest"]


class FrontSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return ["articles:home"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "people": PersonSitemap,
    "fronts": FrontSitemap,
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
    return render(request, "sitemaps/news.xml", context, content_type="application/xml")
