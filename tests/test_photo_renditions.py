"""Renditions: crops per use around the focal point, srcset on pages, served only while public."""

import io
import re

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from articles.desk.operations import article_withdraw
from articles.models import Job, PhotoCaption
from articles.photos.renditions import (
    CROPS,
    FORMATS,
    crop_box,
    public_image,
    rendition_url,
    renditions_for,
    storage_name,
)
from tests import photo_files
from tests.factories import ArticleFactory, PhotoCaptionFactory

pytestmark = pytest.mark.django_db


def photo_of(size=(1600, 1000), data=None, **fields):
    data = data or photo_files.jpeg(size)
    return PhotoCaptionFactory(image=SimpleUploadedFile("p.jpg", data, "image/jpeg"), **fields)


# -- crops -----------------------------------------------------------------------------


def test_crop_is_the_largest_box_of_the_aspect_centred_by_default():
    assert crop_box(3000, 2000, (16, 9)) == (0, 156, 3000, 1844)
    assert crop_box(3000, 2000, (1, 1)) == (500, 0, 2500, 2000)


def test_crop_keeps_the_focal_point_in_view_and_stays_inside_the_picture():
    assert crop_box(3000, 2000, (1, 1), focal_x=0.8) == (1000, 0, 3000, 2000)
    assert crop_box(3000, 2000, (1, 1), focal_x=0.6) == (800, 0, 2800, 2000)
    assert crop_box(3000, 2000, (16, 9), focal_y=0.0) == (0, 0, 3000, 1688)


def test_every_use_declares_its_aspect_ratio_in_one_place():
    assert CROPS["lead"] == (16, 9) and CROPS["thumb"] == (3, 2)


def test_renditions_are_never_wider_than_the_crop():
    photo = photo_of((600, 400))
    widths = sorted({r.width for r in renditions_for(photo, "lead")})
    assert widths == [320, 480, 600]
    assert {r.height for r in renditions_for(photo, "lead") if r.width == 600} == {338}


def test_renditions_are_written_once_on_upload_in_every_format():
    photo = photo_of((500, 340))
    storage = photo.image.storage
    for use in CROPS:
        for rendition in renditions_for(photo, use):
            with Image.open(storage.path(storage_name(photo, rendition))) as image:
                assert image.size == (rendition.width, rendition.height)
                assert image.format.lower() == rendition.format
    assert {r.format for r in renditions_for(photo, "lead")} == set(FORMATS)
    assert call_command("make_renditions") is None  # nothing missing: nothing written again


def test_the_focal_point_moves_the_crop_and_renames_the_renditions(run_jobs):
    canvas = Image.new("RGB", (600, 300), "white")
    canvas.paste(Image.new("RGB", (50, 300), "red"), (550, 0))  # a red band at the right
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG")
    photo = photo_of(data=buffer.getvalue())
    old_key = photo.rendition_key
    photo.focal_x = 0.95
    photo.save()
    assert photo.rendition_key != old_key
    run_jobs()
    square = [r for r in renditions_for(photo, "square") if r.format == "jpeg"][-1]
    with Image.open(photo.image.storage.path(storage_name(photo, square))) as image:
        red, green, _blue = image.getpixel((image.width - 5, image.height // 2))
        assert red > 200 and green < 60


# -- made by the worker, after the save ----------------------------------------------------


def _files(photo) -> list:
    return [storage_name(photo, r) for use in CROPS for r in renditions_for(photo, use)]


def test_a_new_photo_is_saved_at_once_and_shown_once_the_worker_made_its_renditions(
    client, run_jobs
):
    photo = photo_of((900, 600), renditions=False, is_lead=True)
    storage = photo.image.storage
    assert not photo.is_ready
    assert not any(storage.exists(name) for name in _files(photo))  # nothing encoded yet
    job = Job.objects.get(task="photos.renditions")
    assert job.queue == "media" and job.payload == {"photo": photo.pk, "key": photo.rendition_key}

    page = client.get(photo.article.get_absolute_url()).content.decode()
    assert "<img" not in page.split("<article", 1)[1].split("</article>", 1)[0]  # no picture
    assert "/photos/original/" not in page and photo.image.url not in page  # never the original

    assert run_jobs() == {"done": 1}
    photo.refresh_from_db()
    assert photo.is_ready and all(storage.exists(name) for name in _files(photo))
    page = client.get(photo.article.get_absolute_url()).content.decode()
    assert f"/photos/{photo.rendition_key}/lead-" in page


def test_a_job_cut_short_writes_every_file_again(run_jobs):
    photo = photo_of((500, 340), renditions=False)
    storage = photo.image.storage
    half_written = _files(photo)[0]
    storage.save(half_written, SimpleUploadedFile("x", b"\xff\xd8 half an image"))
    assert run_jobs() == {"done": 1}
    with Image.open(storage.path(half_written)) as image:
        image.load()  # a whole picture now


def test_a_job_for_a_photo_that_moved_on_writes_nothing(run_jobs):
    photo = photo_of((500, 340), renditions=False)
    first_files = _files(photo)
    photo.focal_x = 0.2
    photo.save()  # a new key, a new job
    assert run_jobs() == {"done": 2}
    assert not any(photo.image.storage.exists(name) for name in first_files)
    photo.refresh_from_db()
    assert photo.is_ready


def test_the_same_key_asks_for_one_job_however_often_it_is_saved():
    photo = photo_of((500, 340), renditions=False)
    photo.caption = "A new caption, the same picture."
    photo.save()
    assert Job.objects.filter(task="photos.renditions").count() == 1


def test_make_renditions_fills_in_photos_saved_before_renditions():
    photo = photo_of((340, 240))
    PhotoCaption.objects.filter(pk=photo.pk).update(rendition_key="")
    photo.image.storage.delete(storage_name(photo, renditions_for(photo, "thumb")[0]))
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "1 photos checked" in out.getvalue()
    assert PhotoCaption.objects.get().rendition_key == photo.rendition_key


# -- pages -----------------------------------------------------------------------------


def test_story_page_serves_a_picture_with_srcset_sizes_and_a_preloaded_lead(client):
    article = ArticleFactory()
    lead = photo_of((1700, 1000), article=article, is_lead=True)
    photo_of((400, 300), article=article)
    content = client.get(article.get_absolute_url()).content.decode()
    html5lib.HTMLParser(strict=True).parse(content)
    pictures = re.findall(r"<picture>.*?</picture>", content, re.S)
    assert len(pictures) == 2
    first, second = pictures
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first
    assert 'loading="lazy"' in second
    assert 'type="image/webp"' in first and "sizes=" in first
    assert f"/photos/{lead.rendition_key}/lead-1600x900.jpg 1600w" in first
    assert re.search(r'width="800" height="450"', first)
    assert "/photos/originals/" not in content
    assert re.search(r'<link rel="preload" as="image" type="image/\w+" imagesrcset="', content)


def test_lists_use_small_crops_and_lazy_load_below_the_fold(client):
    for index in range(5):
        photo_of((400, 300), article=ArticleFactory(headline=f"Story {index}"), is_lead=True)
    content = client.get("/latest/").content.decode()
    images = re.findall(r'<a class="story-item-photo".*?</a>', content, re.S)
    assert len(images) == 5
    assert all("/thumb-" in image and "/lead-" not in image for image in images)
    assert ['loading="lazy"' in image for image in images] == [False] * 3 + [True] * 2


# -- serving ---------------------------------------------------------------------------


def a_rendition_url(photo):
    return rendition_url(photo, renditions_for(photo, "lead")[0])


def test_a_public_storys_rendition_is_served_and_cached(client):
    photo = photo_of((330, 250))
    response = client.get(a_rendition_url(photo))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response["Cache-Control"] == "public, max-age=300"


def test_a_withdrawn_storys_renditions_stop_being_served(client, editor):
    photo = photo_of((330, 250))
    url = a_rendition_url(photo)
    assert client.get(url).status_code == 200
    article_withdraw(article=photo.article, user=editor, reason="Legal complaint.")
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_a_drafts_renditions_are_not_public(client):
    photo = photo_of((330, 250), article=ArticleFactory(draft=True))
    assert client.get(a_rendition_url(photo)).status_code == 404


def test_unknown_rendition_names_are_not_found(client):
    photo = photo_of((330, 250))
    url = reverse(
        "articles:photo_rendition", kwargs={"key": photo.rendition_key, "filename": "x.jpg"}
    )
    assert client.get(url).status_code == 404


def test_originals_are_for_the_newsroom_only(client, editor):
    photo = photo_of((330, 250))
    url = reverse("articles:photo_original", args=[photo.pk])
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_behind_nginx_django_checks_and_nginx_sends_the_bytes(client, settings):
    settings.NEWSROOM_MEDIA_ACCEL_PREFIX = "/protected-media/"
    photo = photo_of((330, 250))
    response = client.get(a_rendition_url(photo))
    name = storage_name(photo, renditions_for(photo, "lead")[0])
    assert response["X-Accel-Redirect"] == f"/protected-media/{name}"
    assert response.content == b""


def test_machine_outputs_point_at_a_public_rendition():
    photo = photo_of((1300, 800))
    image = public_image(photo)
    assert image.url.endswith("/lead-1200x675.jpg")
    assert (image.width, image.height, image.content_type) == (1200, 675, "image/jpeg")


def test_make_renditions_names_a_photo_whose_file_is_gone_and_goes_on():
    gone = photo_of((340, 240))
    photo_of((340, 240))
    PhotoCaption.objects.update(rendition_key="")
    for rendition in renditions_for(gone, "lead"):
        gone.image.storage.delete(storage_name(gone, rendition))
    gone.image.storage.delete(gone.image.name)
    out, err = io.StringIO(), io.StringIO()
    call_command("make_renditions", stdout=out, stderr=err)
    assert f"Photo {gone.pk}" in err.getvalue()
    assert "2 photos checked, 0 renditions written, 1 unreadable." in out.getvalue()
