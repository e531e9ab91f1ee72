"""Every status change, from every door, follows the same rules (articles.desk.operations)."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.desk.operations import PublishingRefused, article_change_status
from articles.models import Article
from tests.admin_forms import changed, form_data
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

DRAFT, PUBLISHED, WITHDRAWN = "draft", "published", "withdrawn"
# (from, to) -> allowed for an editor. Reporters may change no status at all.
RULES = {
    (DRAFT, PUBLISHED): True,
    (DRAFT, WITHDRAWN): True,
    (PUBLISHED, DRAFT): True,
    (PUBLISHED, WITHDRAWN): True,
    (WITHDRAWN, DRAFT): True,
    (WITHDRAWN, PUBLISHED): False,
}
TRAITS = {DRAFT: {"draft": True}, PUBLISHED: {}, WITHDRAWN: {"withdrawn": True}}


def story(state):
    return ArticleFactory(headline=f"A {state} story", **TRAITS[state])


@pytest.fixture
def editor_user(db):
    return UserFactory(username="eda", groups=["Editors"])


@pytest.fixture
def reporter_user(db):
    return UserFactory(username="rex", groups=["Reporters"])


@pytest.mark.parametrize(("before", "after"), list(RULES))
@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_operation_door(before, after, role, editor_user, reporter_user):
    user = editor_user if role == "editor" else reporter_user
    article = story(before)
    allowed = RULES[(before, after)] and role == "editor"
    if allowed:
        article_change_status(article=article, to=after, user=user, reason="Legal advice.")
    else:
        with pytest.raises(PublishingRefused):
            article_change_status(article=article, to=after, user=user, reason="Legal advice.")
    article.refresh_from_db()
    assert article.status == (after if allowed else before)


@pytest.mark.parametrize(("before", "after"), list(RULES))
def test_change_form_door_for_editors(before, after, editor_user):
    client = Client()
    client.force_login(editor_user)
    article = story(before)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = changed(
        form_data(client.get(url)), {"status": after, "withdrawal_reason": "Legal advice."}
    )
    response = client.post(url, data)
    article.refresh_from_db()
    if RULES[(before, after)]:
        assert response.status_code == 302
        assert article.status == after
    else:
        # Not even offered: a withdrawn story goes back to draft before it is published.
        assert response.status_code == 200
        assert article.status == before


def test_change_form_refuses_a_withdrawal_without_a_reason(editor_client):
    article = story(PUBLISHED)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = changed(form_data(editor_client.get(url)), {"status": WITHDRAWN})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Give the reason for withdrawing" in response.content.decode()
    article.refresh_from_db()
    assert article.status == PUBLISHED


@pytest.mark.parametrize("before", [DRAFT, PUBLISHED, WITHDRAWN])
def test_change_form_door_for_reporters_has_no_status(before, reporter_user):
    client = Client()
    client.force_login(reporter_user)
    article = story(before)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(client.get(url))
    assert "status" not in data  # read-only for reporters
    client.post(url, changed(data, {"status": PUBLISHED if before != PUBLISHED else DRAFT}))
    article.refresh_from_db()
    assert article.status == before


ACTIONS = {
    "publish_selected": (PUBLISHED, {DRAFT}),
    "unpublish_selected": (DRAFT, {PUBLISHED}),
    "withdraw_selected": (WITHDRAWN, {DRAFT, PUBLISHED}),
    "restore_selected": (DRAFT, {WITHDRAWN}),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("before", [DRAFT, PUBLISHED, WITHDRAWN])
def test_list_action_door(action, before, editor_client):
    article = story(before)
    after, allowed_from = ACTIONS[action]
    data = {"action": action, "_selected_action": [article.pk]}
    if action == "withdraw_selected":
        data |= {"confirm": "yes", "reason": "Legal advice."}
    response = editor_client.post(reverse("admin:articles_article_changelist"), data, follow=True)
    article.refresh_from_db()
    messages = [str(m) for m in response.context["messages"]]
    if before in allowed_from:
        assert article.status == after
    else:
        assert article.status == before
        assert messages, "a refusal is reported"


@pytest.mark.parametrize("action", list(ACTIONS))
def test_list_action_door_is_closed_to_reporters(action, reporter_client):
    article = story(DRAFT if action != "restore_selected" else WITHDRAWN)
    before = article.status
    data = {"action": action, "_selected_action": [article.pk], "confirm": "yes", "reason": "x"}
    reporter_client.post(reverse("admin:articles_article_changelist"), data)
    article.refresh_from_db()
    assert article.status == before


def test_a_restored_story_is_a_draft_and_no_longer_gone(client, editor_user):
    article = story(PUBLISHED)
    article_change_status(article=article, to=WITHDRAWN, user=editor_user, reason="Legal advice.")
    assert client.get(article.get_absolute_url()).status_code == 410
    article_change_status(article=article, to=DRAFT, user=editor_user)
    article.refresh_from_db()
    assert (article.status, article.withdrawn_at) == (DRAFT, None)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduling_needs_a_time_in_the_future(editor_user):
    from datetime import timedelta

    from django.utils import timezone

    from articles.desk.operations import article_schedule

    article = story(DRAFT)
    with pytest.raises(PublishingRefused, match="future"):
        article_schedule(article=article, user=editor_user, at=timezone.now())
    article_schedule(article=article, user=editor_user, at=timezone.now() + timedelta(hours=2))
    article.refresh_from_db()
    assert article.status == PUBLISHED
    assert article not in Article.objects.published()
