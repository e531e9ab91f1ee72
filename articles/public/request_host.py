"""Feeds and sitemaps name the host the request came to, as before the sites framework.

``django.contrib.sites`` is installed only because flatpages needs it. Once it is,
Django's syndication and sitemap views build every absolute URL from the stored Site
row ("example.com" until someone edits it) instead of the request. The rest of the
site (news sitemap, robots.txt, JSON-LD, share links) uses the request's host, and
behind the proxy setup (``ALLOWED_HOSTS``) that host is trusted; so the two views are
given the same: their module-level ``get_current_site`` becomes ``RequestSite``.
Called once from ``ArticlesConfig.ready``.
"""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.requests import RequestSite
from django.contrib.syndication import views as syndication_views


def use_request_host() -> None:
    for module in (sitemap_views, syndication_views):
        module.get_current_site = RequestSite
