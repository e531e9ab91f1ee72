"""Uploads that cannot hurt: size, pixels and real format checked, messages editors understand."""

from __future__ import annotations

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ORIENTATION_TAG = 0x0112


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


# The formats we accept, by what the file is (Pillow's reading), never by its name.
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "MPO": "jpg"}


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def check_photo_file(upload):
    """Refuse what is not a whole JPEG, PNG, WebP or GIF of a sane size; name it by its format.

    An SVG (scripts), a renamed PDF, a truncated transfer and a decompression bomb (a small
    file that unpacks to billions of pixels) are all refused with a message, never a 500.
    Returns the upload, renamed ``photo.<ext>`` after its real format (``upload_to``
    generates the stored name). A photo taken sideways (EXIF orientation) is turned upright.
    """
    if not isinstance(upload, UploadedFile):  # no new file: the stored one was checked
        return upload
    check_photo_size(upload)
    max_pixels = settings.NEWSROOM_MAX_PHOTO_PIXELS
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = image.format
                pixels = image.width * image.height
                if kind not in PHOTO_FORMATS:
                    _refuse(
                        _("This file is %(kind)s; upload a JPEG, PNG, WebP or GIF photo."),
                        "photo_format",
                        kind=kind or _("not a picture"),
                    )
                if pixels > max_pixels:
                    raise Image.DecompressionBombError(pixels)
                image.load()  # reads every byte: a truncated file fails here
                orientation = image.getexif().get(ORIENTATION_TAG, 1)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(
            _(
                "This picture is too many pixels to process safely (at most %(limit)s million). "
                "Export a smaller version and upload that."
            ),
            "photo_too_many_pixels",
            limit=f"{max_pixels / 1_000_000:g}",
        )
    except UnidentifiedImageError:
        _refuse(
            _("This file is not a picture we can read; upload a JPEG, PNG, WebP or GIF photo."),
            "photo_format",
        )
    except (OSError, SyntaxError, ValueError, EOFError):
        _refuse(
            _("This picture is incomplete or damaged (the upload may have been cut short)."),
            "photo_damaged",
        )
    finally:
        upload.seek(0)
    if orientation not in (1, None) and kind in ("JPEG", "MPO"):
        upload = _turned_upright(upload)
    upload.name = f"photo.{PHOTO_FORMATS[kind]}"
    return upload


def _turned_upright(upload):
    """The original re-encoded upright, so its stored width and height are the ones readers see."""
    with Image.open(upload) as image:
        upright = ImageOps.exif_transpose(image)
        out = io.BytesIO()
        options = {"quality": 95}
        if upright.info.get("icc_profile"):
            options["icc_profile"] = upright.info["icc_profile"]
        upright.save(out, format="JPEG", exif=upright.getexif(), **options)
    upload.seek(0)
    turned = SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")
    return turned
