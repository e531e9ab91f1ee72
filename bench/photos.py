"""Photo benchmark: the editor's save, rendition time per image, and image bytes a phone gets.

Run with ``make bench-photos``. First an editor's save of a new 3000×2000 photo through
the admin's change form (the renditions are a job for the worker: the save does not wait
for them), then the job itself. Writes a 3000×2000 picture like a newsroom upload (a
photographic-looking mix of gradients and grain, ~0.9 MB as a JPEG), makes every rendition
of it, and works out what a phone 390 CSS pixels wide at DPR 2 downloads: the story page's
lead photo and a home page of stories with thumbnails, as the browser picks from ``srcset``
(the smallest candidate at least ``sizes`` × DPR wide), before (the original everywhere)
and after.

    python -m bench.photos [--runs N]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from types import SimpleNamespace

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
# The admin save hands its job to a broker nobody reads here (the bench runs it itself).
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

import django

django.setup()

from django.core.files.storage import FileSystemStorage  # noqa: E402
from PIL import Image, ImageFilter  # noqa: E402

from articles.models.parts import rendition_key  # noqa: E402
from articles.photos.renditions import (  # noqa: E402
    CROPS,
    FORMATS,
    generate_renditions,
    renditions_for,
    storage_name,
)
from articles.public.pagination import PER_PAGE  # noqa: E402

PHONE_CSS_WIDTH, PHONE_DPR = 390, 2
LEAD_CSS = PHONE_CSS_WIDTH - 32  # sizes: calc(100vw - 2rem)
THUMB_CSS = 96  # sizes: 6rem on phones


def upload_like_picture(width=3000, height=2000) -> bytes:
    """Detail at every scale (a fractal) plus sensor grain: compresses like a photograph."""
    detail = Image.effect_mandelbrot((width, height), (-2.2, -1.1, 1.0, 1.1), 120)
    light = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (detail, light, detail.rotate(180)))
    grain = Image.effect_noise((width, height), 30).convert("RGB")
    picture = Image.blend(picture, grain, 0.12).filter(ImageFilter.GaussianBlur(0.5))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


class _File(io.BytesIO):
    """Stands in for ``photo.image``: opened and closed by ``generate_renditions``."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name

    def open(self, mode="rb"):
        self.seek(0)

    def close(self):
        self.seek(0)


def fake_photo(data: bytes) -> SimpleNamespace:
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    name = "photos/originals/bench.jpg"
    return SimpleNamespace(
        image=_File(data, name),
        width=width,
        height=height,
        focal_x=0.5,
        focal_y=0.5,
        rendition_key=rendition_key(name, 0.5, 0.5),
    )


def picked(photo, use: str, css_width: int, fmt: str, storage) -> int:
    """Bytes of the rendition a browser picks for ``css_width`` at the phone's DPR."""
    needed = css_width * PHONE_DPR
    candidates = [r for r in renditions_for(photo, use) if r.format == fmt]
    choice = next((r for r in candidates if r.width >= needed), candidates[-1])
    return storage.size(storage_name(photo, choice))


def admin_save(data: bytes, runs: int) -> None:
    """The change form's POST with a new photo, timed; then the job that makes its renditions."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from articles.jobs.runner import run_due
    from tests.admin_forms import form_data
    from tests.factories import ArticleFactory, UserFactory

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    saves, jobs = [], []
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        client = Client()
        client.force_login(UserFactory(username="bench-editor", groups=["Editors"]))
        for run in range(runs):
            article = ArticleFactory(draft=True, headline=f"Bench story {run}")
            url = reverse("admin:articles_article_change", args=[article.pk])
            form = form_data(client.get(url))
            form.update(
                {
                    "photos-TOTAL_FORMS": ["1"],
                    "photos-INITIAL_FORMS": ["0"],
                    "photos-0-caption": ["Gulls over the north basin."],
                    "photos-0-credit": ["STAFF/Ines Pell"],
                    "photos-0-alt_text": ["Gulls over grey water."],
                    "photos-0-position": ["0"],
                    "photos-0-focal_x": ["0.5"],
                    "photos-0-focal_y": ["0.5"],
                    "photos-0-image": SimpleUploadedFile("upload.jpg", data, "image/jpeg"),
                }
            )
            started = time.perf_counter()
            response = client.post(url, form)
            saves.append(time.perf_counter() - started)
            assert response.status_code == 302, response.content[:2000]
            started = time.perf_counter()
            outcomes = run_due()
            assert outcomes == {"done": 1}, outcomes
            jobs.append(time.perf_counter() - started)
    print(
        f"admin save of a new 3000×2000 photo: {statistics.median(saves) * 1000:.0f} ms "
        f"(median of {runs}; slowest {max(saves) * 1000:.0f} ms); its renditions, made "
        f"afterwards by the worker's job: {statistics.median(jobs):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = upload_like_picture()
    admin_save(data, args.runs)
    print(f"upload: 3000×2000 JPEG, {len(data) / 1000:.0f} kB; formats: {', '.join(FORMATS)}")
    timings = []
    for _run in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            storage = FileSystemStorage(location=folder)
            photo = fake_photo(data)
            started = time.perf_counter()
            written = generate_renditions(photo, storage=storage)
            timings.append(time.perf_counter() - started)
    count = sum(len(renditions_for(photo, use)) for use in CROPS)
    print(
        f"renditions: {written} files ({count} expected) in {statistics.median(timings):.2f} s "
        f"per image (median of {args.runs}; "
        f"{statistics.median(timings) / written * 1000:.0f} ms each)"
    )
    with tempfile.TemporaryDirectory() as folder:
        storage = FileSystemStorage(location=folder)
        generate_renditions(photo, storage=storage)
        print(f"\nphone {PHONE_CSS_WIDTH} px wide, DPR {PHONE_DPR}; home page = {PER_PAGE} stories")
        print(f"{'':28}{'before':>10}" + "".join(f"{fmt:>10}" for fmt in FORMATS))
        story = [picked(photo, "lead", LEAD_CSS, fmt, storage) for fmt in FORMATS]
        home = [PER_PAGE * picked(photo, "thumb", THUMB_CSS, fmt, storage) for fmt in FORMATS]
        for label, before, after in [
            ("story page (lead photo)", len(data), story),
            (f"home page ({PER_PAGE} thumbnails)", PER_PAGE * len(data), home),
        ]:
            row = "".join(f"{size / 1000:>8.0f}kB" for size in after)
            print(f"{label:28}{before / 1000:>8.0f}kB{row}")


if __name__ == "__main__":
    main()
