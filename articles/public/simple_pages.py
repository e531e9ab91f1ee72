"""The simple pages (About, Contact, Privacy, Terms): Django flatpages, named by their key.

Django's own ``flatpage`` view, plus the page's surrogate key (``flatpage-<pk>``), so an
editor's change of the text reaches the page cache and the accelerators at once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.flatpages.views import render_flatpage
from django.shortcuts import get_object_or_404

from ..delivery import surrogate_keys


def simple_page(request, url: str):
    page = get_object_or_404(FlatPage, url=url, sites=settings.SITE_ID)
    surrogate_keys.add(request, surrogate_keys.flatpage(page.pk))
    return render_flatpage(request, page)
