"""One rule at input: control characters other than tab and newline never reach the
database, whatever the door (admin, wire store, a plain save); lengths answer a message."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article
from articles.models.text import clean_text
from articles.wire.store import store_story
from articles.wire.wire_story import WireStory
from tests.factories import ArticleFactory, PersonFactory, QuoteFactory

pytestmark = pytest.mark.django_db


def test_clean_text_keeps_tab_and_newline_and_drops_other_controls():
    assert clean_text("a\tb\r\nc\x1bd\x07e\x00f\x0bg\x0ch\x85i\ud800j\ufffek") == "a\tb\ncdefghijk"


def test_clean_text_keeps_rtl_emoji_and_markup_lookalikes():
    text = "שלום 👩🏽‍🚀 ]]> </script> \u200f"
    assert clean_text(text) == text


def test_every_save_removes_control_characters():
    article = ArticleFactory(
        headline="Harbour\x1b opens", standfirst="Bell\x07", body="One\x00 two"
    )
    person = PersonFactory(name="Ana\x0b Lima", title="Mayor\x0c")
    QuoteFactory(article=article, speaker=person, text="We\x1b will", speaker_title="x\x00")
    tag = Tag.objects.create(name="port\x1b")
    article.refresh_from_db()
    person.refresh_from_db()
    assert (article.headline, article.standfirst, article.body) == (
        "Harbour opens",
        "Bell",
        "One two",
    )
    assert (person.name, person.title) == ("Ana Lima", "Mayor")
    assert article.quotes.get().text == "We will"
    assert Tag.objects.get(pk=tag.pk).name == "port"


def test_the_wire_store_removes_control_characters_from_every_part():
    from articles.wire.wire_story import WireByline, WireQuote

    story = WireStory(
        headline="Ferry\x1b timetable",
        body="The ferry\x07 runs. “We are ready,” said Rui Costa.",
        source="Northwind",
        source_identifier="nw-1\x00",
        published_at=datetime(2026, 1, 2, tzinfo=UTC),
        bylines=[WireByline(name="Rui\x1b Costa")],
        quotes=[WireQuote(text="We are ready\x0b", speaker="Rui Costa")],
        tags=["ferries\x1b"],
    )
    result = store_story(story)
    article = Article.objects.get(pk=result.article.pk)
    assert article.headline == "Ferry timetable"
    assert "\x07" not in article.body
    assert article.bylines.get().person.name == "Rui Costa"
    assert article.quotes.get().text == "We are ready"
    assert [tag.name for tag in article.tags.all()] == ["ferries"]


def test_admin_new_tag_longer_than_100_characters_is_a_form_error(editor_client):
    article = ArticleFactory(draft=True)
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = editor_client.get(url)
    form = page.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = (
            [str(v.pk) if hasattr(v, "pk") else v for v in value]
            if isinstance(value, list)
            else value
        )
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    data["new_tags"] = "short, " + "x" * 101
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "A tag has at most 100 characters" in response.content.decode()
    assert not Tag.objects.filter(name__startswith="xxx").exists()


def test_admin_textarea_drops_control_characters(editor_client):
    from articles.admin.text_fields import TextareaField

    assert TextareaField().clean("one\r\ntwo\x1b") == "one\ntwo"


def test_a_tag_whose_name_makes_no_ascii_slug_still_has_a_page(client):
    article = ArticleFactory()
    article.tags.add("ação", "😀", "🚢")
    slugs = sorted(tag.slug for tag in Tag.objects.all())
    assert slugs == ["acao", "tag", "tag-2"]
    assert client.get(article.get_absolute_url()).status_code == 200
    for slug in slugs:
        assert client.get(f"/tags/{slug}/").status_code == 200
