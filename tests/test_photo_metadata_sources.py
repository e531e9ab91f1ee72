"""XMP and IPTC character sets; the form fills only empty fields and names those from the file."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import PhotoCaption
from articles.photos.metadata import read_embedded_metadata, xmp_fields
from tests import photo_files
from tests.factories import ArticleFactory, PhotoCaptionFactory
from tests.test_admin import article_form_data, inline_management
from tests.test_photo_metadata import jpeg_with_iptc


def iptc_bytes(fields: dict, charset: bytes | None) -> bytes:
    """IPTC with raw byte values and, optionally, record 1:90 (the character set)."""
    import struct

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), "navy").save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    items = ([((1, 90), charset)] if charset else []) + list(fields.items())
    iptc = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value)) + value for key, value in items
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc))
    resource += iptc + (b"\x00" if len(iptc) % 2 else b"")
    payload = b"Photoshop 3.0\x00" + resource
    return jpeg[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def test_xmp_gives_caption_creator_rights_credit_and_alt_text():
    data = photo_files.jpeg_with_xmp(
        description="Gulls over the north basin at dawn.",
        creator="Ines Pell",
        rights="© 2025 Ines Pell",
        credit="GULLWING",
        alt_text="A flock of white gulls above grey water.",
        headline="Dawn gulls",
    )
    embedded = read_embedded_metadata(io.BytesIO(data))
    assert embedded.caption == "Gulls over the north basin at dawn."
    assert embedded.creator == "Ines Pell"
    assert embedded.copyright == "© 2025 Ines Pell"
    assert embedded.credit == "GULLWING/Ines Pell"
    assert embedded.alt_text == "A flock of white gulls above grey water."
    assert embedded.headline == "Dawn gulls"


def test_a_broken_xmp_packet_says_nothing():
    assert xmp_fields(b"<x:xmpmeta><rdf:RDF") == {}


def test_iptc_wins_over_xmp_and_exif():
    embedded = read_embedded_metadata(io.BytesIO(jpeg_with_iptc({(2, 120): "From IPTC."})))
    assert embedded.caption == "From IPTC."


@pytest.mark.parametrize(
    ("charset", "raw", "expected"),
    [
        (b"\x1b%G", "Søren Åberg".encode(), "Søren Åberg"),  # 1:90 declares UTF-8
        (None, "Søren Åberg".encode("cp1252"), "Søren Åberg"),  # Latin-1 habit, no 1:90
    ],
)
def test_iptc_text_is_read_in_its_declared_character_set(charset, raw, expected):
    data = iptc_bytes({(2, 80): raw, (2, 85): b"Staff photographer"}, charset)
    embedded = read_embedded_metadata(io.BytesIO(data))
    assert embedded.creator == expected
    assert embedded.creator_title == "Staff photographer"


def _post(client, article, data, **fields):
    form = article_form_data(
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        opened_version=article.version,
        **inline_management("photos", total=1),
        **{
            "photos-0-image": SimpleUploadedFile("x.jpg", data, "image/jpeg"),
            "photos-0-position": "0",
            **{f"photos-0-{key}": value for key, value in fields.items()},
        },
    )
    return client.post(reverse("admin:articles_article_change", args=[article.pk]), form)


@pytest.mark.django_db
def test_only_empty_fields_are_filled_and_the_form_says_which(editor_client):
    article = ArticleFactory(draft=True)
    data = photo_files.jpeg_with_xmp(
        description="Caption from the file.",
        creator="Ines Pell",
        rights="© 2025 Ines Pell",
        alt_text="Alt text from the file.",
    )
    response = _post(editor_client, article, data, caption="Typed by the editor.", credit="")
    assert response.status_code == 302
    photo = PhotoCaption.objects.get()
    assert photo.caption == "Typed by the editor."  # kept
    assert (photo.creator, photo.copyright_notice) == ("Ines Pell", "© 2025 Ines Pell")
    assert photo.alt_text == "Alt text from the file."
    assert photo.fields_from_file == ["credit", "creator", "copyright_notice", "alt_text"]
    page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    content = page.content.decode()
    assert "came from the picture" in content and "copyright notice" in content
    assert 'class="focal-point-editor"' in content
    assert "js/focal_point.js" in content


@pytest.mark.django_db
def test_the_photos_copyright_and_creator_travel_to_json_ld_media_rss_and_ninjs(client):
    from tests.test_structured_data import _news_article

    article = ArticleFactory()
    PhotoCaptionFactory(
        article=article,
        is_lead=True,
        credit="",
        creator="Ines Pell",
        copyright_notice="© 2025 Ines Pell",
    )
    [image] = _news_article(client, article)["image"]
    assert image["copyrightNotice"] == "© 2025 Ines Pell"
    assert image["creator"] == {"@type": "Person", "name": "Ines Pell"}
    feed = client.get(reverse("articles:feed-rss")).content.decode()
    assert "<media:copyright>© 2025 Ines Pell</media:copyright>" in feed
    assert ">Ines Pell</media:credit>" in feed
    ninjs = client.get(article.get_absolute_url() + "ninjs.json").json()
    [photo] = ninjs["associations"]
    assert photo["copyrightnotice"] == "© 2025 Ines Pell"
    assert photo["people"] == [{"name": "Ines Pell", "rel": "photographer"}]
