"""Stored story page parts: a cache miss reads two rows, and no change is ever hidden."""

from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, models
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from articles.delivery import changes
from articles.desk.operations import article_add_correction, article_withdraw
from articles.desk.shared_rows import merge_tags
from articles.models import Article, RenderedStory, Section, TaggedArticle
from articles.models.story import story_part_prefetches
from articles.public import story_pages
from articles.public.selectors import story_page
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    section = SectionFactory(name="Harbour")
    article = ArticleFactory(
        headline="Harbour wall repaired", section=section, tags=["harbour", "works"]
    )
    BylineFactory(article=article, person__name="Ines Castell")
    QuoteFactory(article=article, speaker__name="Hugo Berg", text="We will build it,")
    PhotoCaptionFactory(article=article, caption="The mended wall at low tide.")
    return article


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


# -- the fast path ------------------------------------------------------------------


def test_a_story_page_with_stored_parts_costs_two_queries(client, story, django_assert_num_queries):
    first = page(client, story)
    with django_assert_num_queries(2):  # the story with its parts; the related stories
        second = page(client, story)
    assert second == first
    assert RenderedStory.objects.filter(article=story).exists()


def test_rendering_the_parts_costs_the_same_queries_whatever_their_number(
    client, section_nav_cached
):
    small, big = ArticleFactory(), ArticleFactory()
    BylineFactory(article=small)
    for _ in range(8):
        BylineFactory(article=big)
        QuoteFactory(article=big)
        PhotoCaptionFactory(article=big)
    counts = []
    for article in (small, big):
        with CaptureQueriesContext(connection) as queries:
            page(client, article)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_stored_page_is_the_page_rendered_from_scratch(client, story):
    stored = page(client, story)
    page(client, story)
    RenderedStory.objects.all().delete()
    assert page(client, story) == stored


# -- never stale ----------------------------------------------------------------------


def _rename_author(article):
    person = article.bylines.get().person
    person.name = "Ines Castell-Moreno"
    person.save()
    return "Ines Castell-Moreno"


def _rename_speaker(article):
    quote = article.quotes.get()
    quote.speaker.name = "Hugo Bergström"
    quote.speaker.save()
    quote.is_pull_quote = True
    quote.save()
    return "Hugo Bergström"


def _rename_photographer(article):
    photo = article.photos.get()
    photo.credit = "NORTHWIND/Lena Fischer"
    photo.photographer = PersonFactory(name="Lena Fischer")
    photo.save()
    photo.photographer.name = "Lena Fischer-Holm"
    photo.photographer.save()
    return "Lena Fischer-Holm"


def _edit_headline(article):
    article.headline = "Harbour wall repaired at last"
    article.save()
    return "Harbour wall repaired at last"


def _add_byline(article):
    BylineFactory(article=article, person__name="Tilde Varga")
    return "Tilde Varga"


def _edit_caption(article):
    photo = article.photos.get()
    photo.caption = "Masons at work on the wall."
    photo.save()
    return "Masons at work on the wall."


def _rename_tag(article):
    tag = Tag.objects.get(name="harbour")
    tag.name = "harbour works"
    tag.save()
    return "harbour works"


def _add_tag(article):
    article.tags.add("sea defences")
    return "sea defences"


def _edit_notice(article):
    notice = article.rights_notice
    notice.notice = "© 2026 Gullwing News. Republished under licence."
    notice.save()
    return "Republished under licence."


def _rename_section(article):
    section = Section.objects.get(name="Harbour")
    section.name = "Harbour and coast"
    section.save()
    return "Harbour and coast"


def _add_correction(article):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename="publish_article"))
    article_add_correction(
        article=article,
        user=editor,
        kind="correction",
        text="An earlier version misspelt the mason's name.",
    )
    return "misspelt the mason"


def _merge_tags(article):
    target = Tag.objects.create(name="coast")
    merge_tags(target=target, tags=[Tag.objects.get(name="works")])
    return "coast"


CHANGES = [
    _edit_headline,
    _add_byline,
    _rename_author,
    _rename_speaker,
    _rename_photographer,
    _edit_caption,
    _rename_tag,
    _add_tag,
    _edit_notice,
    _rename_section,
    _add_correction,
    _merge_tags,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_every_change_shows_on_the_next_view(client, story, change):
    page(client, story)
    page(client, story)  # stored and used
    expected = change(Article.objects.get(pk=story.pk))
    assert expected in page(client, Article.objects.get(pk=story.pk))


def test_removing_a_tag_shows_on_the_next_view(client, story):
    assert 'rel="tag">works<' in page(client, story)
    story.tags.remove("works")
    assert 'rel="tag">works<' not in page(client, story)


def test_deleting_a_photographer_unlinks_the_credit(client, story):
    photo = story.photos.get()
    photo.credit = "NORTHWIND/Lena Fischer"
    photo.photographer = PersonFactory(name="Lena Fischer", slug="lena-fischer")
    photo.save()
    assert "/people/lena-fischer/" in page(client, story)
    photo.photographer.delete()  # SET_NULL: no signal for the caption itself
    assert "/people/lena-fischer/" not in page(client, story)


def test_a_render_that_raced_with_a_change_is_never_used(client, story):
    """A reader loads the story, an editor renames its author, the reader stores what it saw."""
    stale = story_page().get(pk=story.pk)
    models.prefetch_related_objects([stale], *story_part_prefetches())  # read before the change
    _rename_author(story)
    request = RequestFactory().get(story.get_absolute_url())
    story_pages.parts_for(request, stale)  # stored under the stamp it was read with
    assert RenderedStory.objects.filter(article=story).exists()
    assert "Ines Castell-Moreno" in page(client, story)


def test_withdrawing_a_story_with_stored_parts_answers_410(client, story):
    page(client, story)
    article_withdraw(article=Article.objects.get(pk=story.pk), reason="Legal advice.")
    assert client.get(story.get_absolute_url()).status_code == 410


def test_a_new_site_name_re_renders_the_parts(client, story, settings):
    page(client, story)
    settings.NEWSROOM_NAME = "The Saltmarsh Courier"
    html = page(client, story)
    assert '<meta property="og:site_name" content="The Saltmarsh Courier">' in html


def test_each_site_address_gets_its_own_absolute_links(client, story, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]
    page(client, story)
    other = client.get(story.get_absolute_url(), HTTP_HOST="news.example.org").content.decode()
    assert f'<link rel="canonical" href="http://news.example.org{story.get_absolute_url()}">' in (
        other
    )
    assert "http://testserver/" not in other


def test_previews_are_rendered_fresh_and_never_stored(client, editor, story):
    client.force_login(editor)
    response = client.get(story.get_preview_url())
    assert response.status_code == 200
    assert not RenderedStory.objects.exists()


def test_every_model_is_known_to_show_on_pages_or_not():
    """A model added later must say where it is shown (articles.delivery.changes)."""
    declared = {Article, TaggedArticle, *changes.PARTS, *changes.SHARED, *changes.NOWHERE}
    unknown = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in changes.WATCHED_APPS and model not in declared
    ]
    assert unknown == []


# -- the command ----------------------------------------------------------------------


def test_rebuild_story_pages_drops_and_renders_again(client, story, settings, capsys):
    settings.ALLOWED_HOSTS = ["testserver", "news.example.org"]
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    page(client, story)
    call_command("rebuild_story_pages")
    assert not RenderedStory.objects.exists()
    call_command("rebuild_story_pages", origin="https://news.example.org")
    assert "1 public stories rendered" in capsys.readouterr().out
    stored = RenderedStory.objects.get()
    assert stored.article_id == story.pk
    assert "https://news.example.org/" in stored.head


def test_rebuild_story_pages_refuses_a_bad_origin():
    with pytest.raises(CommandError, match="--origin"):
        call_command("rebuild_story_pages", origin="news.example.org")


def test_a_failure_to_store_the_parts_only_costs_speed(client, story, caplog):
    with mock.patch.object(
        RenderedStory.objects, "bulk_create", side_effect=DatabaseError("disk full")
    ):
        html = page(client, story)
    assert "Harbour wall repaired" in html
    assert "Could not store the rendered parts" in caplog.text
    assert not RenderedStory.objects.exists()


def test_rebuild_story_pages_refuses_a_host_the_site_does_not_serve():
    with pytest.raises(CommandError, match="DJANGO_ALLOWED_HOSTS"):
        call_command("rebuild_story_pages", origin="https://elsewhere.example")


def test_rebuild_story_pages_stores_missing_body_html(capsys):
    story = ArticleFactory(body="First *paragraph*.")
    Article.objects.bulk_create(
        [Article(headline="Made in bulk", slug="made-in-bulk", body="Bulk **text**.")]
    )
    bulk = Article.objects.get(slug="made-in-bulk")
    assert bulk.body_html_version == 0
    assert "<strong>text</strong>" in bulk.body_as_html()  # rendered on the fly meanwhile
    call_command("rebuild_story_pages")
    assert "1 stories' body HTML stored" in capsys.readouterr().out
    bulk.refresh_from_db()
    assert bulk.body_html == "<p>Bulk <strong>text</strong>.</p>\n"
    story.refresh_from_db()
    assert story.body_html == "<p>First <em>paragraph</em>.</p>\n"


def test_saving_the_body_stores_its_html():
    story = ArticleFactory(body="One.")
    story.body = "Two *words*."
    story.save(update_fields=["body"])
    story.refresh_from_db()
    assert story.body_html == "<p>Two <em>words</em>.</p>\n"


@pytest.mark.parametrize(
    ("setting", "value", "printed"),
    [
        ("NEWSROOM_TWITTER", "@harbourledger", "@harbourledger"),
        ("NEWSROOM_LICENSING_URL", "https://licensing.example/", "https://licensing.example/"),
        ("NEWSROOM_LOGO_WIDTH", 640, '"width": 640'),
        ("NEWSROOM_NAME", "The Saltmarsh Courier", "The Saltmarsh Courier"),
    ],
)
def test_a_setting_the_stored_parts_print_renders_them_again(
    client, story, settings, setting, value, printed
):
    assert printed not in page(client, story)  # stored under the old settings
    setattr(settings, setting, value)
    assert printed in page(client, story)


# -- the frame around the parts -------------------------------------------------------------


def test_a_kept_frame_prints_the_page_rendered_from_scratch(client, story):
    ArticleFactory(headline="Harbour crane arrives", tags=["harbour"])
    first = page(client, story)
    assert "Harbour crane arrives" in first  # a related story, in the frame's hole
    assert page(client, story) == first
    story_pages.forget_frames()
    assert page(client, story) == first


def test_related_stories_change_on_the_next_view_without_the_story_changing(client, story):
    assert 'class="related"' not in page(client, story)
    other = ArticleFactory(headline="Harbour crane arrives", tags=["harbour"])
    assert "Harbour crane arrives" in page(client, story)
    other.headline = "Harbour crane arrives early"
    other.save()
    assert "Harbour crane arrives early" in page(client, story)
    other.tags.clear()
    assert 'class="related"' not in page(client, story)


def test_the_header_navigation_changes_on_the_next_view(
    client, story, django_capture_on_commit_callbacks
):
    other = SectionFactory(name="Ferries", slug="ferries")
    assert 'href="/sections/ferries/">Ferries</a>' in page(client, story)
    with django_capture_on_commit_callbacks(execute=True):  # its keys are forgotten after it
        other.name = "Ferries and boats"
        other.save()
    assert 'href="/sections/ferries/">Ferries and boats</a>' in page(client, story)
