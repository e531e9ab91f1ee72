"""Shared rows: once a tag or a person is on a public story, only editors change it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from taggit.models import Tag

from articles.desk.shared_rows import SharedRowRefused, is_on_public_story, merge_tags
from articles.models import Article, AuditEntry, Person
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TAGS = "admin:taggit_tag_changelist"


def tag_url(action, *args):
    return reverse(f"admin:taggit_tag_{action}", args=args)


def person_url(action, *args):
    return reverse(f"admin:articles_person_{action}", args=args)


def tag_data(tag, **changes):
    return {"name": tag.name, "slug": tag.slug, **changes}


def person_data(person, **changes):
    return {"name": person.name, "slug": person.slug, "title": person.title, **changes}


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def user_with(*codenames, username="deskhand"):
    """A staff user with exactly these permissions (``app_label.codename``)."""
    user = UserFactory(username=username)
    for name in codenames:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def public_tag():
    return ArticleFactory(tags=["harbour"]).tags.get()


@pytest.fixture
def draft_tag():
    return ArticleFactory(draft=True, tags=["rumours"]).tags.get()


# -- the rule --------------------------------------------------------------------


def test_a_tag_is_public_only_while_a_public_story_carries_it(public_tag, draft_tag):
    scheduled = ArticleFactory(scheduled=True, tags=["next week"]).tags.get()
    assert is_on_public_story(public_tag)
    assert not is_on_public_story(draft_tag)
    assert not is_on_public_story(scheduled)


def test_a_person_is_public_when_bylined_quoted_or_credited_on_a_public_story():
    bylined = BylineFactory().person
    quoted = QuoteFactory().speaker
    photographer = PhotoCaptionFactory(photographer=PersonFactory()).photographer
    draft_only = BylineFactory(article=ArticleFactory(draft=True)).person
    assert all(is_on_public_story(p) for p in (bylined, quoted, photographer))
    assert not is_on_public_story(draft_only)


# -- tags ------------------------------------------------------------------------


def test_reporters_cannot_rename_a_public_tag(reporter_client, public_tag):
    page = reporter_client.get(tag_url("change", public_tag.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert any("Only editors may change" in m for m in messages_of(page))
    response = reporter_client.post(
        tag_url("change", public_tag.pk), tag_data(public_tag, name="x")
    )
    assert response.status_code == 403
    assert Tag.objects.get(pk=public_tag.pk).name == "harbour"
    assert not AuditEntry.objects.exists()


def test_reporters_rename_a_tag_only_drafts_carry(reporter_client, reporter, draft_tag):
    response = reporter_client.post(
        tag_url("change", draft_tag.pk), tag_data(draft_tag, name="gossip")
    )
    assert response.status_code == 302
    assert Tag.objects.get(pk=draft_tag.pk).name == "gossip"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor) == (AuditEntry.Action.RENAMED, reporter)
    assert "“rumours” → “gossip”" in entry.summary


def test_editors_rename_and_delete_public_tags(editor_client, public_tag):
    response = editor_client.post(
        tag_url("change", public_tag.pk), tag_data(public_tag, name="Harbour")
    )
    assert response.status_code == 302
    assert editor_client.post(tag_url("delete", public_tag.pk), {"post": "yes"}).status_code == 302
    assert not Tag.objects.exists()
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "renamed",
        "deleted",
    ]


def test_delete_permission_alone_does_not_delete_a_public_tag(client, public_tag, draft_tag):
    client.force_login(user_with("taggit.view_tag", "taggit.change_tag", "taggit.delete_tag"))
    assert client.post(tag_url("delete", public_tag.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [public_tag.pk, draft_tag.pk]}
    assert client.post(reverse(TAGS), {**bulk, "post": "yes"}).status_code == 403
    assert Tag.objects.count() == 2
    assert client.post(tag_url("delete", draft_tag.pk), {"post": "yes"}).status_code == 302
    assert list(Tag.objects.all()) == [public_tag]


def test_reporters_cannot_delete_tags_at_all(reporter_client, draft_tag):
    assert reporter_client.post(tag_url("delete", draft_tag.pk), {"post": "yes"}).status_code == (
        403
    )


def test_tag_changelist_queries_do_not_grow_with_rows(
    editor_client, django_assert_max_num_queries, django_assert_num_queries
):
    ArticleFactory(tags=["one"])
    with django_assert_max_num_queries(8) as few:
        editor_client.get(reverse(TAGS))
    for n in range(10):
        ArticleFactory(tags=[f"tag {n}", "shared"], draft=n % 2 == 0)
    with django_assert_num_queries(len(few.captured_queries)):
        response = editor_client.get(reverse(TAGS))
    assert response.context["cl"].result_count == 12


# -- merging tags ----------------------------------------------------------------


def merge_post(client, tags, target=None):
    data = {"action": "merge_selected", "_selected_action": [tag.pk for tag in tags]}
    if target is not None:
        data |= {"apply": "1", "target": target.pk}
    return client.post(reverse(TAGS), data, follow=True)


def tag_names(article) -> list[str]:
    return sorted(Article.objects.get(pk=article.pk).tags.names())


def test_an_editor_merges_tags_without_duplicating_one_on_a_story(editor_client, editor):
    both = ArticleFactory(tags=["harbour", "Harbour"])
    one = ArticleFactory(tags=["Harbour"])
    keep, merged = Tag.objects.get(name="harbour"), Tag.objects.get(name="Harbour")
    form = merge_post(editor_client, [keep, merged])
    assert form.status_code == 200
    assert list(form.context["form"].fields["target"].queryset) == [merged, keep]
    response = merge_post(editor_client, [keep, merged], target=keep)
    assert response.status_code == 200
    assert "Merged into “harbour”; 1 story moved." in messages_of(response)
    assert tag_names(both) == tag_names(one) == ["harbour"]
    assert list(Tag.objects.all()) == [keep]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.summary) == (
        AuditEntry.Action.MERGED,
        editor,
        "Merged “Harbour” into “harbour”.",
    )


def test_merging_needs_at_least_two_tags(editor_client, public_tag):
    response = merge_post(editor_client, [public_tag])
    assert "Select at least two tags to merge." in messages_of(response)


def test_reporters_cannot_merge_tags(reporter_client, draft_tag):
    other = ArticleFactory(draft=True, tags=["hearsay"]).tags.get()
    response = merge_post(reporter_client, [draft_tag, other], target=draft_tag)
    assert response.status_code == 200
    assert "You do not have permission to merge tags." in messages_of(response)
    assert Tag.objects.count() == 2


def test_a_staff_user_without_rights_gets_an_answer_not_an_error(client, draft_tag):
    other = ArticleFactory(draft=True, tags=["hearsay"]).tags.get()
    client.force_login(user_with("taggit.view_tag"))
    response = merge_post(client, [draft_tag, other], target=other)
    assert response.status_code == 200
    assert "You do not have permission to merge tags." in messages_of(response)
    # taggit's own merge page is gone, and its address is not an error either.
    assert client.get("/admin/taggit/tag/merge-tags/").status_code == 302
    client.force_login(UserFactory(username="no-rights"))
    assert merge_post(client, [draft_tag, other], target=other).status_code == 403
    assert Tag.objects.count() == 2


def test_merging_a_public_tag_needs_an_editor(client, public_tag, draft_tag):
    client.force_login(user_with("taggit.view_tag", "taggit.change_tag", "taggit.delete_tag"))
    response = merge_post(client, [public_tag, draft_tag], target=draft_tag)
    assert "Only editors may merge tags that public stories carry." in messages_of(response)
    assert Tag.objects.count() == 2
    other = ArticleFactory(draft=True, tags=["hearsay"]).tags.get()
    response = merge_post(client, [draft_tag, other], target=other)
    assert "Merged into “hearsay”; 1 story moved." in messages_of(response)


def test_merge_tags_refuses_without_permission(reporter, public_tag, draft_tag):
    with pytest.raises(SharedRowRefused, match="permission to merge"):
        merge_tags(target=draft_tag, tags=[draft_tag, public_tag], user=reporter)
    with pytest.raises(SharedRowRefused, match="at least one other tag"):
        merge_tags(target=draft_tag, tags=[draft_tag])
    assert Tag.objects.count() == 2


# -- people ----------------------------------------------------------------------


def test_reporters_see_a_public_person_read_only(reporter_client):
    person = BylineFactory(person=PersonFactory(name="Tove Marsh")).person
    page = reporter_client.get(person_url("change", person.pk))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = reporter_client.post(
        person_url("change", person.pk), person_data(person, name="Tove Marsh-Bay")
    )
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).name == "Tove Marsh"


def test_reporters_change_a_person_only_drafts_name(reporter_client):
    person = QuoteFactory(article=ArticleFactory(draft=True)).speaker
    response = reporter_client.post(
        person_url("change", person.pk), person_data(person, title="Ferry captain")
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).title == "Ferry captain"
    assert AuditEntry.objects.get().action == AuditEntry.Action.EDITED


def test_editors_change_and_delete_public_people(editor_client):
    person = QuoteFactory().speaker
    response = editor_client.post(
        person_url("change", person.pk), person_data(person, title="Mayor")
    )
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).title == "Mayor"


def test_delete_permission_alone_does_not_delete_a_public_person(client):
    # Photographers: deleting one keeps the photo (credit as printed), so nothing protects them.
    public = PhotoCaptionFactory(photographer=PersonFactory()).photographer
    draft_only = PhotoCaptionFactory(
        article=ArticleFactory(draft=True), photographer=PersonFactory()
    ).photographer
    user = user_with("articles.view_person", "articles.delete_person")
    client.force_login(user)
    assert client.post(person_url("delete", public.pk), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [public.pk, draft_only.pk]}
    response = client.post(reverse("admin:articles_person_changelist"), {**bulk, "post": "yes"})
    assert response.status_code == 403
    assert Person.objects.count() == 2
    assert client.post(person_url("delete", draft_only.pk), {"post": "yes"}).status_code == 302
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    assert client.post(person_url("delete", public.pk), {"post": "yes"}).status_code == 302
    assert not Person.objects.exists()


def test_tag_admin_smoke_add_change_and_list(admin_client):
    assert admin_client.get(tag_url("add")).status_code == 200
    response = admin_client.post(tag_url("add"), {"name": "ferries", "slug": "ferries"})
    assert response.status_code == 302
    tag = Tag.objects.get()
    assert admin_client.get(tag_url("change", tag.pk)).status_code == 200
    assert "ferries" in admin_client.get(reverse(TAGS)).content.decode()
    assert AuditEntry.objects.get().action == AuditEntry.Action.CREATED
