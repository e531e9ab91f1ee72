"""A photo without alt text warns the editor on publish (it does not refuse), caption offered."""

import pytest

from articles.desk.operations import publishing_problems, publishing_warnings
from articles.models import Article
from tests.factories import ArticleFactory, PhotoCaptionFactory, RightsNoticeFactory
from tests.test_admin import admin_url, article_form_data, inline_management

pytestmark = pytest.mark.django_db
CAPTION = "Gulls over the north basin at dawn."


def test_a_photo_without_alt_text_is_a_warning_with_the_caption_as_a_start():
    article = ArticleFactory(draft=True)
    PhotoCaptionFactory(article=article, alt_text="", caption=CAPTION)
    PhotoCaptionFactory(article=article)  # described: no warning
    PhotoCaptionFactory(article=article, image=None, alt_text="")  # no file yet: not shown
    [warning] = publishing_warnings(article)
    assert "no alt text" in warning and CAPTION in warning
    assert publishing_problems(article) == []  # a warning is not a refusal


def test_the_list_action_publishes_and_warns(editor_client):
    article = ArticleFactory(draft=True, headline="Dawn at the basin")
    PhotoCaptionFactory(article=article, alt_text="", caption=CAPTION)
    response = editor_client.post(
        admin_url(Article),
        {"action": "publish_selected", "_selected_action": [article.pk]},
        follow=True,
    )
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert ("success", "Published 1 story.") in messages
    warnings = [text for level, text in messages if level == "warning"]
    assert len(warnings) == 1 and warnings[0].startswith("Dawn at the basin:")
    assert CAPTION in warnings[0]
    assert list(Article.objects.published()) == [article]


def test_publishing_from_the_form_warns(editor_client):
    article = ArticleFactory(draft=True, rights_notice=RightsNoticeFactory())
    photo = PhotoCaptionFactory(article=article, alt_text="", caption=CAPTION)
    data = article_form_data(
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        status="published",
        rights_notice=str(article.rights_notice_id),
        opened_version=article.version,
        **inline_management("photos", total=1, initial=1),
        **{
            "photos-0-id": str(photo.pk),
            "photos-0-article": str(article.pk),
            "photos-0-caption": CAPTION,
            "photos-0-credit": photo.credit,
            "photos-0-alt_text": "",
            "photos-0-position": "0",
        },
    )
    response = editor_client.post(admin_url(Article, "change", article.pk), data, follow=True)
    messages = [(m.level_tag, str(m)) for m in response.context["messages"]]
    assert any(level == "warning" and CAPTION in text for level, text in messages), messages
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_no_warning_when_every_photo_is_described():
    article = ArticleFactory(draft=True)
    PhotoCaptionFactory(article=article)
    assert publishing_warnings(article) == []
