"""Licence expiry: the notice's display limit, the derived expiry, the 410 page, the desk."""

from __future__ import annotations

import importlib
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.desk.operations import article_publish, article_withdraw
from articles.models import Article, RightsNotice
from tests.factories import ArticleFactory, RightsNoticeFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def _article_updates(queries) -> list[str]:
    """Writes of the stories' expiry (the page parts' stamp moves on every notice edit)."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith('UPDATE "articles_article"') and "licence_expires_at" in q["sql"]
    ]


# -- deriving the expiry ----------------------------------------------------


@pytest.mark.parametrize(
    ("days", "until", "expected"),
    [
        (None, None, None),
        (30, None, NOW - DAY + 30 * DAY),
        (None, NOW + 5 * DAY, NOW + 5 * DAY),
        (30, NOW + 5 * DAY, NOW + 5 * DAY),  # the earlier limit wins
        (2, NOW + 5 * DAY, NOW + DAY),
    ],
    ids=["no limit", "days", "date", "date earlier", "days earlier"],
)
def test_expiry_is_the_earlier_of_days_after_publication_and_the_date(days, until, expected):
    notice = RightsNoticeFactory(display_days=days, display_until=until)
    article = ArticleFactory(published_at=NOW - DAY, rights_notice=notice)
    article.refresh_from_db()
    assert article.licence_expires_at == expected


def test_a_draft_without_publication_time_only_has_the_date_limit():
    notice = RightsNoticeFactory(display_days=3, display_until=NOW + 9 * DAY)
    draft = ArticleFactory(draft=True, rights_notice=notice)
    assert draft.licence_expires_at == NOW + 9 * DAY
    without_date = ArticleFactory(draft=True, rights_notice=RightsNoticeFactory(display_days=3))
    assert without_date.licence_expires_at is None


def test_a_story_without_a_notice_never_expires():
    assert ArticleFactory(draft=True, rights_notice=None).licence_expires_at is None


def test_publishing_writes_the_expiry_although_the_operation_saves_few_fields():
    notice = RightsNoticeFactory(display_days=10)
    draft = ArticleFactory(draft=True, rights_notice=notice)
    article_publish(article=Article.objects.get(pk=draft.pk))
    draft.refresh_from_db()
    assert draft.licence_expires_at == NOW + 10 * DAY


def test_changing_the_notice_with_update_fields_writes_the_expiry():
    article = ArticleFactory(published_at=NOW - DAY)
    article.rights_notice = RightsNoticeFactory(display_until=NOW + DAY)
    article.save(update_fields=["rights_notice"])
    assert Article.objects.get(pk=article.pk).licence_expires_at == NOW + DAY


# -- editing a notice -------------------------------------------------------


def _stories_under(notice, count):
    return [ArticleFactory(published_at=NOW - i * DAY, rights_notice=notice) for i in range(count)]


@pytest.mark.parametrize(
    ("days", "until"),
    [(5, None), (None, NOW + 2 * DAY), (5, NOW + 2 * DAY), (None, None)],
    ids=["days", "date", "both", "cleared"],
)
def test_editing_a_notice_updates_its_stories_in_one_statement(days, until):
    few, many = RightsNoticeFactory(display_days=1), RightsNoticeFactory(display_days=1)
    _stories_under(few, 2)
    stories = _stories_under(many, 12)
    other = ArticleFactory(rights_notice=RightsNoticeFactory(display_days=1))
    counts = []
    for edited in (few, many):
        edited.display_days, edited.display_until = days, until
        with CaptureQueriesContext(connection) as queries:
            edited.save()
        counts.append(len(_article_updates(queries)))
    assert counts == [1, 1]  # one UPDATE, whatever the number of stories
    for story in stories:
        story.refresh_from_db()
        published = story.published_at
        ends = [t for t in (until, days and published + timedelta(days=days)) if t]
        assert story.licence_expires_at == (min(ends) if ends else None)
    other.refresh_from_db()
    assert other.licence_expires_at == other.published_at + DAY  # other notices untouched


def test_saving_a_notice_without_changing_its_limit_leaves_its_stories_alone():
    notice = RightsNoticeFactory(display_days=3)
    _stories_under(notice, 3)
    notice = RightsNotice.objects.get(pk=notice.pk)
    notice.usage_terms = "Credit the agency."
    with CaptureQueriesContext(connection) as queries:
        notice.save()
    assert _article_updates(queries) == []


def test_a_notice_limit_takes_stories_off_the_site_at_once():
    notice = RightsNoticeFactory()
    story = ArticleFactory(published_at=NOW - 10 * DAY, rights_notice=notice)
    assert story in Article.objects.published()
    notice.display_days = 7
    notice.save()
    assert story not in Article.objects.published()
    notice.display_days = 30
    notice.save()
    assert story in Article.objects.published()  # a longer licence brings it back


@pytest.mark.parametrize("microseconds", [0, 250], ids=["whole second", "fraction"])
def test_an_expiry_written_in_sql_hides_the_story_exactly_at_its_boundary(microseconds):
    """SQLite compares times as text: the UPDATE must write them as Django does."""
    notice = RightsNoticeFactory()
    published = NOW - DAY + timedelta(microseconds=microseconds)
    story = ArticleFactory(published_at=published, rights_notice=notice)
    notice.display_days = 3
    notice.save()
    ends = published + 3 * DAY

    def shown(now):
        return Article.objects.published(now=now).filter(pk=story.pk).exists()

    assert shown(ends - timedelta(microseconds=1))
    assert not shown(ends)


@pytest.mark.parametrize("days", [0, 36_501])
def test_a_notice_refuses_a_number_of_days_out_of_range(days):
    notice = RightsNoticeFactory.build(display_days=days)
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert "display_days" in error.value.message_dict


def test_the_database_refuses_zero_days_too():
    with transaction.atomic(), pytest.raises(IntegrityError):
        RightsNoticeFactory(display_days=0)


def test_a_notice_refuses_a_date_before_its_own_year():
    notice = RightsNoticeFactory.build(
        notice="© 2025 Harbour Ledger. All rights reserved.",
        display_until=datetime(2019, 5, 1, tzinfo=UTC),
    )
    notice.fill_parts_from_notice()
    with pytest.raises(ValidationError) as error:
        notice.full_clean()
    assert "before the notice's own year" in str(error.value.message_dict["display_until"])


# -- the reader's side -----------------------------------------------------


def _expired(**kwargs):
    notice = RightsNoticeFactory(display_days=2)
    fields = {
        "headline": "Quayside ferry timetable changes",
        "body": "The ferry now leaves at seven. EXPIREDTEXT.",
        "published_at": NOW - 3 * DAY,
        "rights_notice": notice,
    }
    return ArticleFactory(**(fields | kwargs))


def test_an_expired_story_answers_410_no_longer_available(client):
    article = _expired()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    content = response.content.decode()
    assert "This story is no longer available" in content
    assert "licence that allowed us to show it has ended" in content
    assert "withdrawn" not in content.lower()
    assert "EXPIREDTEXT" not in content and "Quayside ferry" not in content
    assert 'name="robots" content="noindex"' in content


def test_the_withdrawn_page_still_says_withdrawn_with_its_reason(client):
    article = ArticleFactory(headline="Harbour fee story")
    article_withdraw(article=article, reason="The figures were wrong.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    content = response.content.decode()
    assert "This story has been withdrawn." in content
    assert "The figures were wrong." in content
    assert "no longer available" not in content


def test_expired_ninjs_answers_410_without_the_text(client):
    article = _expired()
    response = client.get(f"{article.get_absolute_url()}ninjs.json")
    assert response.status_code == 410
    item = json.loads(response.content)
    assert item["pubstatus"] == "canceled"
    assert item["uri"] == f"http://testserver{article.get_absolute_url()}"
    assert set(item) == {"uri", "standard", "type", "pubstatus", "versioncreated"}


def test_a_licence_that_ended_before_publication_is_a_404_not_a_410(client):
    notice = RightsNoticeFactory(display_until=NOW - 5 * DAY)
    article = ArticleFactory(published_at=NOW - 3 * DAY, rights_notice=notice)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_draft_past_its_licence_is_a_404(client):
    notice = RightsNoticeFactory(display_until=NOW - DAY)
    article = ArticleFactory(draft=True, published_at=NOW - 3 * DAY, rights_notice=notice)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_still_preview_an_expired_story(editor_client):
    response = editor_client.get(_expired().get_preview_url())
    assert response.status_code == 200
    assert b"EXPIREDTEXT" in response.content


def test_the_expired_page_costs_two_queries(client, django_assert_num_queries, section_nav_cached):
    article = _expired()
    with django_assert_num_queries(2):  # the public story (none), then the gone one
        client.get(article.get_absolute_url())


def test_json_ld_tells_search_engines_when_the_story_expires(client):
    notice = RightsNoticeFactory(display_until=NOW + 4 * DAY)
    article = ArticleFactory(rights_notice=notice)
    content = client.get(article.get_absolute_url()).content.decode()
    expires = timezone.localtime(NOW + 4 * DAY).isoformat()
    assert f'"expires": "{expires}"' in content


# -- the desk ---------------------------------------------------------------


def _changelist(client, **params):
    return client.get(reverse("admin:articles_article_changelist"), params)


def test_the_story_list_filters_by_licence_expiry(editor_client):
    soon = ArticleFactory(
        headline="Soon", rights_notice=RightsNoticeFactory(display_until=NOW + 6 * DAY)
    )
    later = ArticleFactory(
        headline="Later", rights_notice=RightsNoticeFactory(display_until=NOW + 8 * DAY)
    )
    gone = _expired(headline="Gone")
    never = ArticleFactory(headline="Never")
    ArticleFactory(
        headline="Draft soon",
        draft=True,
        rights_notice=RightsNoticeFactory(display_until=NOW + DAY),
    )

    def listed(value):
        response = _changelist(editor_client, licence=value)
        assert response.status_code == 200
        return {a.headline for a in response.context["cl"].result_list}

    assert listed("soon") == {soon.headline}
    assert listed("expired") == {gone.headline}
    assert listed("never") == {never.headline}
    assert later.headline in listed("")
    content = _changelist(editor_client).content.decode()
    assert "in the next 7 days" in content and "no expiry" in content


def test_the_admin_index_counts_stories_expiring_within_a_week(editor_client):
    for days in (1, 6):
        ArticleFactory(rights_notice=RightsNoticeFactory(display_until=NOW + days * DAY))
    ArticleFactory(rights_notice=RightsNoticeFactory(display_until=NOW + 8 * DAY))
    _expired()
    response = editor_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert "2 stories expire in the next 7 days" in content
    assert f'href="{reverse("admin:articles_article_changelist")}?licence=soon"' in content


def test_the_index_count_is_one_query(editor, django_assert_num_queries):
    request = RequestFactory().get("/admin/")
    request.user = editor
    assert editor.has_perm("articles.view_article")  # permissions cached beforehand
    template = Template("{% load licence_admin %}{% licence_expiry_notice %}")
    with django_assert_num_queries(1):
        rendered = template.render(Context({"request": request}))
    assert "No story's licence expires in the next 7 days." in rendered


def test_the_index_count_is_not_shown_to_staff_who_cannot_read_stories(client):
    client.force_login(UserFactory(username="outsider", groups=[]))
    ArticleFactory(rights_notice=RightsNoticeFactory(display_until=NOW + DAY))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"expire in the next 7 days" not in response.content


def test_the_story_form_shows_the_expiry_read_only(editor_client):
    article = ArticleFactory(rights_notice=RightsNoticeFactory(display_until=NOW + DAY))
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert "licence_expires_at" in response.context["adminform"].readonly_fields
    assert "licence_expires_at" not in response.context["adminform"].form.fields


def test_the_status_column_says_the_licence_expired(editor_client):
    _expired(headline="Gone")
    response = _changelist(editor_client)
    model_admin = response.context["cl"].model_admin
    (row,) = response.context["cl"].result_list
    assert "licence expired" in model_admin.status_display(row)


def _notice_form(notice, **overrides):
    data = {
        "notice": notice.notice,
        "allows_full_text": "on",
        "holder": notice.holder,
        "year": notice.year or "",
        "statement": notice.statement,
        "restriction": notice.restriction,
        "responsibility": notice.responsibility,
        "usage_terms": "",
        "licence_url": "",
        "display_days": "",
        "display_until_0": "",
        "display_until_1": "",
    }
    return data | overrides


def test_editors_set_a_limit_on_the_notice_form_and_are_told_what_it_takes_down(editor_client):
    notice = RightsNoticeFactory()
    old = ArticleFactory(published_at=NOW - 20 * DAY, rights_notice=notice)
    young = ArticleFactory(published_at=NOW - 10 * DAY, rights_notice=notice)
    url = reverse("admin:articles_rightsnotice_change", args=[notice.pk])
    form = editor_client.get(url).content.decode()
    assert "display_days" in form and "display_until" in form
    response = editor_client.post(url, _notice_form(notice, display_days="14"), follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("1 published story under this notice is past its licence" in m for m in messages)
    assert any("1 story under this notice expires in the next 7 days" in m for m in messages)
    old.refresh_from_db()
    young.refresh_from_db()
    assert old.licence_expires_at == old.published_at + 14 * DAY
    assert young.licence_expires_at == young.published_at + 14 * DAY


def test_the_notice_form_explains_a_bad_number_of_days(editor_client):
    notice = RightsNoticeFactory()
    url = reverse("admin:articles_rightsnotice_change", args=[notice.pk])
    response = editor_client.post(url, _notice_form(notice, display_days="0"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "display_days" in errors


# -- operators --------------------------------------------------------------


def test_refresh_command_rebuilds_expiry_after_hand_edits():
    notice = RightsNoticeFactory(display_days=5)
    story = ArticleFactory(published_at=NOW - DAY, rights_notice=notice)
    plain = ArticleFactory()
    Article.objects.filter(pk=story.pk).update(licence_expires_at=None)
    Article.objects.filter(pk=plain.pk).update(licence_expires_at=NOW - DAY)
    out = io.StringIO()
    call_command("refresh_licence_expiry", stdout=out)
    story.refresh_from_db()
    plain.refresh_from_db()
    assert story.licence_expires_at == NOW + 4 * DAY
    assert plain.licence_expires_at is None
    report = out.getvalue()
    assert "1 stories under 1 limited notices recomputed" in report
    assert "1 stories without a limit cleared" in report
    assert "1 expire in the next 7 days" in report


def test_refresh_command_statements_do_not_grow_with_stories():
    notice = RightsNoticeFactory(display_days=5)
    _stories_under(notice, 3)
    with CaptureQueriesContext(connection) as few:
        call_command("refresh_licence_expiry", stdout=io.StringIO())
    _stories_under(notice, 20)
    with CaptureQueriesContext(connection) as many:
        call_command("refresh_licence_expiry", stdout=io.StringIO())
    assert len(few) == len(many)


def test_the_migration_fills_existing_stories():
    notice = RightsNoticeFactory(display_days=2, display_until=NOW + DAY)
    story = ArticleFactory(published_at=NOW - 3 * DAY, rights_notice=notice)
    late = ArticleFactory(published_at=NOW, rights_notice=notice)
    Article.objects.update(licence_expires_at=None)
    migration = importlib.import_module("articles.migrations.0007_licence_expiry")
    migration.fill_licence_expiry(apps, None)
    story.refresh_from_db()
    late.refresh_from_db()
    assert story.licence_expires_at == NOW - DAY
    assert late.licence_expires_at == NOW + DAY
