"""Purging the accelerator: the keys a change touches, through the outbox, after the commit."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from articles.delivery import purging
from articles.desk.operations import article_publish, article_withdraw
from articles.models import Job
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    RightsNoticeFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as a committed transaction would (the test's own never commits)."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def public_story(committed, accelerator):
    section = SectionFactory(slug="harbour-desk")
    story = committed(
        lambda: ArticleFactory(
            agency=True, tags=["harbour"], headline="Quay reopens", section=section
        )
    )
    accelerator.received.clear()
    Job.objects.all().delete()  # the story's own purges: each test looks at its own
    return story


def test_a_new_public_story_purges_every_list_it_joins(accelerator, committed):
    person = PersonFactory()

    def publish():
        article = ArticleFactory(agency=True, tags=["harbour"], headline="Quay reopens")
        BylineFactory(article=article, person=person)
        return article

    article = committed(publish)
    expected = {
        f"story-{article.pk}",
        f"slug-{article.slug}",
        "tag-harbour",
        "source-northwind",
        f"person-{person.pk}",
        *("front", "latest", "feed", "sitemaps", "search", "corrections"),
    }
    assert expected <= accelerator.keys
    assert "all" not in accelerator.keys


def test_editing_a_public_story_purges_it_and_no_other_list(accelerator, committed, public_story):
    public_story.headline = "Quay reopens after repairs"
    committed(public_story.save)
    keys = {f"story-{public_story.pk}", f"slug-{public_story.slug}", "search", "sitemaps"}
    assert accelerator.keys == keys  # the lists showing it carry story-<pk>; nothing else


def test_a_moved_story_purges_the_lists_it_left_and_joined(accelerator, committed, public_story):
    public_story.section = SectionFactory(slug="coast")
    committed(public_story.save)
    assert {"section-harbour-desk", "section-coast", "latest", "front"} <= accelerator.keys


def test_a_slug_change_purges_the_old_address(accelerator, committed, public_story):
    old = public_story.slug
    public_story.slug = "quay-reopens-at-last"
    committed(public_story.save)
    assert {f"slug-{old}", "slug-quay-reopens-at-last"} <= accelerator.keys


def test_a_drafts_save_purges_nothing_and_leaves_no_job(accelerator, committed):
    draft = committed(lambda: ArticleFactory(draft=True))
    draft.headline = "Still a draft"
    committed(draft.save)
    assert accelerator.received == []
    assert not Job.objects.filter(task=purging.PURGE).exists()


def test_publishing_and_withdrawing_purge_the_lists(accelerator, committed):
    draft = committed(lambda: ArticleFactory(draft=True, tags=["ferry"]))
    committed(lambda: article_publish(article=draft))
    assert {"front", "latest", "feed", "tag-ferry", f"story-{draft.pk}"} <= accelerator.keys
    accelerator.received.clear()
    committed(lambda: article_withdraw(article=draft, reason="Legal advice."))
    assert f"story-{draft.pk}" in accelerator.keys  # every list showing it carries it


def test_a_rights_notice_edit_purges_its_stories_and_a_new_limit_everything(
    accelerator, committed, public_story
):
    notice = public_story.rights_notice
    notice.notice = "© 2026 The Harbour Ledger. Share with a link."
    committed(notice.save)
    assert accelerator.keys == {f"notice-{notice.pk}"}
    accelerator.received.clear()
    notice.display_days = 3
    committed(notice.save)
    assert accelerator.keys == {"all"}  # stories leave every list at once


def test_a_person_edit_purges_their_pages(accelerator, committed):
    person = committed(lambda: PersonFactory(name="Rosa Quist"))
    committed(lambda: BylineFactory(person=person))
    accelerator.received.clear()
    person.name = "Rosa Quist-Lund"
    committed(person.save)
    assert accelerator.keys == {f"person-{person.pk}"}


def test_a_section_rename_purges_its_front_and_every_header(accelerator, committed):
    section = committed(lambda: SectionFactory(slug="coast"))
    section.name = "The coast"
    committed(section.save)
    assert accelerator.keys == {"section-coast", "nav"}


def test_a_new_notice_or_person_purges_nothing(accelerator, committed):
    committed(RightsNoticeFactory)
    committed(PersonFactory)
    assert accelerator.received == []


def test_the_purge_is_recorded_in_the_writers_transaction(accelerator, public_story):
    with transaction.atomic():
        public_story.headline = "Changed, then rolled back"
        public_story.save()
        assert Job.objects.filter(task=purging.PURGE, state=Job.State.PENDING).exists()
        transaction.set_rollback(True)
    assert not Job.objects.filter(task=purging.PURGE).exists()  # gone with the change
    assert accelerator.received == []  # and nothing was sent before a commit


def test_the_second_purge_follows_a_moment_later(accelerator, committed, public_story, run_jobs):
    public_story.headline = "Quay reopens, second take"
    committed(public_story.save)
    repeat = Job.objects.get(task=purging.PURGE, state=Job.State.PENDING)
    assert repeat.run_after > timezone.now()
    assert repeat.payload["keys"] == sorted(accelerator.keys) and not repeat.payload["repeat"]
    Job.objects.filter(pk=repeat.pk).update(run_after=timezone.now())
    run_jobs()
    assert len(accelerator.received) == 2 and accelerator.received[0] == accelerator.received[1]


def test_an_accelerator_that_is_down_never_breaks_a_save_and_is_purged_when_back(
    accelerator, committed, public_story, run_jobs
):
    accelerator.down = True
    public_story.headline = "Saved while the accelerator was away"
    committed(public_story.save)  # the save works
    job = Job.objects.get(task=purging.PURGE)
    assert job.state == Job.State.PENDING and job.attempts == 1 and "503" in job.last_error
    accelerator.down = False
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert run_jobs()["done"] >= 1
    assert f"story-{public_story.pk}" in accelerator.keys


def test_a_purge_whose_writer_died_before_naming_its_keys_purges_everything(accelerator, run_jobs):
    job = Job.objects.create(
        task=purging.PURGE,
        queue="delivery",
        payload={"named": False},
        run_after=timezone.now() - timedelta(seconds=1),
    )
    run_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert accelerator.received == [{"all"}]


def test_the_clock_purges_a_story_when_its_time_comes(accelerator, committed, run_jobs):
    from unittest import mock

    from articles.delivery import clock

    soon = timezone.now() + timedelta(minutes=5)
    story = committed(lambda: ArticleFactory(headline="Tide tables", published_at=soon))
    assert accelerator.received == []  # scheduled: nobody sees it yet
    committed(clock.tick)  # before its time: nothing crossed
    assert accelerator.received == []
    with mock.patch("django.utils.timezone.now", return_value=soon + timedelta(seconds=1)):
        committed(clock.tick)
    assert {f"story-{story.pk}", "front", "latest", "feed"} <= accelerator.keys


def test_a_published_storys_page_is_rendered_before_its_first_reader(committed, run_jobs):
    from articles.models import RenderedStory

    draft = committed(lambda: ArticleFactory(draft=True))
    article_publish(article=draft)
    assert Job.objects.filter(task="public.warm_story").exists()
    run_jobs()
    assert RenderedStory.objects.filter(article=draft).exists()


def test_the_licence_refresh_command_purges_every_page(accelerator, committed, public_story):
    from io import StringIO

    from django.core.management import call_command

    committed(lambda: call_command("refresh_licence_expiry", stdout=StringIO()))
    assert "all" in accelerator.keys  # its UPDATEs send no signal: everything goes
