"""Standards fixes: ninjs of a cancelled story, photo rights and versions in ninjs; source
fronts and story photos in the sitemaps; ETag on HEAD; Cache-Control on 404 and 410."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.utils import timezone

from articles.desk.operations import article_withdraw
from articles.photos.renditions import public_image
from tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    PhotoCaptionFactory,
    RightsNoticeFactory,
)

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "articles/wire/schemas/ninjs-schema_2.2.json").read_text()
)


def _ninjs(client, article):
    return client.get(f"{article.get_absolute_url()}ninjs.json")


def _valid(item):
    jsonschema.validate(item, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_withdrawn_story_is_a_valid_canceled_ninjs_item_without_text(client):
    article = ArticleFactory(headline="Pier rents rise")
    url = f"{article.get_absolute_url()}ninjs.json"
    article_withdraw(article=article, reason="Wrong figures.")
    response = client.get(url)
    assert response.status_code == 410
    item = json.loads(response.content)
    _valid(item)
    assert item["uri"] == f"http://testserver{article.get_absolute_url()}"
    assert item["pubstatus"] == "canceled"
    assert item["versioncreated"]
    assert "Pier rents" not in response.content.decode()
    assert "bodies" not in item and "headlines" not in item


def test_photo_associations_carry_the_copyright_and_items_a_version(client):
    notice = RightsNoticeFactory(notice="Copyright 2026 Gull Press.", holder="Gull Press")
    article = ArticleFactory(rights_notice=notice)
    PhotoCaptionFactory(article=article, is_lead=True)
    item = json.loads(_ninjs(client, article).content)
    _valid(item)
    (photo,) = item["associations"]
    assert photo["copyrightholder"] == "Gull Press"
    assert photo["copyrightnotice"] == "Copyright 2026 Gull Press."
    assert item["version"] == "1"
    CorrectionFactory(article=article, created_at=timezone.now())
    assert json.loads(_ninjs(client, article).content)["version"] == "2"


def test_source_fronts_and_story_photos_are_in_the_sitemaps(client):
    article = ArticleFactory(agency=True)
    photo = PhotoCaptionFactory(article=article, is_lead=True)
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-sources.xml" in index
    assert (
        "http://testserver/sources/northwind/"
        in client.get("/sitemap-sources.xml").content.decode()
    )
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert (
        f"<image:image><image:loc>http://testserver{public_image(photo).url}</image:loc></image:image>"
        in articles
    )


def test_head_on_a_story_carries_the_etag_of_its_get(client):
    article = ArticleFactory()
    got = client.get(article.get_absolute_url())
    head = client.head(article.get_absolute_url())
    assert head.status_code == 200
    assert head["ETag"] == got["ETag"]


@pytest.mark.parametrize("gone", [False, True])
def test_not_found_and_gone_pages_are_cached_briefly(client, gone):
    article = ArticleFactory()
    if gone:
        article_withdraw(article=article, reason="Wrong figures.")
        url, status = article.get_absolute_url(), 410
    else:
        url, status = "/2026/01/01/no-such-story/", 404
    response = client.get(url)
    assert response.status_code == status
    assert sorted(response["Cache-Control"].split(", ")) == ["max-age=60", "public"]


def test_a_missing_address_outside_the_stories_is_cached_briefly(client):
    response = client.get("/no/such/place/")
    assert response.status_code == 404
    assert "max-age=60" in response["Cache-Control"]


def test_an_empty_sitemap_section_is_left_out_of_the_index(client):
    ArticleFactory()  # no source, no tags
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-sources.xml" not in index and "sitemap-tags.xml" not in index
    assert client.get("/sitemap-sources.xml").status_code == 404
