"""When the database is unreachable readers get a 503 with ``Retry-After``, not a 500.

A 500 tells readers (and crawlers, and feed readers) that the page is broken; a
503 says "come back shortly", and ``Retry-After`` says when. Feeds, sitemaps and
ninjs get a short plain-text 503 rather than an HTML page their clients cannot
read. Nothing here touches the database, and nothing needs resetting afterwards:
Django drops a connection that failed at the end of the request
(``conn_health_checks`` tests a kept one before reuse), so the first request after
the database returns is served normally.
"""

from __future__ import annotations

import logging
import sys
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
LOG_EVERY_SECONDS = 60.0  # one log line a minute while the outage lasts, not one per request
# Machine-read outputs: their clients want a status and a line of text, not our HTML.
MACHINE_URL_NAMES = {"ninjs", "news-sitemap", "sitemap-index", "sitemap-section", "robots"}

_last_logged = -LOG_EVERY_SECONDS


def _is_machine_read(request) -> bool:
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match else ""
    return bool(name) and (name in MACHINE_URL_NAMES or "feed" in name)


def _log(exception: BaseException) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= LOG_EVERY_SECONDS:
        _last_logged = now
        logger.error("Database unavailable, answering 503: %s", exception)


def database_unavailable(request, exception: BaseException) -> HttpResponse:
    """The 503 itself: rendered from a template without context processors or queries."""
    _log(exception)
    if _is_machine_read(request):
        response = HttpResponse(
            "Service temporarily unavailable. Please retry later.\n",
            content_type="text/plain; charset=utf-8",
            status=503,
        )
    else:
        html = loader.render_to_string("503.html", {"newsroom_name": settings.NEWSROOM_NAME})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"  # a shared cache must not keep the outage
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database error raised by a view into the 503 above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


def server_error(request, template_name="500.html") -> HttpResponseServerError | HttpResponse:
    """``handler500``: a database error raised outside a view (a middleware) is a 503 too."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request, exception)
    return default_server_error(request, template_name=template_name)
