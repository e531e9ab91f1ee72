"""Corrections and updates: the rule, the desk's page, and every public output that shows them."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.desk.operations import PublishingRefused, article_add_correction, article_withdraw
from articles.models import Article, Correction
from articles.public.pagination import PER_PAGE
from tests.factories import ArticleFactory, CorrectionFactory
from tests.pages import by_class, news_article_ld, one_by_class, parse, parse_errors, squash, text

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
WRONG_DATE = "An earlier version of this story gave the wrong date for the vote. It is on 4 May."
NEW_FACTS = "The council has since set the date of the second hearing: 12 May."
# HTML allows at most three digits of a second's fraction in <time datetime>.
VALID_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)$")


def correct(article, editor, text=WRONG_DATE, kind=Correction.Kind.CORRECTION, **kwargs):
    return article_add_correction(article=article, user=editor, kind=kind, text=text, **kwargs)


def correct_url(article) -> str:
    return reverse("admin:articles_article_correct", args=[article.pk])


# -- the operation -------------------------------------------------------------


def test_editor_adds_a_correction_and_the_story_counts_as_revised(editor):
    article = ArticleFactory()
    at = timezone.now().replace(microsecond=123456)

    note = correct(article, editor, at=at)

    note.refresh_from_db()
    article.refresh_from_db()
    assert (note.kind, note.text, note.created_at) == ("correction", WRONG_DATE, at)
    assert note.created_by == editor and note.created_by_name == "editor"
    assert article.revised_at == at
    assert article.modified_at == at


def test_modified_time_is_publication_until_readers_are_told_of_a_change():
    article = ArticleFactory()
    article.body += "\n\nA typo fixed quietly."
    article.save()
    assert article.revised_at is None
    assert article.modified_at == article.published_at


def test_a_later_note_moves_the_revision_time_and_an_earlier_one_does_not(editor):
    article = ArticleFactory()
    first = timezone.now()
    correct(article, editor, at=first)
    correct(article, editor, kind=Correction.Kind.UPDATE, text=NEW_FACTS, at=first + timedelta(1))
    correct(article, editor, at=first - timedelta(minutes=5))
    article.refresh_from_db()
    assert article.revised_at == first + timedelta(1)
    assert article.corrections.count() == 3


def test_the_name_of_who_added_it_is_kept_when_their_account_goes(editor):
    editor.first_name, editor.last_name = "Edna", "Mbeki"
    editor.save()
    note = correct(ArticleFactory(), editor)
    editor.delete()
    note.refresh_from_db()
    assert note.created_by is None
    assert note.created_by_name == "Edna Mbeki"


def test_reporters_and_nobody_cannot_add_corrections(reporter):
    article = ArticleFactory()
    for user in (reporter, None):
        with pytest.raises(PublishingRefused, match="permission"):
            correct(article, user)
    article.refresh_from_db()
    assert not Correction.objects.exists()
    assert article.revised_at is None


@pytest.mark.parametrize("state", ["draft", "scheduled", "embargoed", "withdrawn"])
def test_a_story_readers_cannot_see_is_not_corrected_but_edited(editor, state):
    article = ArticleFactory(**{state: True})
    with pytest.raises(PublishingRefused, match="is not public"):
        correct(article, editor)
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write the text"),
        ("  \n\t ", "Write the text"),
        ("It is <b>4 May</b>.", "plain text"),
        ("See <a href='x'>here</a>", "plain text"),
    ],
)
def test_empty_or_marked_up_text_is_refused(editor, text, message):
    article = ArticleFactory()
    with pytest.raises(PublishingRefused, match=message):
        correct(article, editor, text=text)
    article.refresh_from_db()
    assert not Correction.objects.exists() and article.revised_at is None


def test_an_unknown_kind_is_refused(editor):
    with pytest.raises(PublishingRefused, match="correction or an update"):
        correct(ArticleFactory(), editor, kind="retraction")


def test_text_is_kept_as_one_plain_line_and_a_lone_angle_bracket_is_fine(editor):
    note = correct(ArticleFactory(), editor, text="  Turnout was < 40%,\n not 60%.  ")
    assert note.text == "Turnout was < 40%, not 60%."


def test_the_database_refuses_a_note_without_text():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        CorrectionFactory(text="")


# -- the desk --------------------------------------------------------------------


def test_editor_adds_a_correction_from_the_story_page(editor_client, editor):
    article = ArticleFactory()
    page = editor_client.get(correct_url(article))
    assert page.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in page.content
    assert "shown to readers at once" in page.content.decode()

    response = editor_client.post(
        correct_url(article), {"kind": "correction", "text": WRONG_DATE, "confirm": "on"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    note = article.corrections.get()
    assert (note.text, note.created_by) == (WRONG_DATE, editor)
    followed = editor_client.get(response["Location"])
    assert "The correction is on the story page" in followed.content.decode()
    assert LogEntry.objects.filter(object_id=str(article.pk)).exists()


def test_without_confirming_nothing_is_shown_to_readers(editor_client):
    article = ArticleFactory()
    response = editor_client.post(correct_url(article), {"kind": "update", "text": NEW_FACTS})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    assert NEW_FACTS in response.content.decode()  # what they typed is still in the form
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "correction", "text": "", "confirm": "on"}, "This field is required"),
        ({"kind": "erratum", "text": WRONG_DATE, "confirm": "on"}, "Select a valid choice"),
        ({"kind": "correction", "text": "x" * 2001, "confirm": "on"}, "at most 2000"),
    ],
)
def test_bad_input_gets_a_clear_message(editor_client, data, message):
    response = editor_client.post(correct_url(ArticleFactory()), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Correction.objects.exists()


def test_a_refusal_from_the_rules_is_shown_and_the_text_kept(editor_client):
    draft = ArticleFactory(draft=True)
    assert "not public" in editor_client.get(correct_url(draft)).content.decode()
    response = editor_client.post(
        correct_url(draft), {"kind": "correction", "text": WRONG_DATE, "confirm": "on"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "is not public" in content and WRONG_DATE in content
    assert not Correction.objects.exists()


def test_markup_in_the_text_is_refused_with_a_message(editor_client):
    response = editor_client.post(
        correct_url(ArticleFactory()),
        {"kind": "correction", "text": "It is <b>4 May</b>.", "confirm": "on"},
    )
    assert "Write the note as plain text" in response.content.decode()
    assert not Correction.objects.exists()


def test_reporters_may_not_open_or_post_the_page(reporter_client):
    article = ArticleFactory()
    assert reporter_client.get(correct_url(article)).status_code == 403
    response = reporter_client.post(
        correct_url(article), {"kind": "correction", "text": WRONG_DATE, "confirm": "on"}
    )
    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(correct_url(ArticleFactory()))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_unknown_story_is_a_404(editor_client):
    assert editor_client.get("/admin/articles/article/999999/correct/").status_code == 404


def test_the_page_is_protected_against_cross_site_posts(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    response = browser.post(
        correct_url(ArticleFactory()), {"kind": "correction", "text": WRONG_DATE, "confirm": "on"}
    )
    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_change_form_lists_the_notes_newest_first_read_only_with_a_link(editor_client, editor):
    article = ArticleFactory()
    now = timezone.now()
    correct(article, editor, at=now - timedelta(hours=2))
    correct(article, editor, kind=Correction.Kind.UPDATE, text=NEW_FACTS, at=now)

    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    content = response.content.decode()
    assert content.index(NEW_FACTS) < content.index(WRONG_DATE)
    assert f'href="{correct_url(article)}"' in content
    assert 'name="corrections' not in content  # shown, not editable


def test_change_form_of_a_draft_says_notes_come_once_it_is_public(editor_client):
    draft = ArticleFactory(draft=True)
    response = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "can be added once the story is public" in response.content.decode()
    assert correct_url(draft) not in response.content.decode()


def test_the_list_of_notes_is_read_only_for_everyone(editor_client, editor):
    note = correct(ArticleFactory(), editor)
    changelist = reverse("admin:articles_correction_changelist")
    response = editor_client.get(changelist)
    assert response.status_code == 200
    assert WRONG_DATE[:60] in response.content.decode()
    assert reverse("admin:articles_correction_add") not in response.content.decode()
    change = editor_client.get(reverse("admin:articles_correction_change", args=[note.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert editor_client.get(reverse("admin:articles_correction_add")).status_code == 403
    delete = reverse("admin:articles_correction_delete", args=[note.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Correction.objects.filter(pk=note.pk).exists()


def test_reporters_see_the_list_of_notes_too(reporter_client, editor):
    correct(ArticleFactory(), editor)
    response = reporter_client.get(reverse("admin:articles_correction_changelist"))
    assert response.status_code == 200


def test_a_corrected_story_cannot_be_deleted_from_the_desk(editor_client, editor):
    """Deleting would take the notes with it: withdraw the story instead (410 for readers)."""
    article = ArticleFactory()
    correct(article, editor)
    delete = reverse("admin:articles_article_delete", args=[article.pk])
    page = editor_client.get(delete).content.decode()
    assert "permission to delete the following types of objects" in page
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    assert Correction.objects.count() == 1


def test_the_list_of_notes_costs_the_same_for_many(
    editor_client, editor, django_assert_max_num_queries, django_assert_num_queries
):
    changelist = reverse("admin:articles_correction_changelist")
    correct(ArticleFactory(), editor)
    with django_assert_max_num_queries(12) as few:
        editor_client.get(changelist)
    for _ in range(10):
        correct(ArticleFactory(), editor)
    with django_assert_num_queries(len(few.captured_queries)):
        response = editor_client.get(changelist)
    assert response.context["cl"].result_count == 11


# -- the story page --------------------------------------------------------------


@pytest.fixture
def noted_story(editor):
    article = ArticleFactory(headline="Vote on the harbour rents")
    at = timezone.now().replace(microsecond=654321)
    correct(article, editor, at=at - timedelta(minutes=30))
    correct(article, editor, kind=Correction.Kind.UPDATE, text=NEW_FACTS, at=at)
    article.refresh_from_db()
    return article


def test_updates_show_under_the_headline_and_corrections_above_the_rights(client, noted_story):
    content = client.get(noted_story.get_absolute_url()).content.decode()
    root = parse(content)
    header = one_by_class(root, "story-header")
    assert NEW_FACTS in squash(text(header))
    assert WRONG_DATE not in text(header)
    body_end = content.index('class="story-body"')
    correction_at = content.rindex(WRONG_DATE)  # the first is in the JSON-LD
    assert body_end < correction_at < content.index('class="rights"')
    kinds = [squash(text(el)) for el in by_class(root, "story-note-kind")]
    assert kinds == ["Update", "Correction"]
    assert parse_errors(content) == []


def test_notes_are_dated_with_valid_html_times(client, noted_story):
    root = parse(client.get(noted_story.get_absolute_url()).content)
    notes = by_class(root, "story-note")
    assert len(notes) == 2
    for note in notes:
        (time,) = note.iter("time")
        assert VALID_DATETIME.match(time.get("datetime")), time.get("datetime")
        assert datetime.fromisoformat(time.get("datetime")).year == timezone.now().year
    revised = one_by_class(root, "revised")
    (time,) = revised.iter("time")
    when = datetime.fromisoformat(time.get("datetime"))
    assert when == noted_story.revised_at.replace(microsecond=0)


def test_a_story_without_notes_shows_no_notes(client):
    root = parse(client.get(ArticleFactory().get_absolute_url()).content)
    assert by_class(root, "story-notes") == [] and by_class(root, "revised") == []


def test_note_text_is_shown_as_text_never_as_markup(client, editor):
    article = ArticleFactory()
    CorrectionFactory(article=article, text='Quotes "x" & <script>alert(1)</script>')
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


# -- the public corrections page ---------------------------------------------------


def test_corrections_page_lists_corrections_of_public_stories_newest_first(client, editor):
    now = timezone.now()
    older, newer = ArticleFactory(headline="Older fix"), ArticleFactory(headline="Newer fix")
    correct(older, editor, text="The first correction.", at=now - timedelta(days=1))
    correct(newer, editor, text="The second correction.", at=now)
    correct(newer, editor, kind=Correction.Kind.UPDATE, text=NEW_FACTS, at=now)
    hidden = {
        "draft": ArticleFactory(draft=True),
        "scheduled": ArticleFactory(scheduled=True),
        "embargoed": ArticleFactory(embargoed=True),
    }
    for name, story in hidden.items():
        CorrectionFactory(article=story, text=f"A correction of a {name} story.")
    withdrawn = ArticleFactory(headline="Gone")
    correct(withdrawn, editor, text="A correction of a withdrawn story.")
    article_withdraw(article=withdrawn, user=editor, reason="Legal advice.")

    response = client.get(reverse("articles:corrections"))

    assert response.status_code == 200
    content = response.content.decode()
    items = [squash(text(li)) for li in by_class(parse(content), "correction-item")]
    assert len(items) == 2
    assert items[0].startswith("Newer fix") and "The second correction." in items[0]
    assert items[1].startswith("Older fix")
    assert NEW_FACTS not in content  # updates stay on their stories
    assert f'href="{newer.get_absolute_url()}#note-' in content
    assert parse_errors(content) == []
    assert 'href="/corrections/"' in content  # the footer links here


def test_corrections_page_pages_by_time_without_skipping_any(client):
    article = ArticleFactory()
    base = timezone.now() - timedelta(days=3)
    # Two notes share a time: the primary key keeps their order stable across pages.
    times = [base + timedelta(minutes=i) for i in range(PER_PAGE + 4)] + [base]
    notes = [
        CorrectionFactory(article=article, text=f"Correction {i}.", created_at=at)
        for i, at in enumerate(times)
    ]
    url = reverse("articles:corrections")

    first = client.get(url)
    older_link = re.search(r'rel="next" href="\?([^"]+)"', first.content.decode())
    second = client.get(f"{url}?{older_link.group(1).replace('&amp;', '&')}")

    shown = [n.pk for n in first.context["page"]] + [n.pk for n in second.context["page"]]
    expected = [n.pk for n in sorted(notes, key=lambda n: (n.created_at, n.pk), reverse=True)]
    assert shown == expected
    assert 'rel="prev"' in second.content.decode()
    assert "Older corrections" not in second.content.decode()


@pytest.mark.parametrize("query", ["before=nonsense", "before=1.1"])
def test_corrections_page_answers_404_for_a_bad_or_empty_page(client, query):
    CorrectionFactory(article=ArticleFactory())
    assert client.get(f"{reverse('articles:corrections')}?{query}").status_code == 404


def test_corrections_page_without_corrections_says_so(client):
    response = client.get(reverse("articles:corrections"))
    assert response.status_code == 200
    assert "No corrections yet." in response.content.decode()


@pytest.mark.parametrize("count", [1, PER_PAGE + 5])
def test_corrections_page_costs_one_query_however_many(
    client, django_assert_num_queries, section_nav_cached, count
):
    for i in range(count):
        CorrectionFactory(article=ArticleFactory(), text=f"Correction {i}.")
    with django_assert_num_queries(1):
        response = client.get(reverse("articles:corrections"))
    assert len(response.context["page"]) == min(count, PER_PAGE)


# -- machine-readable outputs -------------------------------------------------------


def test_json_ld_carries_corrections_and_the_modified_time(client, noted_story):
    data = news_article_ld(client.get(noted_story.get_absolute_url()).content)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": WRONG_DATE,
            "datePublished": data["correction"][0]["datePublished"],
        }
    ]
    correction = noted_story.corrections.get(kind="correction")
    # JSON-LD times are whole seconds, as the page's <time> elements.
    whole = correction.created_at.replace(microsecond=0)
    assert datetime.fromisoformat(data["correction"][0]["datePublished"]) == whole
    assert datetime.fromisoformat(data["dateModified"]) == noted_story.revised_at.replace(
        microsecond=0
    )


def test_json_ld_of_a_story_with_only_an_update_has_no_correction(client, editor):
    article = ArticleFactory()
    correct(article, editor, kind=Correction.Kind.UPDATE, text=NEW_FACTS)
    data = news_article_ld(client.get(article.get_absolute_url()).content)
    assert "correction" not in data
    article.refresh_from_db()
    assert datetime.fromisoformat(data["dateModified"]) == article.revised_at.replace(microsecond=0)


def test_atom_entry_and_feed_updated_follow_the_last_note(client, editor):
    ContentType.objects.get_for_model(Article)
    old = ArticleFactory(headline="Old story", published_at=timezone.now() - timedelta(days=3))
    ArticleFactory(headline="New story", published_at=timezone.now() - timedelta(hours=2))
    at = timezone.now().replace(microsecond=0)
    correct(old, editor, at=at)

    root = ElementTree.fromstring(client.get(reverse("articles:feed-atom")).content)

    entries = {e.find(f"{ATOM}title").text: e for e in root.iter(f"{ATOM}entry")}
    updated = datetime.fromisoformat(entries["Old story"].find(f"{ATOM}updated").text)
    published = datetime.fromisoformat(entries["Old story"].find(f"{ATOM}published").text)
    assert updated == at
    assert published == old.published_at
    assert datetime.fromisoformat(root.find(f"{ATOM}updated").text) == at


def test_rss_last_build_date_follows_the_last_note(client, editor):
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    at = timezone.now().replace(microsecond=0)
    correct(story, editor, at=at)
    feed = feedparser.parse(client.get(reverse("articles:feed-rss")).content)
    built = datetime(*feed.feed.updated_parsed[:6], tzinfo=UTC)
    assert built == at


def _news(client):
    response = client.get(reverse("articles:news-sitemap"))
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def test_news_sitemap_marks_a_corrected_story_changed_but_keeps_its_first_date(client, editor):
    story = ArticleFactory(published_at=timezone.now() - timedelta(hours=20))
    at = timezone.now()
    correct(story, editor, at=at)

    (url,) = _news(client).iter(f"{SM}url")

    assert datetime.fromisoformat(url.find(f"{SM}lastmod").text) == at
    published = url.find(f"{NEWS}news/{NEWS}publication_date").text
    assert datetime.fromisoformat(published) == story.published_at
    children = [child.tag for child in url]
    assert children.index(f"{SM}lastmod") < children.index(f"{NEWS}news")  # sitemap order


def test_news_sitemap_does_not_bring_back_a_story_older_than_two_days(client, editor):
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    correct(story, editor)
    assert list(_news(client).iter(f"{SM}url")) == []
    articles = ElementTree.fromstring(client.get("/sitemap-articles.xml").content)
    lastmod = articles.find(f"{SM}url/{SM}lastmod").text
    assert lastmod == timezone.localdate(timezone.now()).isoformat()


def test_sitemap_index_dates_the_stories_section_by_the_last_note(client, editor):
    """Not by the last save: an edit readers were not told of is not a change for crawlers."""
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=40))
    noted = timezone.now() - timedelta(days=10)
    correct(story, editor, at=noted)  # saved (updated_at) now, told readers of it 10 days ago
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    (section,) = [s for s in index.iter(f"{SM}sitemap") if "articles" in s.find(f"{SM}loc").text]
    lastmod = datetime.fromisoformat(section.find(f"{SM}lastmod").text)
    assert timezone.localdate(lastmod) == timezone.localdate(noted)


def test_ninjs_carries_the_new_version_time(client, editor):
    story = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    at = timezone.now()
    correct(story, editor, at=at)
    day = story.publication_date
    url = reverse(
        "articles:ninjs",
        kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": story.slug},
    )
    item = json.loads(client.get(url).content)
    assert datetime.fromisoformat(item["versioncreated"]) == at
    assert datetime.fromisoformat(item["firstcreated"]) == story.published_at


def test_ninjs_version_of_a_story_never_noted_is_its_publication(client):
    story = ArticleFactory()
    story.body += "\n\nAn edit readers were not told of."
    story.save()
    day = story.publication_date
    url = reverse(
        "articles:ninjs",
        kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": story.slug},
    )
    item = json.loads(client.get(url).content)
    assert item["versioncreated"] == item["firstcreated"]


# -- demo content -----------------------------------------------------------------------


def test_demo_has_a_corrected_public_story_that_shows_it(client):
    call_command("loaddata", "demo", verbosity=0)
    note = Correction.objects.filter(kind="correction").select_related("article").first()
    assert note is not None and note.article.is_public()
    assert note.article.revised_at is not None
    assert note.text in client.get(note.article.get_absolute_url()).content.decode()
    assert note.text in client.get(reverse("articles:corrections")).content.decode()
