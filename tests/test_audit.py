"""The audit log: every door records who did what, and nobody can rewrite it."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.desk import auditing
from articles.desk.operations import PublishingRefused, article_publish, article_withdraw
from articles.models import Article, AuditEntry, AuditLogIsAppendOnly, Person
from articles.wire import wire_story as wire
from articles.wire.store import store_story
from tests.factories import ArticleFactory, PersonFactory, RightsNoticeFactory, UserFactory

pytestmark = pytest.mark.django_db

Action = AuditEntry.Action
CHANGELIST = "admin:articles_auditentry_changelist"


def admin_url(model, action="changelist", *args):
    return reverse(f"admin:articles_{model._meta.model_name}_{action}", args=args)


def inline_management(prefix):
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form_data(**overrides):
    data = {
        "headline": "Lighthouse keepers vote to open the tower to visitors",
        "slug": "",
        "standfirst": "",
        "body": "The keepers met on Sunday and voted to open the tower on weekends.",
        "dateline": "PORT ALDER",
        "source": "",
        "source_identifier": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "withdrawal_reason": "",
        "rights_notice": "",
        "new_tags": "",
        **inline_management("bylines"),
        **inline_management("quotes"),
        **inline_management("photos"),
    }
    data.update(overrides)
    return data


def make_wire_story(**changes) -> wire.WireStory:
    """An invented agency story (agency, people and places are made up)."""
    story = wire.WireStory(
        headline="Island bakery wins the regional bread prize",
        body="The bakery on Saltmarsh Island won the regional prize on Saturday.",
        format="ninjs",
        published_at=datetime(2025, 5, 3, 10, 0),
        source="Gullwing",
        source_identifier="gw-2025-0503-007",
    )
    for name, value in changes.items():
        setattr(story, name, value)
    return story


def entries(**filters):
    return list(AuditEntry.objects.filter(**filters).order_by("pk"))


# -- record() ------------------------------------------------------------------


def test_record_keeps_who_what_and_which_story(editor):
    article = ArticleFactory(draft=True)
    entry = auditing.record(actor=editor, action=Action.EDITED, obj=article, summary="Headline.")
    assert (entry.actor, entry.actor_name, entry.action) == (editor, "editor", "edited")
    assert (entry.article_id, entry.object_id, entry.object_repr) == (
        article.pk,
        str(article.pk),
        str(article),
    )
    assert entry.content_type.model_class() is Article


def test_record_without_a_user_names_the_system():
    entry = auditing.record(actor=None, action=Action.CREATED, obj=PersonFactory())
    assert entry.actor is None
    assert entry.actor_name == auditing.SYSTEM
    assert entry.article_id is None


def test_record_refuses_an_unknown_action():
    with pytest.raises(ValueError, match="Unknown audit action"):
        auditing.record(actor=None, action="tweaked", obj=PersonFactory())


def test_the_name_stays_when_the_account_goes():
    user = UserFactory(username="leaving", groups=["Editors"])
    article = ArticleFactory(draft=True)
    article_publish(article=article, user=user)
    user.delete()
    entry = AuditEntry.objects.get(action=Action.PUBLISHED)
    assert entry.actor is None
    assert entry.actor_name == "leaving"


# -- nothing rewrites history ----------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted_from_code():
    entry = auditing.record(actor=None, action=Action.CREATED, obj=PersonFactory())
    entry.summary = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.update(summary="rewritten")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().summary == ""


def test_nobody_adds_changes_or_deletes_entries_in_the_admin(admin_client):
    entry = auditing.record(actor=None, action=Action.CREATED, obj=PersonFactory())
    change = admin_url(AuditEntry, "change", entry.pk)
    delete = admin_url(AuditEntry, "delete", entry.pk)
    assert admin_client.get(admin_url(AuditEntry, "add")).status_code == 403
    assert admin_client.post(admin_url(AuditEntry, "add"), {"summary": "x"}).status_code == 403
    assert admin_client.post(change, {"summary": "rewritten"}).status_code == 403
    assert admin_client.get(delete).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    response = admin_client.post(
        admin_url(AuditEntry),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert response.status_code == 200  # no action to run: the list, unchanged
    assert AuditEntry.objects.get().summary == ""
    page = admin_client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


def test_editors_read_the_log_and_reporters_do_not(editor_client, reporter):
    auditing.record(actor=None, action=Action.CREATED, obj=PersonFactory(name="Odile Brand"))
    response = editor_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert "Odile Brand" in response.content.decode()
    editor_client.force_login(reporter)
    assert editor_client.get(reverse(CHANGELIST)).status_code == 403
    assert Group.objects.get(name="Editors").permissions.filter(codename="view_auditentry")
    assert not Group.objects.get(name="Reporters").permissions.filter(codename="view_auditentry")


def test_log_changelist_queries_do_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, django_assert_num_queries
):
    article = ArticleFactory(draft=True)
    auditing.record(actor=None, action=Action.CREATED, obj=article)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(reverse(CHANGELIST))
    for _ in range(20):
        auditing.record(actor=None, action=Action.EDITED, obj=ArticleFactory(draft=True))
        auditing.record(actor=None, action=Action.EDITED, obj=PersonFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        response = editor_client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 41


def test_the_story_form_links_to_its_entries_only_for_those_who_may_read_them(
    editor_client, reporter
):
    article = ArticleFactory(draft=True)
    other = ArticleFactory(draft=True, headline="Another story entirely")
    auditing.record(actor=None, action=Action.CREATED, obj=article)
    auditing.record(actor=None, action=Action.CREATED, obj=other)
    link = reverse(CHANGELIST) + f"?article_id={article.pk}"
    form = editor_client.get(admin_url(Article, "change", article.pk)).content.decode()
    assert link in form
    listed = editor_client.get(link)
    assert [entry.object_repr for entry in listed.context["cl"].result_list] == [str(article)]
    editor_client.force_login(reporter)
    assert link not in editor_client.get(admin_url(Article, "change", article.pk)).content.decode()


# -- the trail, door by door -------------------------------------------------------


def test_publishing_and_withdrawing_are_recorded_with_the_reason(editor):
    article = ArticleFactory(draft=True)
    article_publish(article=article, user=editor)
    article_withdraw(article=article, user=editor, reason="The council vote was annulled.")
    published, withdrawn = entries(article_id=article.pk)
    assert (published.action, published.actor) == (Action.PUBLISHED, editor)
    assert (withdrawn.action, withdrawn.summary) == (
        Action.WITHDRAWN,
        "The council vote was annulled.",
    )


def test_a_refused_publication_leaves_no_entry(reporter):
    article = ArticleFactory(draft=True)
    with pytest.raises(PublishingRefused):
        article_publish(article=article, user=reporter)
    assert not AuditEntry.objects.exists()


def test_the_admin_publish_action_is_recorded(editor_client, editor):
    article = ArticleFactory(draft=True)
    editor_client.post(
        admin_url(Article), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert [(e.action, e.actor) for e in entries(article_id=article.pk)] == [
        (Action.PUBLISHED, editor)
    ]


def test_creating_editing_and_deleting_a_story_in_the_admin(editor_client, editor):
    response = editor_client.post(admin_url(Article, "add"), article_form_data())
    assert response.status_code == 302
    article = Article.objects.get()
    notice = RightsNoticeFactory()
    data = article_form_data(
        headline="Keepers open the lighthouse on weekends",
        status="published",
        rights_notice=str(notice.pk),
        opened_version=article.version,
    )
    assert editor_client.post(admin_url(Article, "change", article.pk), data).status_code == 302
    assert editor_client.post(
        admin_url(Article, "delete", article.pk), {"post": "yes"}
    ).status_code == (302)
    assert not Article.objects.exists()
    # The status change is the operation's entry; the form's edit is its own.
    created, published, edited, deleted = entries(article_id=article.pk)
    assert [created.action, published.action, edited.action, deleted.action] == [
        "created",
        "published",
        "edited",
        "deleted",
    ]
    assert {created.actor, published.actor, edited.actor, deleted.actor} == {editor}
    assert "Headline" in edited.summary
    assert "status: “Draft” → “Published”." in edited.summary
    assert deleted.object_repr == "Keepers open the lighthouse on weekends"


def test_editing_a_story_records_the_changed_fields(editor_client):
    article = ArticleFactory(draft=True, headline="Old headline", body="Old body.")
    data = article_form_data(
        headline="New headline",
        slug=article.slug,
        standfirst=article.standfirst,
        body="Old body.",
        rights_notice=str(article.rights_notice_id),
        opened_version=article.version,
    )
    response = editor_client.post(admin_url(Article, "change", article.pk), data)
    assert response.status_code == 302
    (entry,) = entries(article_id=article.pk)
    assert entry.action == Action.EDITED
    assert entry.summary == "Changed Headline."


def test_publishing_or_withdrawing_from_the_form_is_recorded_as_such(editor_client):
    data = article_form_data(status="published", rights_notice=str(RightsNoticeFactory().pk))
    editor_client.post(admin_url(Article, "add"), data)
    article = Article.objects.get()
    withdraw = {
        **data,
        "slug": article.slug,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "status": "withdrawn",
        "withdrawal_reason": "The vote was annulled.",
        "opened_version": article.version,
    }
    response = editor_client.post(admin_url(Article, "change", article.pk), withdraw)
    assert response.status_code == 302
    actions = [(e.action, e.summary) for e in entries(article_id=article.pk)]
    assert [action for action, _ in actions] == ["created", "published", "withdrawn", "edited"]
    assert actions[2][1] == "The vote was annulled."
    assert "reason for withdrawal: “” → “The vote was annulled.”." in actions[3][1]


def test_deleted_rows_are_listed_without_a_dead_link(editor_client, admin_client):
    person = PersonFactory(name="Wendel Crane")
    admin_client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})
    response = editor_client.get(reverse(CHANGELIST), {"action__exact": "deleted"})
    assert "Wendel Crane" in response.content.decode()
    assert admin_url(Person, "change", person.pk) not in response.content.decode()


def test_bulk_deletion_records_each_row(admin_client):
    people = PersonFactory.create_batch(2)
    admin_client.post(
        admin_url(Person),
        {"action": "delete_selected", "_selected_action": [p.pk for p in people], "post": "yes"},
    )
    assert not Person.objects.exists()
    assert sorted(e.object_repr for e in entries(action=Action.DELETED)) == sorted(
        p.name for p in people
    )


def test_people_and_notices_record_changes_with_old_and_new_name(editor_client):
    person = PersonFactory(name="Ilse Varga", title="")
    editor_client.post(
        admin_url(Person, "change", person.pk),
        {"name": "Ilse Varga-Lund", "slug": person.slug, "title": "Harbour master"},
    )
    (entry,) = entries(action=Action.RENAMED)
    assert "“Ilse Varga” → “Ilse Varga-Lund”" in entry.summary
    assert "current title: “” → “Harbour master”" in entry.summary
    editor_client.post(
        admin_url(RightsNoticeFactory._meta.model, "add"),
        {"notice": "© 2026 Lantern Press. Free to share with a link.", "allows_full_text": "on"},
    )
    assert entries(action=Action.CREATED)[0].object_repr.startswith("© 2026 Lantern Press")


def test_a_wire_import_is_recorded_as_the_wire_or_the_importing_user(editor):
    result = store_story(make_wire_story())
    store_story(make_wire_story())  # the same copy again changes nothing
    store_story(make_wire_story(body="The island bakery won again."), user=editor)
    first, update = entries(action=Action.IMPORTED)
    assert (first.actor, first.actor_name, first.article_id) == (
        None,
        auditing.WIRE_IMPORT,
        result.article.pk,
    )
    assert first.summary == "New story (Gullwing gw-2025-0503-007)"
    assert (update.actor, update.summary) == (
        editor,
        "Updated from the agency's new version (Gullwing gw-2025-0503-007)",
    )


def test_a_dry_run_import_leaves_no_entry():
    store_story(make_wire_story(), dry_run=True)
    assert not AuditEntry.objects.exists()


def test_a_kill_notice_is_recorded_as_a_withdrawal():
    article = store_story(make_wire_story()).article
    store_story(make_wire_story(pubstatus="canceled"))
    (entry,) = entries(action=Action.WITHDRAWN)
    assert (entry.article_id, entry.summary) == (article.pk, "Killed by Gullwing.")


def test_the_log_filters_by_row(editor_client):
    person, other = PersonFactory(), PersonFactory()
    auditing.record(actor=None, action=Action.CREATED, obj=person)
    auditing.record(actor=None, action=Action.CREATED, obj=other)
    auditing.record(actor=None, action=Action.CREATED, obj=ArticleFactory(draft=True))
    content_type = AuditEntry.objects.get(object_id=person.pk, article_id=None).content_type
    response = editor_client.get(
        reverse(CHANGELIST), {"content_type__id__exact": content_type.pk, "object_id": person.pk}
    )
    assert [e.object_repr for e in response.context["cl"].result_list] == [person.name]
    searched = editor_client.get(reverse(CHANGELIST), {"q": other.name})
    assert [e.object_repr for e in searched.context["cl"].result_list] == [other.name]
