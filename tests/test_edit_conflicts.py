"""Two editors, one story: nothing either wrote is lost (through the real admin views)."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.desk.revisions import record_revision
from articles.models import Article
from articles.wire.detect import parse
from articles.wire.store import store_story
from tests.admin_forms import changed, form_data
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(db):
    first, second = Client(), Client()
    first.force_login(UserFactory(username="ana", groups=["Editors"]))
    second.force_login(UserFactory(username="ben", groups=["Editors"]))
    return first, second


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def open_form(client, article):
    response = client.get(change_url(article))
    assert response.status_code == 200
    return form_data(response)


def save(client, article, data):
    return client.post(change_url(article), data)


def story_with_parts():
    article = ArticleFactory(
        headline="Ferry timetable changes",
        standfirst="Fewer sailings in winter.",
        body='The operator spoke on Monday.\n\n"We will run four boats," the manager said.',
    )
    BylineFactory(article=article, location="Port Alder")
    QuoteFactory(article=article, text="We will run four boats,", speaker_title="manager")
    PhotoCaptionFactory(article=article, caption="The ferry at the quay.")
    record_revision(article=article, action="created")
    return article


def test_a_stale_save_is_refused_and_the_form_comes_back_merged(two_editors):
    ana, ben = two_editors
    article = story_with_parts()
    ana_form, ben_form = open_form(ana, article), open_form(ben, article)

    assert (
        save(ana, article, changed(ana_form, {"headline": "Ferry timetable cut"})).status_code
        == 302
    )
    refused = save(ben, article, changed(ben_form, {"standfirst": "Two sailings fewer."}))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Someone else changed this story while you were editing" in page
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == (
        "Ferry timetable cut",
        "Fewer sailings in winter.",
    )
    merged = form_data(refused)
    assert merged["headline"] == ["Ferry timetable cut"]  # theirs, shown
    assert merged["standfirst"] == ["Two sailings fewer."]  # mine, kept
    assert "Headline" in page  # named as taken from the other editor
    # What the other editor changed, in words: the old headline struck, the new one inserted.
    assert "What ana changed meanwhile" in page
    assert "<ins>cut</ins>" in page and "<del>changes</del>" in page

    assert save(ben, article, merged).status_code == 302
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Ferry timetable cut", "Two sailings fewer.")


def test_both_changing_one_field_keeps_my_input_and_says_so(two_editors):
    ana, ben = two_editors
    article = story_with_parts()
    ana_form, ben_form = open_form(ana, article), open_form(ben, article)
    save(ana, article, changed(ana_form, {"headline": "Ana's headline"}))
    refused = save(ben, article, changed(ben_form, {"headline": "Ben's headline"}))
    assert refused.status_code == 200
    assert form_data(refused)["headline"] == ["Ben's headline"]
    assert "You both changed" in refused.content.decode()
    article.refresh_from_db()
    assert article.headline == "Ana's headline"


@pytest.mark.parametrize(
    ("theirs", "field", "value"),
    [
        ("bylines", "location", "Lisbon"),
        ("quotes", "speaker_title", "operations manager"),
        ("photos", "caption", "The ferry leaving the quay at dawn."),
    ],
)
def test_a_change_to_a_part_is_not_reverted_by_a_stale_save(two_editors, theirs, field, value):
    ana, ben = two_editors
    article = story_with_parts()
    ana_form, ben_form = open_form(ana, article), open_form(ben, article)
    assert save(ana, article, changed(ana_form, {f"{theirs}-0-{field}": value})).status_code == 302

    refused = save(ben, article, changed(ben_form, {"standfirst": "Ben's summary."}))
    assert refused.status_code == 200
    merged = form_data(refused)
    assert merged[f"{theirs}-0-{field}"] == [value]
    assert save(ben, article, merged).status_code == 302

    article.refresh_from_db()
    part = getattr(article, theirs).get()
    assert getattr(part, field) == value
    assert article.standfirst == "Ben's summary."


def test_a_part_added_by_the_other_editor_survives(two_editors):
    ana, ben = two_editors
    article = story_with_parts()
    ana_form, ben_form = open_form(ana, article), open_form(ben, article)
    person = BylineFactory.build().person
    person.save()
    added = changed(
        ana_form,
        {
            "bylines-TOTAL_FORMS": "2",
            "bylines-1-person": str(person.pk),
            "bylines-1-role": "editing",
            "bylines-1-position": "1",
            "bylines-1-article": str(article.pk),
        },
    )
    assert save(ana, article, added).status_code == 302
    refused = save(ben, article, changed(ben_form, {"headline": "Ben's headline"}))
    assert save(ben, article, form_data(refused)).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Ben's headline"
    assert sorted(article.bylines.values_list("role", flat=True)) == ["author", "editing"]


def test_a_withdrawal_from_the_list_is_not_undone_by_an_open_form(two_editors):
    ana, ben = two_editors
    article = story_with_parts()
    ben_form = open_form(ben, article)
    chosen = {"action": "withdraw_selected", "_selected_action": [article.pk]}
    ana.post(
        reverse("admin:articles_article_changelist"),
        {**chosen, "confirm": "yes", "reason": "Legal advice."},
    )
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN

    body = ben_form["body"][0].replace("Monday", "Tuesday")
    refused = save(ben, article, changed(ben_form, {"body": body}))
    assert refused.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    merged = form_data(refused)
    assert merged["status"] == ["withdrawn"]  # the withdrawal, shown to the second editor

    assert save(ben, article, merged).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert "Tuesday" in article.body
    assert article not in Article.objects.published()


def test_a_publish_from_the_list_is_not_undone_by_an_open_form(two_editors):
    ana, ben = two_editors
    article = ArticleFactory(draft=True, headline="Quay works begin")
    ben_form = open_form(ben, article)
    ana.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )
    refused = save(ben, article, changed(ben_form, {"headline": "Quay works start"}))
    assert refused.status_code == 200
    assert save(ben, article, form_data(refused)).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.headline == "Quay works start"


WIRE = """Northwind tram strike called off
PORT ALDER (Northwind) - {body}

© 2025 Northwind Media. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.
"""  # noqa: E501


def test_an_agency_update_is_not_overwritten_by_an_open_form(two_editors):
    ana, _ = two_editors
    first = store_story(
        parse(WIRE.format(body="Drivers agreed on Monday.").encode(), filename="t.txt")
    )
    article = first.article
    ana_form = open_form(ana, article)
    update = store_story(
        parse(WIRE.format(body="Drivers agreed on Monday night.").encode(), filename="t.txt")
    )
    assert update.action == "updated", update.message

    refused = save(ana, article, changed(ana_form, {"standfirst": "The strike is off."}))
    assert refused.status_code == 200
    merged = form_data(refused)
    assert "Monday night" in merged["body"][0]
    assert save(ana, article, merged).status_code == 302
    article.refresh_from_db()
    assert "Monday night" in article.body and article.standfirst == "The strike is off."


def test_a_form_without_a_version_is_not_trusted(editor_client):
    article = story_with_parts()
    data = form_data(editor_client.get(change_url(article)))
    data.pop("opened_version")
    response = editor_client.post(change_url(article), changed(data, {"headline": "Blind save"}))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline != "Blind save"
