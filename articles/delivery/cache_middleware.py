"""Serves anonymous readers from the page cache and tells shared caches how long to keep pages.

Placed before the session middleware: a hit is answered without opening the session,
touching the database or rendering anything. Only responses that ``public_page``
marked are stored or given shared-cache headers; staff previews, the admin, POSTs and
any request carrying a session (a logged-in editor) or credentials pass straight
through, and a response that sets a cookie or varies on it is never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import Resolver404, get_resolver
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from . import page_cache

SAFE_METHODS = {"GET", "HEAD"}
NEVER_CACHED_PREFIXES = ("/admin/", "/preview/")


def is_anonymous_read(request) -> bool:
    """A GET/HEAD without a session cookie or credentials, outside the admin and previews."""
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_public_page(request) -> bool:
    """The address belongs to a view wrapped in ``public_page`` (the rest skip the cache)."""
    try:
        match = get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


def is_storable(response) -> bool:
    """A public page's response that is the same for every reader."""
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(response, "public_page", False)
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and "cookie" not in response.get("Vary", "").lower()
    )


def set_shared_cache_headers(response, seconds: int) -> None:
    """Browsers revalidate every time; shared caches keep the page until the next boundary."""
    response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache.enabled() or not is_public_page(request):
            return self.get_response(request)
        if not is_anonymous_read(request):
            response = self.get_response(request)
            if getattr(response, "public_page", False):
                patch_cache_control(response, private=True)  # a logged-in editor's copy
            return response
        try:
            request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers 400 as usual

        now = timezone.now()
        key = page_cache.entry_key(request)
        try:
            generation, boundary, cached = page_cache.lookup(key)
            if cached is not None and page_cache.boundary_passed(generation, boundary, now=now):
                generation, cached = page_cache.current_generation(), None
        except page_cache.CACHE_ERRORS as error:
            page_cache.cache_failed(error)
            return self.get_response(request)  # uncached, and shared caches told no-cache
        if cached is not None:
            set_shared_cache_headers(cached, page_cache.seconds_left(boundary, now=now))
            if request.method == "HEAD":
                cached.content = b""  # the stored Content-Length header stays
            return get_conditional_response(request, etag=cached.get("ETag"), response=cached)

        response = self.get_response(request)
        if not is_storable(response):
            return response
        try:
            boundary = page_cache.remember_boundary(generation, now=now)
            seconds = page_cache.seconds_left(boundary, now=now)
            if request.method == "GET" and response.status_code in page_cache.STORED_STATUSES:
                page_cache.store(
                    key, response, generation=generation, boundary=boundary, timeout=seconds
                )
        except page_cache.CACHE_ERRORS as error:
            page_cache.cache_failed(error)
            return response
        set_shared_cache_headers(response, seconds)
        return response
