"""Storing parsed wire stories: idempotent, refuses to overwrite editors' work, all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.desk.operations import article_publish
from articles.models import Article, Byline, Person, PhotoCaption, Quote, RightsNotice
from articles.wire import wire_story as wire
from articles.wire.store import (
    CREATED,
    REFUSED,
    UNCHANGED,
    UPDATED,
    WITHDRAWN,
    article_digest,
    store_story,
)
from articles.wire.wire_story import WireError

pytestmark = pytest.mark.django_db

NOTICE = (
    "[© 2025 Gullwing News. All rights reserved.]This material may not be published, "
    "broadcast, rewritten or redistributed.\nGullwing News is solely responsible for this content."
)


def make_story(**changes) -> wire.WireStory:
    """An invented agency story (people, places and agency are made up)."""
    story = wire.WireStory(
        headline="Ferry strike ends after island council raises night pay",
        body=(
            "Ferry crews on Saltmarsh Island went back to work on Tuesday.\n\n"
            '"We got what we came for," said Petra Lund, spokeswoman for the crews.\n\n'
            "## WHAT CHANGES\n\n"
            "Night crossings resume from Friday."
        ),
        format="ninjs",
        standfirst="A five-day stoppage ends.",
        published_at=datetime(2025, 4, 1, 9, 30),
        dateline="SALTMARSH",
        source="Gullwing",
        source_identifier="gw-2025-0401-001",
        bylines=[
            wire.WireByline("Noor Haddad"),
            wire.WireByline("Ivo Kastelic", role=wire.REPORTING, location="Saltmarsh"),
            wire.WireByline("Mara Quist", role=wire.EDITING),
        ],
        quotes=[
            wire.WireQuote(
                "We got what we came for,",
                "Petra Lund",
                speaker_title="spokeswoman for the crews",
            )
        ],
        photos=[
            wire.WirePhoto(
                "A ferry leaves Saltmarsh harbour at dawn, March 30, 2025.",
                credit="GULLWING/Tomas Berg/File Photo",
                alt_text="A white ferry on grey water.",
            )
        ],
        rights=wire.WireRights(notice=NOTICE, holder="Gullwing News", year=2025),
        tags=["transport", "Saltmarsh"],
        warnings=["Check the dateline."],
    )
    return replace(story, **changes)


def test_new_story_is_stored_as_a_draft_with_every_part():
    result = store_story(make_story())

    assert result.action == CREATED
    article = result.article
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Ferry strike ends after island council raises night pay"
    assert article.slug == "ferry-strike-ends-after-island-council-raises-night-pay"
    assert article.standfirst == "A five-day stoppage ends."
    assert (article.dateline, article.source) == ("SALTMARSH", "Gullwing")
    assert article.source_identifier == "gw-2025-0401-001"
    assert article.wire_format == "ninjs"
    assert article.imported_at is not None
    assert article.import_checksum == article_digest(article)
    # A naive agency time is read in the newsroom's zone (Europe/Lisbon, UTC+1 in April).
    assert article.filed_at == datetime(2025, 4, 1, 8, 30, tzinfo=UTC)
    assert article.published_at is None  # set when an editor publishes it
    assert [(b.person.name, b.role, b.location) for b in article.bylines.all()] == [
        ("Noor Haddad", "author", ""),
        ("Ivo Kastelic", "reporting", "Saltmarsh"),
        ("Mara Quist", "editing", ""),
    ]
    quote = article.quotes.get()
    assert (quote.speaker.name, quote.speaker_title, quote.text, quote.is_partial) == (
        "Petra Lund",
        "spokeswoman for the crews",
        "We got what we came for,",
        False,
    )
    assert quote.is_verified
    # The title as printed stays on the quote; the person's current title is the editors'.
    assert quote.speaker.title == ""
    photo = article.photos.get()
    assert photo.credit == "GULLWING/Tomas Berg/File Photo"
    assert (photo.agency, photo.photographer_name, photo.is_file_photo) == (
        "GULLWING",
        "Tomas Berg",
        True,
    )
    assert photo.photographer.name == "Tomas Berg"
    assert photo.is_lead
    assert photo.alt_text == "A white ferry on grey water."
    notice = article.rights_notice
    assert notice.notice == NOTICE
    assert (notice.holder, notice.year) == ("Gullwing News", 2025)
    assert notice.responsibility == "Gullwing News is solely responsible for this content."
    assert sorted(article.tags.names()) == ["Saltmarsh", "transport"]
    assert result.warnings == ["Check the dateline."]


def test_the_same_story_imported_twice_is_one_story():
    first = store_story(make_story())
    second = store_story(make_story())

    assert second.action == UNCHANGED
    assert second.article.pk == first.article.pk
    assert "already up to date" in second.message
    assert Article.objects.count() == 1
    assert Byline.objects.count() == 3
    assert Quote.objects.count() == 1
    assert PhotoCaption.objects.count() == 1


def test_plain_text_without_agency_id_is_recognised_by_source_date_and_headline():
    story = make_story(source_identifier="", format="text")
    first = store_story(story)
    again = store_story(make_story(source_identifier="", format="text"))
    other_day = store_story(
        make_story(source_identifier="", format="text", published_at=datetime(2025, 4, 2, 9))
    )

    assert first.article.import_fingerprint
    assert again.action == UNCHANGED
    assert again.article.pk == first.article.pk
    assert other_day.action == CREATED
    assert Article.objects.count() == 2


def test_agency_update_rewrites_an_untouched_draft():
    first = store_story(make_story()).article
    update = make_story(
        body=make_story().body + "\n\nThe council meets again in May.",
        bylines=[wire.WireByline("Noor Haddad"), wire.WireByline("Lia Moreau")],
        quotes=[],
        photos=[],
        tags=["transport"],
    )

    result = store_story(update)

    assert result.action == UPDATED
    article = Article.objects.get()
    assert article.pk == first.pk
    assert article.slug == first.slug
    assert article.body.endswith("The council meets again in May.")
    assert [b.person.name for b in article.bylines.all()] == ["Noor Haddad", "Lia Moreau"]
    assert not article.quotes.exists()
    assert not article.photos.exists()
    assert list(article.tags.names()) == ["transport"]
    assert article.import_checksum == article_digest(article)
    assert Person.objects.filter(name="Noor Haddad").count() == 1


def test_update_is_refused_after_an_editor_changed_the_draft():
    article = store_story(make_story()).article
    article.body += "\n\nAn editor's extra paragraph."
    article.save()

    result = store_story(make_story(headline=make_story().headline + " (update)"))

    assert result.action == REFUSED
    assert "changed by an editor since it was imported" in result.message
    assert "Force" in result.message
    article.refresh_from_db()
    assert article.body.endswith("An editor's extra paragraph.")
    assert not article.headline.endswith("(update)")


def test_an_editors_change_to_a_part_counts_too():
    article = store_story(make_story()).article
    quote = article.quotes.get()
    quote.is_pull_quote = True
    quote.save()

    assert store_story(make_story(standfirst="Changed.")).action == REFUSED


def test_saving_without_changes_is_not_an_editors_change():
    article = store_story(make_story()).article
    Article.objects.get(pk=article.pk).save()  # e.g. "Save" in the admin, nothing changed

    assert store_story(make_story(standfirst="New summary.")).action == UPDATED


def test_force_replaces_an_editors_changes():
    article = store_story(make_story()).article
    article.body = "Rewritten by an editor."
    article.save()

    result = store_story(make_story(standfirst="Agency's new summary."), force=True)

    assert result.action == UPDATED
    article.refresh_from_db()
    assert article.standfirst == "Agency's new summary."
    assert article.body.startswith("Ferry crews")
    # From now on the forced version is the imported one.
    assert store_story(make_story(standfirst="Agency's new summary.")).action == UNCHANGED


def test_update_of_a_published_story_is_refused_unless_forced(editor):
    article = store_story(make_story()).article
    article_publish(article=article, user=editor)

    refused = store_story(make_story(standfirst="A correction."))
    assert refused.action == REFUSED
    assert "already published" in refused.message

    forced = store_story(make_story(standfirst="A correction."), force=True)
    assert forced.action == UPDATED
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.standfirst == "A correction."


def test_kill_notice_withdraws_the_story(editor):
    article = store_story(make_story()).article
    article_publish(article=article, user=editor)

    result = store_story(make_story(pubstatus="canceled", body=""))

    assert result.action == WITHDRAWN
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert "Gullwing" in article.withdrawal_reason
    assert store_story(make_story(pubstatus="canceled")).action == UNCHANGED


def test_kill_notice_for_an_unknown_story_writes_nothing():
    result = store_story(make_story(pubstatus="canceled"))

    assert result.action == UNCHANGED
    assert "nothing to withdraw" in result.message
    assert not Article.objects.exists()


def test_kill_notice_needs_permission_when_a_user_imports_it(reporter):
    article = store_story(make_story()).article

    result = store_story(make_story(pubstatus="canceled"), user=reporter)

    assert result.action == REFUSED
    assert "permission" in result.message
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_people_are_matched_by_name_whatever_the_case_and_spacing():
    Person.objects.create(name="Petra Lund", title="")
    store_story(make_story())
    store_story(
        make_story(
            source_identifier="gw-2",
            bylines=[wire.WireByline("noor  HADDAD")],
            quotes=[wire.WireQuote("Enough.", "PETRA LUND", speaker_title="crew leader")],
        )
    )

    assert Person.objects.filter(name__iexact="petra lund").count() == 1
    assert Person.objects.filter(name__iexact="noor haddad").count() == 1
    # Imports never write a person's current title (it shows on their public page).
    assert Person.objects.get(name="Petra Lund").title == ""


def test_same_rights_notice_is_shared_and_keeps_the_editors_choice():
    existing = RightsNotice.objects.create(notice=NOTICE.replace("\n", " "), allows_full_text=True)
    store_story(make_story())
    store_story(make_story(source_identifier="gw-2", headline="Another story"))

    assert RightsNotice.objects.count() == 1
    assert Article.objects.filter(rights_notice=existing).count() == 2
    existing.refresh_from_db()
    assert existing.allows_full_text


def test_repeated_bylines_are_stored_once():
    story = make_story(bylines=[wire.WireByline("Noor Haddad"), wire.WireByline("Noor Haddad")])

    result = store_story(story)

    assert result.article.bylines.count() == 1
    assert any("Repeated" in w for w in result.warnings)
    assert store_story(story).action == UNCHANGED


def test_nothing_is_half_written_when_a_part_is_invalid():
    story = make_story(quotes=[wire.WireQuote("Too long a name.", "X" * 250)])

    with pytest.raises(WireError, match=r"Quote from|Person"):
        store_story(story)

    assert not Article.objects.exists()
    assert not Person.objects.exists()
    assert not Byline.objects.exists()
    assert not RightsNotice.objects.exists()


def test_nothing_is_half_written_when_the_database_refuses_midway(monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("photo_one_lead_per_article")

    monkeypatch.setattr(PhotoCaption, "save", broken_save)

    with pytest.raises(IntegrityError):
        store_story(make_story())

    assert not Article.objects.exists()
    assert not Person.objects.exists()
    assert not Byline.objects.exists()
    assert not Quote.objects.exists()
    assert not RightsNotice.objects.exists()


def test_a_failed_update_leaves_the_previous_version_whole():
    article = store_story(make_story()).article
    bad = make_story(standfirst="New.", bylines=[wire.WireByline("Noor Haddad", role="janitor")])

    with pytest.raises(WireError, match="role"):
        store_story(bad)

    article.refresh_from_db()
    assert article.standfirst == "A five-day stoppage ends."
    assert article.bylines.count() == 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"headline": "  "}, "no headline"), ({"body": "\n"}, "no body")],
)
def test_a_story_without_headline_or_body_is_refused(changes, message):
    with pytest.raises(WireError, match=message):
        store_story(make_story(**changes))
    assert not Article.objects.exists()


def test_headline_too_long_is_a_clear_error():
    with pytest.raises(WireError, match="headline"):
        store_story(make_story(headline="Long " * 100))


def test_dry_run_says_what_would_happen_and_writes_nothing():
    result = store_story(make_story(), dry_run=True)

    assert (result.action, result.article, result.dry_run) == (CREATED, None, True)
    assert not Article.objects.exists()
    assert not Person.objects.exists()

    stored = store_story(make_story()).article
    update = store_story(make_story(standfirst="New."), dry_run=True)
    assert update.action == UPDATED
    assert update.article.pk == stored.pk
    stored.refresh_from_db()
    assert stored.standfirst == "A five-day stoppage ends."


def test_embargo_and_aware_times_are_kept():
    embargo = datetime(2025, 4, 2, 6, 0, tzinfo=UTC)
    article = store_story(
        make_story(published_at=datetime(2025, 4, 1, 9, tzinfo=UTC), embargo_until=embargo)
    ).article

    assert article.embargo_until == embargo
    assert article.filed_at == datetime(2025, 4, 1, 9, tzinfo=UTC)
    assert not Article.objects.published(now=timezone.now()).exists()  # a draft


def test_withheld_story_is_imported_with_a_warning():
    result = store_story(make_story(pubstatus="withheld"))

    assert result.action == CREATED
    assert any("withheld" in w for w in result.warnings)


def test_an_uploaded_picture_survives_an_agency_update(run_jobs):
    from django.core.files.base import ContentFile

    from tests.factories import PhotoCaptionFactory

    article = store_story(make_story()).article
    photo = article.photos.get()
    upload = PhotoCaptionFactory.build().image  # a small generated picture
    photo.image.save("ferry.jpg", ContentFile(upload.read()), save=True)
    run_jobs()  # the worker makes its renditions
    # Uploading the file the caption was waiting for is not an editor's change.
    result = store_story(make_story(standfirst="Updated summary."))

    assert result.action == UPDATED
    photo = PhotoCaption.objects.get(article=article)
    assert photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height) == (64, 48)
    assert photo.is_ready  # its renditions came along: nothing to make again


def test_an_imported_story_goes_public_at_the_time_an_editor_publishes_it(editor):
    article = store_story(make_story(published_at=datetime(2025, 4, 1, 9, tzinfo=UTC))).article
    before = timezone.now()
    article_publish(article=article, user=editor)
    article.refresh_from_db()
    assert article.published_at >= before  # not the agency's date of months ago
    assert article.filed_at == datetime(2025, 4, 1, 9, tzinfo=UTC)
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_a_kill_that_carries_only_the_item_uri_finds_the_story():
    uri = "urn:newsml:northwind.example:20250401:ferry-strike"
    article = store_story(make_story(source="Northwind", source_identifier=uri)).article
    kill = make_story(source="", source_identifier=uri, pubstatus="canceled")

    result = store_story(kill)

    assert result.action == WITHDRAWN
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN


def test_a_bare_number_is_not_enough_to_match_another_source():
    store_story(make_story(source="Northwind", source_identifier="1234"))
    result = store_story(make_story(source="", source_identifier="1234", pubstatus="canceled"))
    assert result.action == UNCHANGED  # "a story we do not have": never another agency's


def test_the_imports_revision_is_the_story_as_stored():
    from articles.desk.revisions import snapshot

    created = store_story(make_story()).article
    updated = store_story(make_story(body=make_story().body + "\n\nCrossings are full.")).article

    for article in (created, updated):
        article.refresh_from_db()
        latest = article.revisions.order_by("-version", "-pk").first()
        assert latest.snapshot == snapshot(article)  # what a fresh read of the rows gives
        assert latest.version == article.version
    assert [r.action for r in updated.revisions.order_by("pk")] == ["imported", "imported"]


def _people(n: int, start: int = 0) -> list[wire.WireByline]:
    return [wire.WireByline(f"Reporter {chr(65 + i)} Quist") for i in range(start, start + n)]


def test_storing_a_story_costs_one_query_per_new_person_and_a_fixed_number_besides(
    django_assert_num_queries,
):
    from django.db import connection

    # The savepoint, the story, the notice, the people (their locks and a second look on
    # PostgreSQL), the new people's slugs, the story's slug and row, bylines, quotes, the
    # photo (and its story's page stamp moved: articles.public.story_pages), the audit entry, the
    # revision, the release; and an insert for each new person.
    fixed = 14 + (2 if connection.vendor == "postgresql" else 0)
    store_story(make_story(source_identifier="warm-up"))  # notice and tags exist from here on
    for n, start in ((2, 0), (6, 2)):
        story = make_story(source_identifier=f"gw-{n}", tags=[], bylines=_people(n, start))
        with django_assert_num_queries(fixed + n):
            assert store_story(story).action == CREATED


def test_new_people_whose_names_make_the_same_slug_get_slugs_of_their_own():
    Person.objects.create(name="Jose Lopez")  # slug "jose-lopez"
    bylines = [wire.WireByline("José Lopez"), wire.WireByline("Jose López")]
    story = make_story(bylines=[*bylines, wire.WireByline("Jose López", role=wire.EDITING)])

    article = store_story(story).article

    people = {b.person.name: b.person.slug for b in article.bylines.all()}
    assert people == {"José Lopez": "jose-lopez-2", "Jose López": "jose-lopez-3"}
    assert Person.objects.filter(name="Jose Lopez").get().slug == "jose-lopez"
