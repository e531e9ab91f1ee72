"""Renditions: every photo cropped per use around its focal point, at several widths and formats.

Our own small module rather than django-imagekit, easy-thumbnails or sorl-thumbnail: none
of them crops around an editor's focal point out of the box (each needs a custom
processor), each adds its own cache table or key-value store, and what we need is ~150
lines of Pillow. Renditions are made by the worker right after upload (when the photo is
saved with a new file or a new focal point: ``articles.photos.rendition_jobs``), so
neither the editor's save nor a reader's request resizes anything. Their names are derived
from the photo's fields alone (``rendition_key``, width, height), so a page builds its
``srcset`` without touching the storage or the database.

Renditions are re-encoded from pixels only: no EXIF (GPS position, camera serial) and no
IPTC/XMP reach the public files. The original stays under ``photos/originals/`` for
editors (served by ``views.photo_original`` to staff only).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import get_script_prefix, get_urlconf, reverse
from PIL import Image, ImageOps, features

# One place for the crops: the aspect ratio each use shows.
CROPS: dict[str, tuple[int, int]] = {
    "lead": (16, 9),  # the story page's lead and body photos
    "thumb": (3, 2),  # home, section, tag and person lists
    "square": (1, 1),  # small cards (search results, social previews that want squares)
}
# Widths made for each crop, never larger than the cropped original.
WIDTHS: tuple[int, ...] = (320, 480, 800, 1200, 1600)
# Best first: the browser takes the first <source> it understands; JPEG is the fallback.
FORMATS: tuple[str, ...] = (("avif",) if features.check("avif") else ()) + ("webp", "jpeg")
QUALITY = {"avif": 55, "webp": 78, "jpeg": 82}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSION = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
# What each use asks of the browser: the width it is shown at on each screen.
# Keep in step with static/css/site.css (--column: 42rem; list photos 9rem, 6rem on phones).
SIZES = {
    "lead": "(min-width: 44rem) 42rem, calc(100vw - 2rem)",
    "thumb": "(max-width: 30rem) 6rem, 9rem",
    "square": "6rem",
}


def crop_box(
    width: int, height: int, aspect: tuple[int, int], focal_x: float = 0.5, focal_y: float = 0.5
) -> tuple[int, int, int, int]:
    """The largest box of ``aspect`` inside the image, centred on the focal point where it fits."""
    ratio = aspect[0] / aspect[1]
    if width / height > ratio:
        box_w, box_h = round(height * ratio), height
    else:
        box_w, box_h = width, round(width / ratio)
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


@dataclass(frozen=True)
class Rendition:
    use: str
    width: int
    height: int
    format: str

    def filename(self) -> str:
        return f"{self.use}-{self.width}x{self.height}.{EXTENSION[self.format]}"


def renditions_for(photo, use: str) -> list[Rendition]:
    """The renditions a photo has for one use, smallest first (from its fields alone)."""
    if not (photo.width and photo.height and photo.rendition_key):
        return []
    left, top, right, bottom = crop_box(
        photo.width, photo.height, CROPS[use], photo.focal_x, photo.focal_y
    )
    crop_w, crop_h = right - left, bottom - top
    widths = [w for w in WIDTHS if w < crop_w] + [min(crop_w, WIDTHS[-1])]
    return [
        Rendition(use, w, max(1, round(crop_h * w / crop_w)), fmt)
        for fmt in FORMATS
        for w in sorted(set(widths))
    ]


def storage_name(photo, rendition: Rendition) -> str:
    return f"renditions/{photo.rendition_key}/{rendition.filename()}"


@lru_cache(maxsize=4096)
def _renditions_address(key: str, script_prefix: str, urlconf) -> str:
    sample = "x.jpg"
    url = reverse(
        "articles:photo_rendition", urlconf=urlconf, kwargs={"key": key, "filename": sample}
    )
    return url[: -len(sample)]


def rendition_url(photo, rendition: Rendition) -> str:
    """Reversed once per photo, not once per rendition: a front lists dozens of each."""
    address = _renditions_address(photo.rendition_key, get_script_prefix(), get_urlconf())
    return address + rendition.filename()  # file names need no quoting (letters, digits, -x.)


def upright_rgb(file) -> Image.Image:
    """The original's pixels turned the way the camera meant (EXIF orientation), in sRGB-ish RGB."""
    with Image.open(file) as opened:
        opened.seek(0)  # a GIF's first frame
        image = ImageOps.exif_transpose(opened)
        if image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info:
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            return background
        return image.convert("RGB")


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    options = {"quality": QUALITY[fmt]}
    if fmt == "jpeg":
        options.update(optimize=True, progressive=True)
    if fmt == "webp":
        options["method"] = 3
    if fmt == "avif":
        options["speed"] = 8  # 4× faster than the default for a few per cent more bytes
    image.save(out, format=fmt.upper(), **options)  # no exif=, no icc_profile=: nothing private
    return out.getvalue()


def generate_renditions(photo, storage=default_storage, *, replace: bool = False) -> int:
    """Write every missing rendition of the photo (every one with ``replace``: files a run
    cut short may have left half-written); return how many were written."""
    if not photo.image or not photo.rendition_key:
        return 0
    wanted = [(use, r) for use in CROPS for r in renditions_for(photo, use)]
    if replace:
        for _, rendition in wanted:
            storage.delete(storage_name(photo, rendition))  # no-op for a file not there
        missing = wanted
    else:
        missing = [(use, r) for use, r in wanted if not storage.exists(storage_name(photo, r))]
    if not missing:
        return 0
    photo.image.open("rb")
    try:
        source = upright_rgb(photo.image)
    finally:
        photo.image.close()
    crops: dict[str, Image.Image] = {}
    for use, rendition in missing:
        if use not in crops:
            crops[use] = source.crop(
                crop_box(*source.size, CROPS[use], photo.focal_x, photo.focal_y)
            )
        resized = crops[use].resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
        storage.save(
            storage_name(photo, rendition), ContentFile(_encode(resized, rendition.format))
        )
    return len(missing)


@dataclass(frozen=True)
class Picture:
    """What a ``<picture>`` element needs: one ``<source>`` per modern format, JPEG on the img."""

    sources: list[tuple[str, str]]  # (mime type, srcset), best format first
    srcset: str  # the JPEGs
    src: str
    width: int
    height: int
    sizes: str


def _srcset(photo, renditions: list[Rendition]) -> str:
    return ", ".join(f"{rendition_url(photo, r)} {r.width}w" for r in renditions)


def picture(photo, use: str, *, fallback_width: int = 800) -> Picture | None:
    """The ``srcset`` per format for one use, or None when the photo has no renditions yet."""
    renditions = renditions_for(photo, use)
    if not renditions:
        return None
    by_format = {fmt: [r for r in renditions if r.format == fmt] for fmt in FORMATS}
    jpegs = by_format["jpeg"]
    fallback = next((r for r in reversed(jpegs) if r.width <= fallback_width), jpegs[0])
    return Picture(
        sources=[(MIME[fmt], _srcset(photo, by_format[fmt])) for fmt in FORMATS if fmt != "jpeg"],
        srcset=_srcset(photo, jpegs),
        src=rendition_url(photo, fallback),
        width=fallback.width,
        height=fallback.height,
        sizes=SIZES[use],
    )


def best_rendition(photo, use: str = "lead", *, width: int = 1200) -> Rendition | None:
    """The widest JPEG of ``use`` not over ``width``: for feeds, Open Graph, JSON-LD, ninjs."""
    jpegs = [r for r in renditions_for(photo, use) if r.format == "jpeg"]
    if not jpegs:
        return None
    fitting = [r for r in jpegs if r.width <= width]
    return (fitting or jpegs[:1])[-1]


@dataclass(frozen=True)
class PublicImage:
    url: str
    width: int | None
    height: int | None
    content_type: str


def public_image(photo, use: str = "lead", *, width: int = 1200) -> PublicImage:
    """The file machine outputs should point at (feeds, Open Graph, JSON-LD, ninjs).

    A public JPEG rendition (no EXIF, a sensible size); the original's address only for a
    photo saved before renditions existed (``manage.py make_renditions`` fills those in).
    """
    rendition = best_rendition(photo, use, width=width)
    if rendition is None:
        return PublicImage(photo.image.url, photo.width, photo.height, "")
    return PublicImage(
        rendition_url(photo, rendition), rendition.width, rendition.height, MIME["jpeg"]
    )
