"""Serves anonymous readers from the page cache and tells shared caches how long to keep pages.

Placed before the session middleware: a hit is answered without opening the session,
touching the database or rendering anything. Only responses that ``public_page``
marked are stored or given shared-cache headers; staff previews, the admin, POSTs and
any request carrying a session (a logged-in editor) or credentials pass straight
through, and a response that sets a cookie or varies on it is never stored.

A page rendered while something it shows changed (its render began before the change's
keys were forgotten) is neither stored nor offered to shared caches: it leaves marked
``private``, so an accelerator never keeps a page older than the last purge.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import Resolver404, get_resolver
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from . import page_cache

SAFE_METHODS = {"GET", "HEAD"}
# A request carrying none of these gets the stored response as it is.
CONDITIONAL_HEADERS = frozenset(
    {"HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE"}
)
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
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return _is_public_path(urlconf, request.path_info)


@lru_cache(maxsize=4096)
def _is_public_path(urlconf: str, path: str) -> bool:
    """Resolved once per address: a hit then costs no URL resolution at all."""
    try:
        match = get_resolver(urlconf).resolve(path)
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


def keep_from_shared_caches(response) -> None:
    """A page no shared cache may keep: rendered without the cache, or already out of date."""
    response["Cache-Control"] = "private, no-cache"


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
            found = page_cache.lookup(key, now=now)
        except (*page_cache.CACHE_ERRORS, page_cache.Unavailable) as error:
            if not isinstance(error, page_cache.Unavailable):
                page_cache.cache_failed(error)
            return self._uncached(request)
        if found.response is not None:
            cached = found.response
            set_shared_cache_headers(cached, found.seconds)
            if request.method == "HEAD":
                cached.content = b""  # the stored Content-Length header stays
            if not CONDITIONAL_HEADERS.intersection(request.META):
                return cached  # what get_conditional_response would answer, without parsing
            return get_conditional_response(request, etag=cached.get("ETag"), response=cached)

        response = self.get_response(request)
        if not is_storable(response):
            return response
        if response.status_code not in page_cache.STORED_STATUSES:
            return response  # an error page, a 503 under load: as the view said
        keys = response.surrogate_keys
        try:
            if request.method == "GET":
                fresh = page_cache.store_page(
                    key, response, seq=found.seq, keys=keys, seconds=found.seconds
                )
            else:
                fresh = page_cache.is_fresh(keys, seq=found.seq)
        except page_cache.CACHE_ERRORS as error:
            page_cache.cache_failed(error)
            fresh = False
        if fresh:
            set_shared_cache_headers(response, found.seconds)
        else:
            keep_from_shared_caches(response)
        return response

    def _uncached(self, request):
        """The cache cannot be used: a fresh render, which no shared cache may keep (nothing
        could tell them when it goes out of date)."""
        response = self.get_response(request)
        if getattr(response, "public_page", False):
            keep_from_shared_caches(response)
        return response
