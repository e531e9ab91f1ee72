"""The reader site's URLs. Every URL is named; templates build links with {% url %}."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from . import feeds, views
from .converters import TwoDigitConverter, YearConverter
from .sitemaps import SITEMAPS, news_sitemap
from .wire.export import article_ninjs

app_name = "articles"

register_converter(YearConverter, "yyyy")
register_converter(TwoDigitConverter, "dd")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    path("<yyyy:year>/<dd:month>/<dd:day>/<slug:slug>/ninjs.json", article_ninjs, name="ninjs"),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("search/", views.search, name="search"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("tags/<slug:slug>/feed/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("sources/<slug:slug>/feed/rss/", feeds.SourceFeed(), name="source-feed-rss"),
    path("sources/<slug:slug>/feed/atom/", feeds.SourceAtomFeed(), name="source-feed-atom"),
    path("feeds/rss/", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("news-sitemap.xml", news_sitemap, name="news-sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
