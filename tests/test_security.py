"""Side doors found in the security review, each shut and kept shut.

- a story withdrawn before it was ever public (a killed wire draft keeps the agency's
  date as its publication time) answers 404 everywhere, never 410 with its headline;
- feeds, sitemaps and ninjs are revalidated on every use, by ETag only, so a cache
  never keeps a withdrawn story (nor a 304 bring one back);
- the staff preview needs the right to read stories, not only a staff account;
- an embargoed import never writes a person's current title (shown on their page);
- a reporter's preview of a kill notice says it will be refused;
- photo files have unguessable addresses; the mail share link is one header line;
- production settings redirect plain HTTP to HTTPS.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from articles.desk.operations import article_withdraw
from articles.models import Article
from articles.wire.detect import parse
from articles.wire.store import REFUSED, WITHDRAWN, store_story
from articles.wire.wire_story import WireQuote, WireStory
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    UserFactory,
)
from tests.wire_copy import ninjs_story

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/articles/article/import/"


def ninjs_url(article: Article) -> str:
    day = article.publication_date
    kwargs = {"year": day.year, "month": day.month, "day": day.day, "slug": article.slug}
    return reverse("articles:ninjs", kwargs=kwargs)


# -- 404, not 410, for what was never public ------------------------------------------


def _assert_never_existed(client, article: Article) -> None:
    for url in (article.get_absolute_url(), ninjs_url(article)):
        response = client.get(url)
        assert response.status_code == 404, url
        assert article.headline.encode() not in response.content, url


def test_killed_wire_draft_is_a_404_not_a_410_with_its_headline(client):
    """An imported draft was never public; a kill notice must not reveal it."""
    store_story(parse(ninjs_story(), format="auto"))
    draft = Article.objects.get()
    assert draft.status == Article.Status.DRAFT and draft.filed_at < timezone.now()

    result = store_story(parse(ninjs_story(pubstatus="canceled"), format="auto"))

    assert result.action == WITHDRAWN
    draft.refresh_from_db()
    assert draft.status == Article.Status.WITHDRAWN
    _assert_never_existed(client, draft)


def test_draft_withdrawn_by_an_editor_is_a_404(client):
    draft = ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=timezone.now() - timedelta(days=2),
        headline="Harbour chief to resign",
    )
    article_withdraw(article=draft, reason="Spiked.")
    _assert_never_existed(client, draft)


def test_ninjs_of_a_story_withdrawn_under_embargo_is_a_404(client):
    embargoed = ArticleFactory(embargoed=True, headline="Merger agreed")
    article_withdraw(article=embargoed, reason="Withdrawn for the test.")
    _assert_never_existed(client, embargoed)


def test_ninjs_of_a_story_withdrawn_after_it_was_public_is_gone(client):
    public = ArticleFactory()
    article_withdraw(article=public, reason="Withdrawn for the test.")
    assert client.get(ninjs_url(public)).status_code == 410
    assert client.get(public.get_absolute_url()).status_code == 410


def _change_form_data(article: Article, **changes) -> dict:
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "dateline": article.dateline,
        "source": article.source,
        "source_identifier": article.source_identifier,
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "withdrawal_reason": "",
        "rights_notice": str(article.rights_notice_id or ""),
        "new_tags": "",
        "opened_version": str(article.version),
    }
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data["published_at_0"] = local.strftime("%Y-%m-%d")
        data["published_at_1"] = local.strftime("%H:%M:%S")
    for prefix in ("bylines", "quotes", "photos"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data | changes


@pytest.mark.parametrize(
    ("traits", "answer"), [({"draft": True}, 404), ({"embargoed": True}, 404), ({}, 410)]
)
def test_withdrawing_from_the_change_form_follows_the_same_rule(
    client, editor_client, traits, answer
):
    article = ArticleFactory(headline="Quay collapse feared", **traits)
    if traits.get("draft"):  # a wire draft: the agency's date, never published
        article.published_at = timezone.now() - timedelta(days=1)
        article.save()
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = editor_client.post(
        url, _change_form_data(article, status="withdrawn", withdrawal_reason="Legal advice.")
    )

    assert response.status_code == 302, response.context and response.context.get("errors")
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    page = client.get(article.get_absolute_url())
    assert page.status_code == answer
    # Only a story readers once saw may name itself on its "410 Gone" page.
    assert (b"Quay collapse feared" in page.content) is (answer == 410)


# -- machine outputs: never kept stale by a cache ------------------------------------

MACHINE_URLS = {
    "rss": lambda a: reverse("articles:feed-rss"),
    "atom": lambda a: reverse("articles:feed-atom"),
    "tag rss": lambda a: reverse("articles:tag-feed-rss", kwargs={"slug": "harbour"}),
    "tag atom": lambda a: reverse("articles:tag-feed-atom", kwargs={"slug": "harbour"}),
    "source rss": lambda a: reverse("articles:source-feed-rss", kwargs={"slug": "northwind"}),
    "source atom": lambda a: reverse("articles:source-feed-atom", kwargs={"slug": "northwind"}),
    "sitemap index": lambda a: "/sitemap.xml",
    "articles sitemap": lambda a: "/sitemap-articles.xml",
    "news sitemap": lambda a: "/news-sitemap.xml",
    "ninjs": ninjs_url,
}


@pytest.mark.parametrize("name", MACHINE_URLS)
def test_feeds_sitemaps_and_ninjs_are_revalidated_on_every_use(client, name):
    """``no-cache`` and an ETag, no ``Last-Modified``: a withdrawn story never lingers."""
    older = ArticleFactory(agency=True, tags=["harbour"], headline="Older harbour story")
    older.published_at -= timedelta(hours=2)
    older.save()
    newest = ArticleFactory(agency=True, tags=["harbour"], headline="Newest harbour story")
    url = MACHINE_URLS[name](newest)

    first = client.get(url)

    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"]
    # Heuristic caching needs Last-Modified, and a list's goes back in time when its
    # newest entry is withdrawn (If-Modified-Since would then answer 304).
    assert not first.has_header("Last-Modified")
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304

    article_withdraw(article=newest, reason="Withdrawn for the test.")
    later = http_date((timezone.now() + timedelta(days=1)).timestamp())
    again = client.get(url, headers={"if-none-match": first["ETag"], "if-modified-since": later})

    assert again.status_code == (410 if name == "ninjs" else 200)
    if name == "ninjs":  # which item is cancelled, and nothing of its text
        assert json.loads(again.content)["pubstatus"] == "canceled"
        assert b"Newest harbour story" not in again.content
    else:
        assert b"newest-harbour-story" not in again.content


def test_a_feed_shows_a_story_the_moment_its_embargo_lifts(client):
    story = ArticleFactory(embargoed=True, headline="Embargo lifts at noon")
    ArticleFactory(headline="Already out")
    first = client.get(reverse("articles:feed-rss"))
    assert b"Embargo lifts at noon" not in first.content

    story.embargo_until = timezone.now() - timedelta(seconds=1)  # noon has come
    story.save()
    again = client.get(reverse("articles:feed-rss"), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200
    assert b"Embargo lifts at noon" in again.content


# -- staff preview -------------------------------------------------------------------


def test_staff_without_the_right_to_read_stories_cannot_preview(client):
    """A staff account with no group (a new hire, the ads team) is not the newsroom."""
    client.force_login(UserFactory(username="ads-team"))
    article = ArticleFactory(embargoed=True, headline="Embargoed results")

    response = client.get(article.get_preview_url())

    assert response.status_code == 403
    assert b"Embargoed results" not in response.content


# -- people's pages ------------------------------------------------------------------


def test_an_embargoed_import_does_not_write_the_title_on_a_public_persons_page(client):
    speaker = PersonFactory(name="Petra Lund", title="")
    QuoteFactory(article=ArticleFactory(), speaker=speaker, text="We will build it,")
    store_story(
        WireStory(
            headline="Harbour groups to merge",
            body='"Enough," said Petra Lund, chief executive-designate of Harbour Group.',
            source="Gullwing",
            source_identifier="gw-merger",
            published_at=timezone.now() - timedelta(hours=1),
            embargo_until=timezone.now() + timedelta(days=1),
            quotes=[
                WireQuote("Enough,", "Petra Lund", "chief executive-designate of Harbour Group")
            ],
        )
    )

    page = client.get(speaker.get_absolute_url())

    assert page.status_code == 200
    assert b"designate" not in page.content
    assert b"Harbour Group" not in page.content


# -- the import page -----------------------------------------------------------------


def test_a_reporters_preview_of_a_kill_notice_says_it_will_be_refused(reporter_client):
    published = ArticleFactory(source="Gullwing", source_identifier="urn:gullwing:2025:bridge-1")
    kill = ninjs_story(pubstatus="canceled").decode()

    preview = reporter_client.post(IMPORT_URL, {"text": kill, "format": "auto"})

    (item,) = preview.context["items"]
    assert item["result"].action == REFUSED
    assert "permission" in preview.content.decode()
    reporter_client.post(IMPORT_URL, {"token": preview.context["token"]})
    published.refresh_from_db()
    assert published.status == Article.Status.PUBLISHED


# -- media files and share links ------------------------------------------------------


def test_photo_files_have_unguessable_addresses():
    first = PhotoCaptionFactory(image__filename="ceo-resigns.jpg")
    second = PhotoCaptionFactory(image__filename="ceo-resigns.jpg")
    long_name = PhotoCaptionFactory(image__filename=f"{'x' * 120}.jpg")

    # Generated names only: nothing of the editor's file name is kept, originals are private.
    pattern = r"photos/originals/\d{4}/\d{2}/[0-9a-f]{24}\.jpg"
    assert re.fullmatch(pattern, first.image.name), first.image.name
    assert re.fullmatch(pattern, second.image.name), second.image.name
    assert first.image.name != second.image.name
    assert len(long_name.image.name) <= 100 and long_name.image.name.endswith(".jpg")


def test_share_mail_subject_is_one_line_whatever_the_headline(client):
    article = ArticleFactory(headline="Ferry late\r\nBcc: leak@example.org")

    content = client.get(article.get_absolute_url()).content.decode()

    (href,) = re.findall(r'href="(mailto:[^"]*)"', content)
    assert "%0D" not in href.upper() and "%0A" not in href.upper()
    assert "subject=Ferry%20late%20Bcc%3A%20leak%40example.org&amp;" in href


# -- production settings -------------------------------------------------------------


def test_production_settings_send_plain_http_to_https():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DJANGO_SECRET_KEY": "x" * 30 + "-production-like-key-for-this-check-only",
        "DJANGO_DEBUG": "0",
    }
    env.pop("DATABASE_URL", None)  # `check --deploy` needs no database
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "security.W008" not in output  # SECURE_SSL_REDIRECT
    # The whole production profile is checked in test_hardening.py.
