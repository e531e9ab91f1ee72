"""The reader site's URLs. Every URL is named; templates build links with {% url %}.

Feeds, sitemaps and ninjs go through ``public_page`` like the pages: revalidated on
every use (``no-cache`` + ETag), so a withdrawn story never lingers in a cache.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from ..photos import serving
from . import feeds, views
from .converters import TwoDigitConverter, YearConverter
from .ninjs_export import article_ninjs
from .sitemaps import SITEMAPS, news_sitemap, sitemap_index
from .views import public_page

app_name = "articles"
XML = "application/xml; charset=utf-8"  # say the charset, as the feeds do

register_converter(YearConverter, "yyyy")
register_converter(TwoDigitConverter, "dd")

urlpatterns = [
    path("", views.home, name="home"),
    path("latest/", views.latest, name="latest"),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path(
        "sections/<slug:slug>/feed/rss/",
        public_page(feeds.SectionFeed()),
        name="section-feed-rss",
    ),
    path(
        "sections/<slug:slug>/feed/atom/",
        public_page(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/ninjs.json",
        public_page(article_ninjs),
        name="ninjs",
    ),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("tags/<slug:slug>/feed/rss/", public_page(feeds.TagFeed()), name="tag-feed-rss"),
    path("tags/<slug:slug>/feed/atom/", public_page(feeds.TagAtomFeed()), name="tag-feed-atom"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("sources/<slug:slug>/feed/rss/", public_page(feeds.SourceFeed()), name="source-feed-rss"),
    path(
        "sources/<slug:slug>/feed/atom/",
        public_page(feeds.SourceAtomFeed()),
        name="source-feed-atom",
    ),
    path("feeds/rss/", public_page(feeds.LatestStoriesFeed()), name="feed-rss"),
    path("feeds/atom/", public_page(feeds.LatestStoriesAtomFeed()), name="feed-atom"),
    path(
        "sitemap.xml",
        public_page(sitemap_index),
        {
            "sitemaps": SITEMAPS,
            "sitemap_url_name": "articles:sitemap-section",
            "content_type": XML,
        },
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        # Django's template plus the image extension (``image:image`` for story photos).
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml", "content_type": XML},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", public_page(news_sitemap), name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("photos/original/<int:pk>/", serving.photo_original, name="photo_original"),
    path(
        "photos/<slug:key>/<str:filename>",
        serving.photo_rendition,
        name="photo_rendition",
    ),
]
