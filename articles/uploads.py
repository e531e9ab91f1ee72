"""Upload limits an editor can understand: a photo too large is refused with its size."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def check_photo_size(upload):
    """Refuse a photo file over ``NEWSROOM_MAX_PHOTO_BYTES``; return it unchanged otherwise.

    Django would store any size (files are not counted by ``DATA_UPLOAD_MAX_MEMORY_SIZE``);
    a 200 MB scan fills the disk and slows every page that shows it.
    """
    limit = settings.NEWSROOM_MAX_PHOTO_BYTES
    size = getattr(upload, "size", None)
    if size is not None and hasattr(upload, "read") and size > limit:
        raise ValidationError(
            _(
                "This file is %(size)s; a photo may be at most %(limit)s. "
                "Export a smaller JPEG (2,000–3,000 pixels wide is plenty) and upload that."
            ),
            code="photo_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    return upload
