"""Captions and credits embedded in agency pictures fill the photo form."""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import PhotoCaption
from articles.photos.metadata import read_embedded_metadata
from tests.factories import ArticleFactory
from tests.test_admin import article_form_data, inline_management


def jpeg_with_iptc(fields: dict[tuple[int, int], str]) -> bytes:
    """A small JPEG with an IPTC IIM block in a Photoshop APP13 segment, as agencies ship."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "navy").save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    iptc = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value.encode())) + value.encode()
        for key, value in fields.items()
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    resource += iptc + (b"\x00" if len(iptc) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def jpeg_with_exif(description: str, artist: str) -> bytes:
    image = Image.new("RGB", (16, 12), "olive")
    exif = image.getexif()
    exif[270], exif[315] = description, artist
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_reads_iptc_caption_credit_and_creator():
    data = jpeg_with_iptc(
        {
            (2, 120): "Workers inspect a test float on the north basin.",
            (2, 110): "NORTHWIND",
            (2, 80): "Lena Fischer",
            (2, 116): "© 2025 Northwind Media",
        }
    )
    embedded = read_embedded_metadata(io.BytesIO(data))
    assert embedded.caption == "Workers inspect a test float on the north basin."
    assert embedded.credit == "NORTHWIND/Lena Fischer"
    assert embedded.creator == "Lena Fischer"
    assert embedded.copyright == "© 2025 Northwind Media"


def test_reads_exif_when_there_is_no_iptc():
    embedded = read_embedded_metadata(io.BytesIO(jpeg_with_exif("A tram at dusk.", "Sam Okafor")))
    assert (embedded.caption, embedded.credit) == ("A tram at dusk.", "Sam Okafor")


def test_unreadable_file_has_no_metadata():
    assert read_embedded_metadata(io.BytesIO(b"not a picture")).caption == ""


@pytest.mark.django_db
def test_upload_without_caption_takes_it_from_the_picture(editor_client):
    article = ArticleFactory(draft=True)
    data = jpeg_with_iptc(
        {(2, 120): "Boats at the quay.", (2, 110): "NORTHWIND", (2, 80): "Kai Brandt"}
    )
    form = article_form_data(
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        opened_version=article.version,
        **inline_management("photos", total=1),
        **{
            "photos-0-image": SimpleUploadedFile("boats.jpg", data, "image/jpeg"),
            "photos-0-caption": "",
            "photos-0-credit": "",
            "photos-0-position": "0",
        },
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(url, form)
    assert response.status_code == 302
    photo = PhotoCaption.objects.get()
    assert (photo.caption, photo.credit) == ("Boats at the quay.", "NORTHWIND/Kai Brandt")
    assert (photo.agency, photo.photographer_name) == ("NORTHWIND", "Kai Brandt")
    assert (photo.width, photo.height) == (16, 12)


@pytest.mark.django_db
def test_photo_without_any_caption_is_refused_with_a_reason(editor_client):
    article = ArticleFactory(draft=True)
    form = article_form_data(
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        opened_version=article.version,
        **inline_management("photos", total=1),
        **{"photos-0-caption": "", "photos-0-credit": "X/Y", "photos-0-position": "0"},
    )
    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), form)
    assert response.status_code == 200
    assert "every photo needs one" in response.content.decode()
    assert not PhotoCaption.objects.exists()
