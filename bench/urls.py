"""The site's URLs plus ``/bench/ceiling/<name>/``: a page's pre-rendered bytes, nothing else.

The ceiling goes through the same middleware as every page, so the ratio page / ceiling
is what Newsroom's own work costs.
"""

from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

_pages: dict[str, bytes] = {}


def ceiling(request, name):
    if name not in _pages:
        _pages[name] = (Path(settings.BENCH_CEILING_DIR) / f"{name}.html").read_bytes()
    return HttpResponse(_pages[name], content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/ceiling/<slug:name>/", ceiling), *site_urlpatterns]
