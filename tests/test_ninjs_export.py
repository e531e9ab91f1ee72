"""ninjs 2.2 export of public stories: valid, honest about rights, public stories only."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from articles.models import Byline
from articles.photos.renditions import public_image
from articles.public.ninjs_export import article_to_ninjs
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    RestrictiveNoticeFactory,
    RightsNoticeFactory,
)

pytestmark = pytest.mark.django_db

# The IPTC schema, as the project keeps it (an unchanged copy: see its README).
ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "articles" / "wire" / "schemas" / "ninjs-schema_2.2.json"


# jsonschema checks "uri" and "date-time" only with optional packages; check them here.
FORMATS = FormatChecker()


@FORMATS.checks("uri", raises=ValueError)
def is_absolute_uri(value) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value


@FORMATS.checks("date-time", raises=ValueError)
def is_rfc3339(value) -> bool:
    return "T" in value and datetime.fromisoformat(value).tzinfo is not None


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    return Draft202012Validator(schema, format_checker=FORMATS)


def test_the_validator_checks_formats(validator):
    assert not validator.is_valid({"uri": "not a uri"})
    assert not validator.is_valid({"uri": "http://x.test/a", "versioncreated": "yesterday"})


def assert_valid(validator, item):
    errors = sorted(validator.iter_errors(item), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def full_story(notice=None):
    article = ArticleFactory(
        headline="Lighthouse keepers vote to stay on after automation",
        standfirst="The last three keepers of Cape Morrow keep their posts.",
        dateline="CAPE MORROW",
        source="Gullwing",
        source_identifier="gw-77",
        body=(
            "The keepers voted on Sunday.\n\n"
            '"The light needs hands as well as bulbs," said keeper Ada Voss.\n\n'
            "## A LONG WATCH\n\n"
            "The station has been manned since 1871."
        ),
        rights_notice=notice or RightsNoticeFactory(usage_terms="Free to share with a link."),
        tags=["coast", "jobs"],
    )
    BylineFactory(article=article, person=PersonFactory(name="Noor Haddad"), position=0)
    BylineFactory(
        article=article,
        person=PersonFactory(name="Ivo Kastelic"),
        role=Byline.Role.REPORTING,
        location="Cape Morrow",
        position=1,
    )
    BylineFactory(
        article=article,
        person=PersonFactory(name="Mara Quist"),
        role=Byline.Role.EDITING,
        position=2,
    )
    PhotoCaptionFactory(
        article=article,
        caption="The Cape Morrow light at dusk, May 2, 2025.",
        credit="GULLWING/Tomas Berg/File Photo",
        is_lead=True,
    )
    return article


def test_export_is_valid_ninjs_with_every_part(validator):
    article = full_story()

    item = article_to_ninjs(article)

    assert_valid(validator, item)
    assert item["uri"].endswith(article.get_absolute_url())
    assert item["type"] == "text"
    assert item["representationtype"] == "full"
    assert item["headlines"] == [
        {"role": "main", "value": "Lighthouse keepers vote to stay on after automation"}
    ]
    assert item["descriptions"][0]["value"].startswith("The last three keepers")
    assert item["by"] == "By Noor Haddad"
    assert [(p["name"], p["rel"]) for p in item["people"]] == [
        ("Noor Haddad", "author"),
        ("Ivo Kastelic", "reporting"),
        ("Mara Quist", "editing"),
    ]
    assert item["located"] == "CAPE MORROW"
    body = item["bodies"][0]
    assert body["contenttype"] == "text/html"
    assert body["value"].startswith("<p>CAPE MORROW (Gullwing) - The keepers voted")
    assert "<h2>A LONG WATCH</h2>" in body["value"]
    assert "The station has been manned since 1871." in body["value"]
    assert body["value"].endswith(
        "<p>(Reporting by Ivo Kastelic in Cape Morrow; Editing by Mara Quist)</p>"
    )
    notice = article.rights_notice
    assert item["copyrightnotice"] == notice.notice
    assert item["copyrightholder"] == notice.holder
    assert item["usageterms"] == "Free to share with a link."
    assert [s["name"] for s in item["subjects"]] == ["coast", "jobs"]
    [photo] = item["associations"]
    assert photo["type"] == "picture"
    assert photo["by"] == "GULLWING/Tomas Berg/File Photo"
    assert photo["descriptions"][0] == {
        "role": "caption",
        "value": "The Cape Morrow light at dusk, May 2, 2025.",
    }
    assert photo["people"] == [{"name": "Tomas Berg", "rel": "photographer"}]
    rendition = photo["renditions"][0]
    assert rendition["href"].startswith("http")
    assert rendition["href"].endswith(public_image(article.photos.get()).url)
    assert (rendition["width"], rendition["height"]) == (64, 36)


def test_restrictive_notice_keeps_the_body_out(validator):
    article = full_story(notice=RestrictiveNoticeFactory())

    item = article_to_ninjs(article)

    assert_valid(validator, item)
    assert "bodies" not in item
    assert item["representationtype"] == "partial"
    assert item["copyrightnotice"] == article.rights_notice.notice
    assert item["usageterms"].startswith("This material may not be published")
    assert "The station has been manned" not in json.dumps(item)


def test_photos_without_a_file_are_not_exported(validator):
    article = ArticleFactory()
    PhotoCaptionFactory(article=article, image=None)

    item = article_to_ninjs(article)

    assert_valid(validator, item)
    assert "associations" not in item


def test_ninjs_url_serves_public_stories(client, validator):
    article = full_story()
    url = reverse(
        "articles:ninjs",
        kwargs={
            "year": article.publication_date.year,
            "month": article.publication_date.month,
            "day": article.publication_date.day,
            "slug": article.slug,
        },
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    item = response.json()
    assert_valid(validator, item)
    assert item["uri"] == f"http://testserver{article.get_absolute_url()}"


def ninjs_url(article):
    day = article.publication_date
    return reverse(
        "articles:ninjs",
        kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": article.slug},
    )


@pytest.mark.parametrize("trait", ["draft", "scheduled", "embargoed"])
def test_stories_that_are_not_public_are_not_found(client, trait):
    article = ArticleFactory(**{trait: True})

    assert client.get(ninjs_url(article)).status_code == 404


def test_withdrawn_story_is_gone(client):
    article = ArticleFactory(withdrawn=True)

    assert client.get(ninjs_url(article)).status_code == 410


def test_wrong_date_is_not_found(client):
    article = ArticleFactory()
    day = article.publication_date - timedelta(days=3)
    url = reverse(
        "articles:ninjs",
        kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": article.slug},
    )

    assert client.get(url).status_code == 404


def test_export_command_writes_public_stories_to_stdout(validator):
    public = ArticleFactory(headline="Public one")
    ArticleFactory(draft=True, headline="Draft one")
    out = io.StringIO()

    call_command("export_ninjs", stdout=out)

    items = json.loads(out.getvalue())
    assert [i["headlines"][0]["value"] for i in items] == ["Public one"]
    assert items[0]["uri"].endswith(public.get_absolute_url())
    for item in items:
        assert_valid(validator, item)


def test_export_command_writes_given_ids_to_a_folder(tmp_path, validator):
    wanted = full_story()
    ArticleFactory()

    folder = tmp_path / "out"

    call_command("export_ninjs", str(wanted.pk), output=str(folder), stderr=io.StringIO())

    [written] = list(folder.iterdir())
    assert written.name == f"{wanted.publication_date:%Y-%m-%d}-{wanted.slug}.json"
    assert_valid(validator, json.loads(written.read_text()))


def test_export_command_refuses_stories_that_are_not_public():
    draft = ArticleFactory(draft=True)

    with pytest.raises(CommandError, match=str(draft.pk)):
        call_command("export_ninjs", str(draft.pk), stdout=io.StringIO())


def test_export_command_with_no_public_stories_prints_an_empty_list():
    ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    out = io.StringIO()

    call_command("export_ninjs", stdout=out)

    assert json.loads(out.getvalue()) == []


def test_a_story_exported_and_imported_again_keeps_its_parts(validator):
    """Round trip through ninjs with a permissive notice, so the body travels.

    Quotes are not carried by ninjs (it has no place for them): the parser finds
    them again in the body text, so they are compared as text and speaker only.
    """
    from articles.wire.ninjs_reader import parse_ninjs
    from articles.wire.preview import body_blocks

    article = full_story()
    article.body = (
        "The keepers voted on Sunday to stay on after the light is automated.\n\n"
        '"The light needs hands as well as bulbs," said Ada Voss, the senior keeper.\n\n'
        "## A LONG WATCH\n\n"
        "The station has been manned since 1871."
    )
    article.save()
    item = article_to_ninjs(article)
    assert_valid(validator, item)

    story = parse_ninjs(json.dumps(item))

    assert story.headline == article.headline
    assert story.standfirst == article.standfirst
    assert story.dateline == article.dateline
    assert story.source == article.source
    assert [(b.name, b.role, b.location) for b in story.bylines] == [
        (b.person.name, b.role, b.location) for b in article.bylines.all()
    ]
    assert body_blocks(story.body) == body_blocks(article.body)
    assert [(q.speaker, q.text) for q in story.quotes] == [
        ("Ada Voss", "The light needs hands as well as bulbs,")
    ]
    [photo] = story.photos
    stored = article.photos.get()
    assert (photo.caption, photo.credit) == (stored.caption, stored.credit)
    assert photo.href.endswith(public_image(stored).url)
    assert story.rights.notice == article.rights_notice.notice
    assert story.rights.holder == article.rights_notice.holder
    assert story.rights.usage_terms == article.rights_notice.usage_terms
    assert sorted(story.tags) == ["coast", "jobs"]
    assert story.published_at == article.published_at


def test_a_round_trip_through_the_store_changes_nothing(validator):
    """Re-importing our own export recreates the same parts in a new story."""
    from articles.wire.ninjs_reader import parse_ninjs
    from articles.wire.store import store_story

    article = full_story()
    story = parse_ninjs(json.dumps(article_to_ninjs(article)))

    copy = store_story(story).article

    assert copy.pk != article.pk
    assert (copy.headline, copy.dateline, copy.body) == (
        article.headline,
        article.dateline,
        article.body,
    )
    assert copy.rights_notice == article.rights_notice  # shared, not duplicated
    assert [(b.person, b.role, b.location) for b in copy.bylines.all()] == [
        (b.person, b.role, b.location) for b in article.bylines.all()
    ]
    assert copy.photos.get().credit == article.photos.get().credit
