"""Uploads that cannot hurt: real format, bytes and pixels, whole files, upright, private EXIF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import PhotoCaption
from articles.photos.renditions import CROPS, renditions_for, storage_name
from articles.photos.uploads import check_photo_file
from tests import photo_files
from tests.factories import ArticleFactory
from tests.test_admin import article_form_data, inline_management


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type)


def refusal_code(data: bytes, name="photo.jpg") -> str:
    with pytest.raises(ValidationError) as refused:
        check_photo_file(upload(data, name))
    return refused.value.code


def test_a_png_named_jpg_is_kept_as_the_png_it_is():
    checked = check_photo_file(upload(photo_files.png(), "holiday.jpg"))
    assert checked.name == "photo.png"


def test_svg_is_refused_whatever_its_name():
    assert refusal_code(photo_files.SVG, "map.png") == "photo_format"


def test_other_files_are_refused_as_not_pictures():
    assert refusal_code(b"%PDF-1.7 a contract", "scan.jpg") == "photo_format"


def test_a_truncated_file_is_refused_as_damaged():
    assert refusal_code(photo_files.truncated_jpeg()) == "photo_damaged"


@pytest.mark.parametrize("pixels", [(9000, 7000), (20000, 20000)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(pixels):
    """63 million pixels passes Pillow's own guard but not ours; 400 million trips both."""
    assert refusal_code(photo_files.png_claiming(*pixels), "bomb.png") == "photo_too_many_pixels"


def test_the_pixel_limit_is_a_setting(settings):
    settings.NEWSROOM_MAX_PHOTO_PIXELS = 100 * 100
    assert refusal_code(photo_files.png((101, 100))) == "photo_too_many_pixels"
    assert check_photo_file(upload(photo_files.png((100, 100)))).name == "photo.png"


def test_too_many_bytes_is_refused_with_the_size(settings):
    settings.NEWSROOM_MAX_PHOTO_BYTES = 1000
    assert refusal_code(photo_files.jpeg((400, 300))) == "photo_too_large"


def test_a_photo_taken_sideways_is_turned_upright():
    checked = check_photo_file(upload(photo_files.jpeg_turned(6, size=(600, 400))))
    with Image.open(checked) as image:
        assert image.size == (400, 600)
        assert image.getexif().get(0x0112, 1) == 1
        assert image.getpixel((200, 50))[0] > 200  # the red half is now on top


def test_gif_and_webp_are_accepted():
    buffer = io.BytesIO()
    Image.new("P", (40, 30)).save(buffer, "GIF")
    assert check_photo_file(upload(buffer.getvalue(), "a.gif")).name == "photo.gif"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "WEBP")
    assert check_photo_file(upload(buffer.getvalue(), "a.webp")).name == "photo.webp"


# -- through the story form -------------------------------------------------------------


def post_photo(client, article, data: bytes, name="photo.jpg", **fields):
    form = article_form_data(
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        opened_version=article.version,
        **inline_management("photos", total=1),
        **{
            "photos-0-image": upload(data, name),
            "photos-0-caption": "Gulls over the north basin.",
            "photos-0-credit": "STAFF/Ines Pell",
            "photos-0-position": "0",
            **{f"photos-0-{key}": value for key, value in fields.items()},
        },
    )
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), form)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (photo_files.png_claiming(20000, 20000), "too many pixels"),
        (photo_files.SVG, "upload a JPEG, PNG, WebP or GIF"),
        (photo_files.truncated_jpeg(), "incomplete or damaged"),
    ],
)
def test_the_form_refuses_a_bad_file_with_a_message_never_a_500(editor_client, data, message):
    article = ArticleFactory(draft=True)
    response = post_photo(editor_client, article, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PhotoCaption.objects.exists()


@pytest.mark.django_db
def test_stored_under_a_generated_name_and_renditions_carry_no_exif(editor_client, run_jobs):
    article = ArticleFactory(draft=True)
    response = post_photo(editor_client, article, photo_files.jpeg_with_gps(), "ines-home.jpg")
    assert response.status_code == 302
    assert run_jobs() == {"done": 1}  # the worker makes the renditions
    photo = PhotoCaption.objects.get()
    assert photo.image.name.startswith("photos/originals/")
    assert "ines" not in photo.image.name
    with Image.open(photo.image.path) as original:  # editors keep everything
        assert original.getexif().get_ifd(photo_files.GPS_IFD)
    for use in CROPS:
        for rendition in renditions_for(photo, use):
            with Image.open(photo.image.storage.path(storage_name(photo, rendition))) as public:
                exif = public.getexif()
                assert not exif.get_ifd(photo_files.GPS_IFD)
                assert 0x010F not in exif and 0xA431 not in exif
                assert "exif" not in public.info and "xmp" not in public.info


@pytest.mark.django_db
def test_a_cmyk_jpeg_becomes_rgb_renditions(editor_client, run_jobs):
    article = ArticleFactory(draft=True)
    data = photo_files.jpeg((500, 300), color=(255, 0, 0, 0), mode="CMYK")  # full cyan ink
    assert post_photo(editor_client, article, data).status_code == 302
    run_jobs()
    photo = PhotoCaption.objects.get()
    jpeg = [r for r in renditions_for(photo, "lead") if r.format == "jpeg"][-1]
    with Image.open(photo.image.storage.path(storage_name(photo, jpeg))) as public:
        assert public.mode == "RGB"
        red, green, blue = public.getpixel((10, 10))
        assert red < 80 and green > 180 and blue > 180  # cyan stays cyan, not inverted


@pytest.mark.django_db
def test_saving_a_new_photo_encodes_nothing_and_says_its_sizes_follow(editor_client, run_jobs):
    """The renditions (up to 45 encodes) are the worker's: the editor's save returns at once."""
    article = ArticleFactory(draft=True)
    response = post_photo(editor_client, article, photo_files.jpeg((3000, 2000)))
    assert response.status_code == 302
    photo = PhotoCaption.objects.get()
    assert not any(
        photo.image.storage.exists(storage_name(photo, rendition))
        for use in CROPS
        for rendition in renditions_for(photo, use)
    )
    form = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "being made" in form.content.decode()
    assert run_jobs() == {"done": 1}
    form = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "being made" not in form.content.decode()
