"""The demo content (fixtures/demo.json): loads twice without duplicates, uses every part."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from taggit.models import Tag, TaggedItem

from articles.conventions.credits import split_credit
from articles.conventions.notice_parts import split_notice
from articles.models import (
    Article,
    Byline,
    Person,
    PhotoCaption,
    Quote,
    RightsNotice,
    TaggedArticle,
)

# Tests send MEDIA_ROOT to a temporary folder; the demo photos live in the project's own.
PROJECT_MEDIA = Path(__file__).resolve().parent.parent / "media"
MAX_IMAGE_BYTES = 150 * 1024

SAMPLE_IDENTIFIER = "nw-2025-0301-solar"
DRAFT_SLUG = "winter-ferry-timetable-fewer-crossings-later-last-boat"
EMBARGOED_SLUG = "port-alder-wins-grant-for-harbour-flood-defences"
WITHDRAWN_SLUG = "alder-point-lighthouse-restoration-to-finish-by-easter"

DEMO_MODELS = [Article, Person, Byline, Quote, PhotoCaption, RightsNotice, Tag, TaggedArticle]

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loaddata", "demo", verbosity=0)


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_loading_demo_twice_duplicates_nothing():
    call_command("loaddata", "demo", verbosity=0)
    first = _counts()
    call_command("loaddata", "demo", verbosity=0)

    assert _counts() == first
    empty = [m._meta.label for m in DEMO_MODELS if first[m._meta.label] == 0]
    assert empty == []


def test_at_least_six_stories_are_public(demo):
    assert Article.objects.published().count() >= 6


def test_every_public_story_prints_a_rights_notice(demo):
    public = list(Article.objects.published().select_related("rights_notice"))

    assert public
    assert [a.slug for a in public if not (a.rights_notice and a.rights_notice.notice)] == []


def test_no_demo_story_has_unverified_quotes(demo):
    articles = list(Article.objects.prefetch_related("quotes"))

    assert Quote.objects.filter(article__in=Article.objects.published()).exists()
    assert [a.slug for a in articles if a.unverified_quotes()] == []


def test_quotes_are_stored_without_their_quote_marks(demo):
    texts = list(Quote.objects.values_list("text", flat=True))

    assert texts
    marks = ('"', "“", "”", "'", "‘", "’")
    assert [t for t in texts if t.startswith(marks) or t.endswith(marks)] == []


def test_demo_has_own_stories_and_northwind_stories(demo):
    public = Article.objects.published().select_related("rights_notice")
    own = [a for a in public if a.is_own_story]
    agency = [a for a in public if a.source == "Northwind"]

    assert len(own) >= 2
    assert len(agency) >= 2
    assert all(a.rights_notice.allows_full_text for a in own)
    assert not any(a.rights_notice.allows_full_text for a in agency)
    assert all(a.source_identifier.startswith("nw-") for a in agency)
    assert all(a.rights_notice.holder == "Northwind Media" for a in agency)
    assert all(a.rights_notice.restriction for a in agency)


def test_rights_notices_keep_their_parts_and_fingerprint(demo):
    notices = list(RightsNotice.objects.all())

    assert notices
    for notice in notices:
        parts = split_notice(notice.notice)
        assert notice.fingerprint == RightsNotice.fingerprint_of(notice.notice)
        assert (notice.holder, notice.year) == (parts.holder, parts.year)
        assert (notice.statement, notice.restriction, notice.responsibility) == (
            parts.statement,
            parts.restriction,
            parts.responsibility,
        )


def test_sample_wire_story_is_rendered_faithfully(demo):
    story = Article.objects.get(source="Northwind", source_identifier=SAMPLE_IDENTIFIER)
    authors = story.bylines.filter(role=Byline.Role.AUTHOR).order_by("position")
    credits = {(b.role, b.person.name, b.location) for b in story.bylines.select_related("person")}

    assert story.headline == "Harbor city approves floating solar farm despite fishing concerns"
    assert story.dateline == "PORT ALDER"
    assert story.body.startswith("The city council of Port Alder voted 7-2 on Monday")
    assert "\n\n## SHADE AND SILT\n\n" in story.body
    assert [b.person.name for b in authors] == ["Dana Whitlock", "Omar Reyes"]
    assert ("reporting", "Omar Reyes", "Lisbon") in credits
    assert ("additional_reporting", "Kai Brandt", "") in credits
    assert ("editing", "Tom Hale", "") in credits
    assert story.quotes.count() == 6
    assert story.photos.get().credit == "NORTHWIND/Lena Fischer/File Photo"


def test_bodies_leave_the_dateline_to_the_page(demo):
    articles = list(Article.objects.exclude(dateline=""))

    assert articles
    assert [a.slug for a in articles if a.body.startswith(a.dateline)] == []
    assert [a.slug for a in Article.objects.all() if "<" in a.body] == []


def test_subheads_and_standfirsts_are_used(demo):
    public = Article.objects.published()

    assert public.filter(body__contains="\n## ").count() >= 2
    assert public.exclude(standfirst="").count() >= 2


def test_every_byline_role_appears(demo):
    roles = set(Byline.objects.values_list("role", flat=True))

    assert roles == set(Byline.Role.values)
    assert Byline.objects.exclude(location="").exists()


def test_full_partial_and_pull_quotes_from_several_speakers(demo):
    quotes = Quote.objects.filter(article__in=Article.objects.published())

    assert quotes.filter(is_partial=False).exists()
    assert quotes.filter(is_partial=True).exists()
    assert quotes.filter(is_pull_quote=True).count() >= 2
    assert quotes.values("speaker").distinct().count() >= 3
    assert not quotes.filter(speaker_title="").exists()


def test_draft_embargoed_and_withdrawn_stories_are_not_published(demo):
    now = timezone.now()
    draft = Article.objects.get(slug=DRAFT_SLUG)
    embargoed = Article.objects.get(slug=EMBARGOED_SLUG)
    withdrawn = Article.objects.get(slug=WITHDRAWN_SLUG)
    public = set(Article.objects.published().values_list("slug", flat=True))

    assert draft.status == Article.Status.DRAFT
    assert embargoed.status == Article.Status.PUBLISHED
    assert embargoed.published_at < now < embargoed.embargo_until
    assert withdrawn.status == Article.Status.WITHDRAWN
    assert withdrawn.withdrawn_at and withdrawn.withdrawal_reason
    assert public.isdisjoint({DRAFT_SLUG, EMBARGOED_SLUG, WITHDRAWN_SLUG})


def test_photo_credit_parts_match_the_printed_credit(demo):
    photos = list(PhotoCaption.objects.all())

    assert photos
    assert any(p.is_file_photo for p in photos)
    assert not all(p.is_file_photo for p in photos)
    for photo in photos:
        parts = split_credit(photo.credit)
        assert photo.credit, photo.caption
        assert (photo.agency, photo.photographer_name, photo.is_file_photo) == (
            parts.agency,
            parts.photographer,
            parts.file_photo,
        ), photo.credit
        assert photo.alt_text, photo.credit


def test_each_story_with_photos_has_exactly_one_lead(demo):
    articles = Article.objects.filter(photos__isnull=False).distinct()

    assert articles.exists()
    leads = {a.slug: a.photos.filter(is_lead=True).count() for a in articles}
    assert {slug: n for slug, n in leads.items() if n != 1} == {}


def test_every_demo_image_exists_in_the_project_media_folder(demo):
    photos = list(PhotoCaption.objects.all())

    assert photos
    for photo in photos:
        path = PROJECT_MEDIA / photo.image.name
        assert photo.image.name.startswith("demo/"), photo.image.name
        assert path.is_file(), path
        assert path.stat().st_size <= MAX_IMAGE_BYTES, path
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert image.size == (photo.width, photo.height), path


def test_public_stories_are_tagged(demo):
    public = list(Article.objects.published().prefetch_related("tags"))

    assert public
    assert [a.slug for a in public if not a.tags.all()] == []
    assert not TaggedItem.objects.exists()  # story tags live in TaggedArticle


def test_every_tag_and_person_of_a_public_demo_story_has_a_page(client, demo):
    """loaddata saves rows raw: the copies the tag and person lists walk are filled too."""
    stories = Article.objects.published()
    tags = Tag.objects.filter(
        pk__in=TaggedArticle.objects.filter(content_object__in=stories).values("tag_id")
    )
    people = Person.objects.filter(bylines__article__in=stories).distinct()
    assert tags and people
    for row in [*tags, *people]:
        url = f"/tags/{row.slug}/" if isinstance(row, Tag) else row.get_absolute_url()
        assert client.get(url).status_code == 200, url
