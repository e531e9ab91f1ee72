"""Serving photo files: public renditions only while their story is public; originals to staff.

Media is not served blindly from ``/media/``: a rendition's address answers only while
its story is in ``Article.objects.published()`` (so a withdrawn story's or an expired
licence's pictures stop at once, with no job to delete files), and an original (which
keeps its EXIF, GPS position included) only to the newsroom. Behind nginx, set
``NEWSROOM_MEDIA_ACCEL_PREFIX`` and Django answers with ``X-Accel-Redirect`` after the
check, leaving the bytes to nginx (see the README).
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ..models import Article, PhotoCaption
from .renditions import CROPS, renditions_for, storage_name

# Short enough that a withdrawal empties shared caches within minutes.
PUBLIC_MAX_AGE = 300


def _file_response(request, name: str, cache_control: str) -> HttpResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if settings.NEWSROOM_MEDIA_ACCEL_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.NEWSROOM_MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + name
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError as missing:
            raise Http404("No such file") from missing
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def photo_rendition(request, key: str, filename: str):
    """A rendition, while its story is public (staff may see any, never cached)."""
    photo = PhotoCaption.objects.filter(rendition_key=key).select_related("article").first()
    if photo is None:
        raise Http404("No such photo")
    known = {r.filename() for use in CROPS for r in renditions_for(photo, use)}
    if filename not in known:
        raise Http404("No such rendition")
    public = Article.objects.published().filter(pk=photo.article_id).exists()
    if public:
        cache_control = f"public, max-age={PUBLIC_MAX_AGE}"
    elif request.user.has_perm("articles.view_article"):
        cache_control = "private, no-store"
    else:
        raise Http404("No such photo")
    name = next(
        storage_name(photo, r)
        for use in CROPS
        for r in renditions_for(photo, use)
        if r.filename() == filename
    )
    return _file_response(request, name, cache_control)


@require_safe
def photo_original(request, pk: int):
    """The file as uploaded, metadata and all: for the newsroom only."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    photo = get_object_or_404(PhotoCaption, pk=pk)
    if not photo.image:
        raise Http404("No file yet")
    return _file_response(request, photo.image.name, "private, no-store")
