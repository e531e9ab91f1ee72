"""The admin's “Import wire copy” page: preview the parts, confirm, land on the draft."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Byline
from tests.factories import UserFactory
from tests.wire_copy import CAFE_TEXT_1252, FERRY_TEXT, ninjs_story, text_story

pytestmark = pytest.mark.django_db

URL = "/admin/articles/article/import/"


def test_the_url_is_named_and_linked_from_the_changelist(editor_client):
    assert reverse("admin:articles_article_import") == URL

    page = editor_client.get(reverse("admin:articles_article_changelist"))

    assert page.status_code == 200
    assert f'href="{URL}"' in page.content.decode()
    assert "Import wire copy" in page.content.decode()


def test_the_form_is_shown(editor_client):
    page = editor_client.get(URL)

    assert page.status_code == 200
    html = page.content.decode()
    assert "Paste wire copy" in html
    assert 'type="file"' in html
    assert "Import wire copy" in html  # title and breadcrumbs


def test_pasted_copy_is_previewed_beside_the_input_then_imported(editor_client):
    preview = editor_client.post(URL, {"text": FERRY_TEXT, "format": "auto"})

    assert preview.status_code == 200
    html = preview.content.decode()
    # The input, line by line ...
    assert "Send a link to a friend" in html
    # ... beside every part found.
    assert "Island council backs night ferry despite noise complaints" in html
    assert "Noor Haddad" in html and "Ivo Kastelic" in html
    assert "Reporting" in html and "Additional reporting" in html and "Editing" in html
    assert "SALTMARSH" in html
    assert "NOISE AND NIGHTS" in html
    assert "Petra Lund" in html and "Tomas Vire" in html
    assert "GULLWING/Alma Torres/File Photo" in html
    assert "Gullwing News is solely responsible for this content." in html
    assert "Will be imported as a new draft." in html
    token = preview.context["token"]
    assert not Article.objects.exists()  # nothing stored before the confirmation

    done = editor_client.post(URL, {"token": token})

    article = Article.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Island council backs night ferry despite noise complaints"
    assert article.dateline == "SALTMARSH"
    roles = {(b.person.name, b.role) for b in article.bylines.select_related("person")}
    assert ("Noor Haddad", Byline.Role.AUTHOR) in roles
    assert ("Leon Brandt", Byline.Role.EDITING) in roles
    assert "## NOISE AND NIGHTS" in article.body
    speakers = {q.speaker.name for q in article.quotes.select_related("speaker")}
    assert {"Petra Lund", "Tomas Vire"} <= speakers
    photo = article.photos.get()
    assert photo.credit == "GULLWING/Alma Torres/File Photo"
    assert photo.photographer.name == "Alma Torres"
    assert article.rights_notice.holder == "Gullwing News"
    # The change page the editor lands on works.
    assert editor_client.get(done["Location"]).status_code == 200


def test_the_token_is_used_once(editor_client):
    token = editor_client.post(URL, {"text": FERRY_TEXT, "format": "auto"}).context["token"]
    editor_client.post(URL, {"token": token})

    again = editor_client.post(URL, {"token": token}, follow=True)

    assert "This preview has expired" in again.content.decode()
    assert Article.objects.count() == 1


def test_reposted_parts_are_never_trusted(editor_client):
    token = editor_client.post(URL, {"text": FERRY_TEXT, "format": "auto"}).context["token"]

    editor_client.post(URL, {"token": token, "headline": "Forged", "text": "Forged headline"})

    assert Article.objects.get().headline.startswith("Island council")


def test_uploaded_files_are_previewed_and_imported(editor_client):
    files = [
        SimpleUploadedFile("cafe.txt", CAFE_TEXT_1252, content_type="text/plain"),
        SimpleUploadedFile("bridge.json", ninjs_story(), content_type="application/json"),
    ]
    preview = editor_client.post(URL, {"files": files, "format": "auto"})

    html = preview.content.decode()
    assert "Café owners in Eastwick" in html
    assert "Old swing bridge reopens after two years" in html

    done = editor_client.post(URL, {"token": preview.context["token"]})

    assert done["Location"] == reverse("admin:articles_article_changelist")
    assert Article.objects.count() == 2


def test_bad_input_shows_a_clear_error_and_stores_nothing(editor_client):
    bad = SimpleUploadedFile("broken.json", b'{"uri": "urn:x", "headlines": [', "application/json")

    page = editor_client.post(URL, {"files": [bad], "format": "auto"})

    assert page.status_code == 200
    html = page.content.decode()
    assert "broken.json" in html
    assert "wire-error" in html
    assert "token" not in page.context or not page.context.get("token")
    assert not Article.objects.exists()


def test_empty_form_asks_for_copy(editor_client):
    page = editor_client.post(URL, {"text": "  ", "format": "auto"})

    assert "Paste the copy or choose a file" in page.content.decode()


def preview_token(client, text: str) -> str:
    return client.post(URL, {"text": text, "format": "auto"}).context["token"]


def test_a_second_import_says_it_is_unchanged(editor_client):
    copy = text_story(2).decode()
    editor_client.post(URL, {"token": preview_token(editor_client, copy)})

    preview = editor_client.post(URL, {"text": copy, "format": "auto"})

    assert "already up to date" in preview.content.decode()


def test_users_without_add_permission_are_refused(client):
    viewer = UserFactory(username="viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": FERRY_TEXT, "format": "auto"}).status_code == 403
    page = client.get(reverse("admin:articles_article_changelist"))
    assert "Import wire copy" not in page.content.decode()
    assert not Article.objects.exists()


def test_reporters_may_import_drafts(reporter_client):
    token = reporter_client.post(URL, {"text": FERRY_TEXT, "format": "auto"}).context["token"]

    reporter_client.post(URL, {"token": token})

    assert Article.objects.get().status == Article.Status.DRAFT


def test_anonymous_users_go_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_only_the_inputs_that_parsed_are_imported(editor_client):
    files = [
        SimpleUploadedFile("good.txt", text_story(5), content_type="text/plain"),
        SimpleUploadedFile("empty.txt", b"", content_type="text/plain"),
    ]
    preview = editor_client.post(URL, {"files": files, "format": "auto"})
    assert "empty.txt" in preview.content.decode()

    done = editor_client.post(URL, {"token": preview.context["token"]})

    article = Article.objects.get()
    assert done["Location"] == reverse("admin:articles_article_change", args=[article.pk])


def test_an_oversized_upload_is_refused_before_parsing(editor_client, settings):
    from articles.wire.detect import MAX_BYTES

    big = SimpleUploadedFile("huge.txt", b"x" * (MAX_BYTES + 1), content_type="text/plain")

    page = editor_client.post(URL, {"files": [big], "format": "auto"})

    html = page.content.decode()
    assert "huge.txt" in html and "at most 5 MB" in html
    assert not Article.objects.exists()
