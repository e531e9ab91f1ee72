"""The revision pages in the admin: list, compare, restore, and the admin save path."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.desk.revisions import record_revision, snapshot
from articles.desk.versioning import claim_version
from articles.models import Article, Revision
from tests.admin_forms import changed, form_data
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

BODY = (
    "The harbour board met on Monday.\n\n"
    '"We will build it," the chair said.\n\n'
    "## WHAT COMES NEXT\n\n"
    "Work starts in the spring."
)


def url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def story(**kwargs):
    article = ArticleFactory(body=BODY, tags=["harbour", "port"], **kwargs)
    BylineFactory(article=article, person=PersonFactory(name="Dana Whitlock"))
    QuoteFactory(article=article, speaker=PersonFactory(name="Ines Carvalho"))
    PhotoCaptionFactory(article=article, is_lead=True, caption="A test float.\nNorth basin.")
    return article


def save_as_browser(client, article, **changes):
    response = client.get(url("change", article.pk))
    assert response.status_code == 200
    data = changed(form_data(response), {**changes, "_continue": "Save and continue editing"})
    response = client.post(url("change", article.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


# -- the admin save path -----------------------------------------------------------


def test_saving_an_unchanged_form_posted_with_crlf_records_no_new_revision(editor_client):
    article = story()
    save_as_browser(editor_client, article)
    assert article.revisions.count() == 1  # the first save keeps the story as it is

    save_as_browser(editor_client, article)

    assert article.revisions.count() == 1
    article.refresh_from_db()
    assert article.body == BODY
    assert article.revisions.get().snapshot == snapshot(article)
    assert {entry.get_change_message() for entry in LogEntry.objects.all()} == {
        "No fields changed."
    }


def test_saving_a_change_records_a_revision_by_the_editor(editor_client):
    article = story()
    save_as_browser(editor_client, article)
    save_as_browser(editor_client, article, headline="The board backs the floating farm")
    latest = article.revisions.first()
    assert (latest.action, latest.user_name) == ("edited", "editor")
    assert latest.snapshot["headline"] == "The board backs the floating farm"


def test_publish_action_records_a_published_revision(editor_client):
    article = ArticleFactory(draft=True)
    editor_client.post(
        url("changelist"), {"action": "publish_selected", "_selected_action": [article.pk]}
    )
    assert article.revisions.get().action == "published"


def test_change_form_links_to_the_revisions(editor_client):
    article = ArticleFactory()
    response = editor_client.get(url("change", article.pk))
    content = response.content.decode()
    assert url("revisions", article.pk) in content
    assert url("history", article.pk) in content  # Django's own history stays


# -- pages ---------------------------------------------------------------------------


def story_with_history():
    article = story(headline="Board <b>meets</b>")
    first = record_revision(article=article, action="edited")
    claim_version(article, expected=1)
    article.refresh_from_db()
    article.headline = "Board <b>approves</b> farm"
    article.save()
    article.tags.add("solar")
    second = record_revision(article=article, action="edited")
    return article, first, second


def test_revision_list_shows_every_revision(editor_client, django_assert_num_queries):
    article, first, second = story_with_history()
    with django_assert_num_queries(6):
        response = editor_client.get(url("revisions", article.pk))
    assert response.status_code == 200
    assert [r.pk for r in response.context["revisions"]] == [second.pk, first.pk]
    assert url("revision", article.pk, first.pk) in response.content.decode()


def test_revision_list_queries_do_not_grow_with_revisions(editor_client, django_assert_num_queries):
    article, *_ = story_with_history()
    for version in range(2, 12):
        claim_version(article, expected=version)
        article.headline = f"Headline {version}"
        article.save()
        record_revision(article=article, action="edited")
    with django_assert_num_queries(6):
        editor_client.get(url("revisions", article.pk))


def test_compare_shows_the_words_that_changed_escaped(editor_client, django_assert_num_queries):
    article, first, second = story_with_history()
    with django_assert_num_queries(6):
        response = editor_client.get(
            url("revisions_compare", article.pk), {"a": second.pk, "b": first.pk}
        )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Board &lt;b&gt;<del>meets</del><ins>approves</ins>&lt;/b&gt; <ins>farm</ins>" in content
    assert "<ins>solar</ins>" in content
    assert "<b>approves" not in content
    assert response.context["older"] == first  # older first, whatever order they came in


@pytest.mark.parametrize("query", [{}, {"a": "x", "b": "1"}, {"a": "999999", "b": "999998"}])
def test_compare_with_bad_choices_says_so(editor_client, query):
    article, *_ = story_with_history()
    response = editor_client.get(url("revisions_compare", article.pk), query)
    assert response.status_code == 302
    assert response.url == url("revisions", article.pk)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Pick two revisions of this story to compare."]


def test_compare_refuses_a_revision_of_another_story(editor_client):
    article, first, _ = story_with_history()
    other = record_revision(article=ArticleFactory(), action="edited")
    response = editor_client.get(
        url("revisions_compare", article.pk), {"a": first.pk, "b": other.pk}
    )
    assert response.status_code == 302


def test_revision_page_shows_what_restoring_changes(editor_client, django_assert_num_queries):
    article, first, _ = story_with_history()
    with django_assert_num_queries(11):
        response = editor_client.get(url("revision", article.pk, first.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Restore this revision" in content
    assert 'name="expected_version" value="2"' in content
    assert "<del>solar</del>" in content
    assert "What this revision changed" not in content  # the first one has nothing before it
    assert "Author (By line): Dana Whitlock" in content


def test_revision_page_shows_what_the_revision_changed(editor_client):
    article, _, second = story_with_history()
    response = editor_client.get(url("revision", article.pk, second.pk))
    content = response.content.decode()
    assert "What this revision changed" in content
    assert "<ins>solar</ins>" in content
    assert "Restore this revision" not in content  # the story reads as it does already


def test_restore_from_the_revision_page(editor_client):
    article, first, _ = story_with_history()
    response = editor_client.post(url("revision", article.pk, first.pk), {"expected_version": "2"})
    assert response.status_code == 302 and response.url == url("change", article.pk)
    article.refresh_from_db()
    assert article.headline == "Board <b>meets</b>"
    assert sorted(article.tags.names()) == ["harbour", "port"]
    assert article.status == Article.Status.PUBLISHED
    restored = article.revisions.first()
    assert (restored.action, restored.version, restored.user_name) == ("restored", 3, "editor")


def test_restore_racing_an_edit_is_refused_and_says_so(editor_client):
    article, first, _ = story_with_history()
    claim_version(article, expected=2)  # someone saved while the page was open
    response = editor_client.post(
        url("revision", article.pk, first.pk), {"expected_version": "2"}, follow=True
    )
    article.refresh_from_db()
    assert article.headline == "Board <b>approves</b> farm"
    content = response.content.decode()
    assert "Someone changed the story" in content
    assert "The story is now at version 3" in content
    assert 'name="expected_version" value="3"' in content


def test_restore_without_a_version_says_so(editor_client):
    article, first, _ = story_with_history()
    response = editor_client.post(url("revision", article.pk, first.pk), {}, follow=True)
    assert "The restore form was incomplete" in response.content.decode()
    assert article.revisions.count() == 2


# -- permissions -------------------------------------------------------------------


def test_reporters_read_a_public_story_history_but_cannot_restore_it(reporter_client):
    article, first, _ = story_with_history()
    assert reporter_client.get(url("revisions", article.pk)).status_code == 200
    page = reporter_client.get(url("revision", article.pk, first.pk))
    assert page.status_code == 200 and "Restore this revision" not in page.content.decode()
    response = reporter_client.post(
        url("revision", article.pk, first.pk), {"expected_version": "2"}
    )
    assert response.status_code == 403
    assert Revision.objects.filter(article=article).count() == 2


def test_reporters_restore_drafts(reporter_client):
    article = ArticleFactory(draft=True, headline="First draft")
    first = record_revision(article=article, action="edited")
    article.headline = "Second draft"
    article.save()
    record_revision(article=article, action="edited")
    response = reporter_client.post(
        url("revision", article.pk, first.pk), {"expected_version": "1"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "First draft"


def test_people_outside_the_desk_see_no_history(client):
    article, first, _ = story_with_history()
    for page in (url("revisions", article.pk), url("revision", article.pk, first.pk)):
        response = client.get(page)
        assert response.status_code == 302 and "/login/" in response.url


def test_a_revision_of_another_story_is_not_found(editor_client):
    _, first, _ = story_with_history()
    other = ArticleFactory()
    assert editor_client.get(url("revision", other.pk, first.pk)).status_code == 404


def test_adding_a_story_records_a_created_revision(editor_client):
    response = editor_client.get(url("add"))
    data = changed(
        form_data(response), {"headline": "A new story", "body": "First line.\r\n\r\nSecond line."}
    )
    response = editor_client.post(url("add"), data)
    assert response.status_code == 302
    revision = Article.objects.get().revisions.get()
    assert (revision.action, revision.user_name) == ("created", "editor")
    assert revision.snapshot["body"] == "First line.\n\nSecond line."
