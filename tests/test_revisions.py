"""Revision history: snapshots, recording only real changes, readable diffs, restoring."""

from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command

from articles.desk.operations import PublishingRefused, article_publish, revision_restore
from articles.desk.revisions import (
    ADDED,
    DELETED,
    EQUAL,
    INSERTED,
    REMOVED,
    DiffSegment,
    apply_snapshot,
    diff,
    record_revision,
    revision_for_version,
    snapshot,
    word_diff,
)
from articles.desk.versioning import EditConflict, claim_version
from articles.models import Article, Person, Revision
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


def story_with_parts(**kwargs):
    article = ArticleFactory(tags=["harbour", "energy"], **kwargs)
    BylineFactory(article=article, person=PersonFactory(name="Dana Whitlock"))
    QuoteFactory(article=article, speaker=PersonFactory(name="Ines Carvalho"))
    PhotoCaptionFactory(article=article, is_lead=True)
    return article


def reload(article):
    return Article.objects.get(pk=article.pk)


# -- snapshots -----------------------------------------------------------------


def test_snapshot_holds_the_whole_story_as_json_data():
    article = story_with_parts()
    snap = snapshot(article)
    assert snap["headline"] == article.headline
    assert snap["status"] == "published"
    assert snap["published_at"] == article.published_at.replace(microsecond=0).isoformat()
    assert snap["embargo_until"] is None
    assert snap["rights_notice"] == article.rights_notice_id
    assert snap["rights_notice_text"] == article.rights_notice.notice
    assert snap["tags"] == ["energy", "harbour"]
    assert [b["person"] for b in snap["bylines"]] == ["Dana Whitlock"]
    assert [(q["speaker"], q["text"]) for q in snap["quotes"]] == [
        ("Ines Carvalho", "We will build it,")
    ]
    photo = snap["photos"][0]
    assert photo["image"].startswith("photos/") and photo["is_lead"] is True


def test_equal_stories_give_equal_snapshots_whatever_the_loading():
    article = story_with_parts()
    loaded = Article.objects.with_story_parts().get(pk=article.pk)
    assert snapshot(article) == snapshot(loaded) == snapshot(reload(article))


def test_snapshot_round_trips_through_the_database():
    article = story_with_parts()
    revision = record_revision(article=article, action="edited")
    assert Revision.objects.get(pk=revision.pk).snapshot == snapshot(article)


# -- recording -----------------------------------------------------------------


def test_a_save_that_changed_nothing_records_no_revision(editor):
    article = story_with_parts()
    first = record_revision(article=article, user=editor, action="edited")
    assert first is not None and first.user_name == "editor" and first.version == 1
    article.save()
    assert record_revision(article=reload(article), user=editor, action="edited") is None
    assert article.revisions.count() == 1


def test_every_change_records_a_revision_with_the_story_version():
    article = story_with_parts()
    record_revision(article=article, action="edited")
    claim_version(article, expected=1)
    article.tags.add("port")
    second = record_revision(article=article, user=AnonymousUser(), action="edited")
    assert (second.version, second.user, second.user_name) == (2, None, "")
    assert second.snapshot["tags"] == ["energy", "harbour", "port"]


def test_crlf_line_endings_are_stored_as_newlines():
    article = ArticleFactory(body="One.\r\n\r\nTwo.\rThree.", standfirst="A\r\nB")
    quote = QuoteFactory(article=article, text="We will\r\nbuild it,")
    person = PersonFactory(title="Chair\r\nof the board")
    article.refresh_from_db()
    quote.refresh_from_db()
    person.refresh_from_db()
    assert article.body == "One.\n\nTwo.\nThree."
    assert article.standfirst == "A\nB"
    assert quote.text == "We will\nbuild it,"
    assert person.title == "Chair\nof the board"


def test_publishing_records_a_published_revision(editor):
    article = ArticleFactory(draft=True)
    record_revision(article=article, action="created")
    article_publish(article=article, user=editor)
    latest = article.revisions.first()
    assert (latest.action, latest.snapshot["status"]) == ("published", "published")


def test_revision_for_version_finds_what_an_editor_saw():
    article = ArticleFactory()
    first = record_revision(article=article, action="edited")
    claim_version(article, expected=1)  # a save that changed nothing the snapshot holds
    claim_version(article, expected=2)
    article.headline = "A new headline"
    article.save()
    third = record_revision(article=article, action="edited")
    assert third.version == 3
    assert revision_for_version(article, 1) == first
    assert revision_for_version(article, 2) == first
    assert revision_for_version(article, 5) == third
    assert revision_for_version(article, 0) is None


# -- diff --------------------------------------------------------------------------


def test_word_diff_marks_inserted_and_deleted_words():
    segments = word_diff("The council met on Monday.", "The city council met on Tuesday.")
    assert segments == (
        DiffSegment(EQUAL, "The "),
        DiffSegment(INSERTED, "city "),
        DiffSegment(EQUAL, "council met on "),
        DiffSegment(DELETED, "Monday"),
        DiffSegment(INSERTED, "Tuesday"),
        DiffSegment(EQUAL, "."),
    )
    new_text = "".join(s.text for s in segments if s.kind != DELETED)
    assert new_text == "The city council met on Tuesday."


def test_diff_speaks_in_field_labels_and_parts():
    article = story_with_parts()
    old = snapshot(article)
    article.headline = "Council backs the floating farm"
    article.save()
    article.tags.remove("energy")
    article.tags.add("solar")
    quote = article.quotes.get()
    quote.text, quote.is_pull_quote = "We will build it soon,", True
    quote.save()
    article.bylines.get().delete()
    BylineFactory(article=article, person=PersonFactory(name="Omar Reyes"), role="reporting")
    changes = {change.label: change for change in diff(old, snapshot(article))}

    assert "Headline" in changes and changes["Headline"].segments
    tags = changes["Tags"]
    assert (tags.added, tags.removed) == (("solar",), ("energy",))
    byline_changes = sorted((c.kind, c.old or c.new) for c in diff(old, snapshot(article)))
    assert (ADDED, "Reporting: Omar Reyes") in byline_changes
    assert (REMOVED, "Author (By line): Dana Whitlock") in byline_changes
    quote_change = changes["Quote: Ines Carvalho: “We will build it soon,”"]
    details = {detail.label: detail for detail in quote_change.details}
    assert set(details) == {"Exact words", "Pull quote"}
    assert (details["Pull quote"].old, details["Pull quote"].new) == ("no", "yes")
    assert details["Exact words"].segments == (
        DiffSegment(EQUAL, "We will build it "),
        DiffSegment(INSERTED, "soon"),
        DiffSegment(EQUAL, ","),
    )


def test_diff_of_equal_snapshots_is_empty():
    article = story_with_parts()
    assert diff(snapshot(article), snapshot(reload(article))) == []


def test_diff_shows_status_and_times_as_editors_read_them(editor):
    article = ArticleFactory(draft=True)
    old = snapshot(article)
    article_publish(article=article, user=editor)
    changes = {change.label: change for change in diff(old, snapshot(article))}
    assert (changes["Status"].old, changes["Status"].new) == ("Draft", "Published")
    assert changes["Publication time"].old == "(empty)"
    assert str(article.published_at.year) in changes["Publication time"].new


# -- restoring -------------------------------------------------------------------


def edit_everything(article):
    """Change every kind of content the way an editor would, after a first revision."""
    article.headline = "Rewritten headline"
    article.body = "A different body."
    article.status = Article.Status.DRAFT  # made by someone with the right to
    article.save()
    article.tags.set(["other"])
    article.quotes.get().delete()
    article.bylines.update(location="Lisbon")
    photo = article.photos.get()
    photo.caption = "A new caption."
    photo.save()
    QuoteFactory(article=article, text="A quote added later")


def test_restore_brings_back_fields_parts_and_tags_but_not_the_status(editor):
    article = story_with_parts()
    first = record_revision(article=article, action="edited")
    old_quote_id = first.snapshot["quotes"][0]["id"]
    edit_everything(article)
    claim_version(article, expected=1)
    record_revision(article=article, action="edited")

    restored = revision_restore(revision=first, user=editor, expected_version=2)

    article = reload(article)
    assert restored.action == "restored" and restored.version == 3 == article.version
    assert article.headline == first.snapshot["headline"]
    assert article.body == first.snapshot["body"]
    assert article.status == Article.Status.DRAFT  # restoring never changes visibility
    assert sorted(article.tags.names()) == ["energy", "harbour"]
    assert [q.pk for q in article.quotes.all()] == [old_quote_id]
    assert [b.location for b in article.bylines.all()] == [""]
    assert article.photos.get().caption == first.snapshot["photos"][0]["caption"]
    assert article.photos.get().image.name == first.snapshot["photos"][0]["image"]
    kept = {k: v for k, v in snapshot(article).items() if k not in ("status", "published_at")}
    assert kept == {k: v for k, v in first.snapshot.items() if k not in ("status", "published_at")}


def test_restore_recreates_a_person_deleted_since(editor):
    article = ArticleFactory()
    QuoteFactory(article=article, speaker=PersonFactory(name="Rui Matos"))
    first = record_revision(article=article, action="edited")
    article.quotes.all().delete()
    Person.objects.filter(name="Rui Matos").delete()

    revision_restore(revision=first, user=editor, expected_version=1)

    assert reload(article).quotes.get().speaker.name == "Rui Matos"


def test_restore_keeps_a_caption_whose_file_is_gone(editor):
    article = ArticleFactory()
    photo = PhotoCaptionFactory(article=article)
    first = record_revision(article=article, action="edited")
    photo.image.delete(save=False)
    photo.delete()

    revision_restore(revision=first, user=editor, expected_version=1)

    restored = reload(article).photos.get()
    assert restored.caption == photo.caption and not restored.image


def test_restore_with_a_stale_version_is_refused_and_changes_nothing(editor):
    article = ArticleFactory(headline="First words")
    first = record_revision(article=article, action="edited")
    article.headline = "Second words"
    article.save()
    claim_version(article, expected=1)  # an edit that landed while the restore page was open

    with pytest.raises(EditConflict):
        revision_restore(revision=first, user=editor, expected_version=1)

    assert reload(article).headline == "Second words"
    assert reload(article).version == 2


def test_reporters_restore_drafts_only(reporter):
    draft = ArticleFactory(draft=True, headline="Draft words")
    first = record_revision(article=draft, action="edited")
    draft.headline = "Changed"
    draft.save()
    record_revision(article=draft, user=reporter, action="edited")
    assert revision_restore(revision=first, user=reporter, expected_version=1) is not None
    assert reload(draft).headline == "Draft words"

    public = ArticleFactory()
    public_first = record_revision(article=public, action="edited")
    with pytest.raises(PublishingRefused, match="only editors"):
        revision_restore(revision=public_first, user=reporter, expected_version=1)


def test_restore_into_a_published_story_keeps_its_rights_notice_rule(editor):
    article = ArticleFactory(draft=True, rights_notice=None)
    first = record_revision(article=article, action="edited")
    article.rights_notice = ArticleFactory().rights_notice
    article.save()
    article_publish(article=article, user=editor)
    with pytest.raises(PublishingRefused, match="rights notice"):
        revision_restore(revision=first, user=editor, expected_version=1)


def test_apply_snapshot_keeps_a_slug_another_story_took_since():
    article = ArticleFactory(headline="Old", slug="old-address")
    snap = snapshot(article)
    article.slug = "new-address"
    article.save()
    ArticleFactory(slug="old-address")
    apply_snapshot(article, snap)
    assert reload(article).slug == "new-address"


def test_word_diff_of_a_long_body_marks_only_the_changed_paragraph():
    paragraphs = [f"Paragraph {n} says something about the harbour." for n in range(300)]
    old = "\n\n".join(paragraphs)
    paragraphs[150] = "Paragraph 150 says something new about the harbour."
    segments = word_diff(old, "\n\n".join(paragraphs))
    assert [s for s in segments if s.kind != EQUAL] == [DiffSegment(INSERTED, "new ")]


def test_word_diff_of_a_rewritten_passage_too_long_to_compare_shows_both_whole():
    old = " ".join(f"w{n}" for n in range(400))
    new = " ".join(f"v{n}" for n in range(400))
    assert word_diff(old, new) == (DiffSegment(DELETED, old), DiffSegment(INSERTED, new))


def test_word_diff_of_a_paragraph_added_at_the_end_marks_only_the_paragraph():
    segments = word_diff("One.\n\nTwo.", "One.\n\nTwo.\n\nThree.")
    assert segments == (DiffSegment(EQUAL, "One.\n\nTwo.\n"), DiffSegment(INSERTED, "\nThree."))


def test_restore_into_a_published_story_refuses_a_quote_its_body_lacks(editor):
    article = ArticleFactory(draft=True)
    QuoteFactory(article=article, text="Words nobody printed")
    first = record_revision(article=article, action="edited")
    article.quotes.all().delete()
    article_publish(article=article, user=editor)
    with pytest.raises(PublishingRefused, match="not in its body word for word"):
        revision_restore(revision=first, user=editor, expected_version=1)


def test_record_revisions_command_keeps_a_first_revision_of_older_stories():
    older, newer = ArticleFactory(), ArticleFactory()
    record_revision(article=newer, action="edited")
    out = StringIO()
    call_command("record_revisions", stdout=out)
    assert older.revisions.get().action == "initial"
    assert newer.revisions.count() == 1
    assert "1 stories" in out.getvalue()
    call_command("record_revisions", stdout=StringIO())
    assert Revision.objects.count() == 2


def test_restore_recreates_a_deleted_photo_with_its_file(editor):
    article = ArticleFactory()
    photo = PhotoCaptionFactory(article=article, photographer=PersonFactory(name="Lena Fischer"))
    first = record_revision(article=article, action="edited")
    photo_id = photo.pk
    photo.delete()  # the row goes, the file stays
    Person.objects.filter(name="Lena Fischer").delete()

    revision_restore(revision=first, user=editor, expected_version=1)

    restored = reload(article).photos.get()
    assert restored.pk == photo_id
    assert restored.image.name == photo.image.name
    assert (restored.width, restored.height) == (64, 48)
    assert restored.photographer.name == "Lena Fischer"


def test_restore_from_the_shell_needs_no_user():
    article = ArticleFactory(headline="Shell words")
    first = record_revision(article=article, action="edited")
    article.headline = "Other words"
    article.save()
    record_revision(article=article, action="edited")
    restored = revision_restore(revision=first, user=None, expected_version=1)
    assert (restored.user, restored.user_name) == (None, "")
    assert reload(article).headline == "Shell words"


def test_a_shown_diff_keeps_only_the_ends_of_a_long_unchanged_run():
    paragraphs = [
        f"Paragraph {n} says the same thing as it did before the edit." for n in range(40)
    ]
    old = "\n\n".join(paragraphs)
    new = old.replace("Paragraph 20 says", "Paragraph 20 now says")
    shown = "".join(segment.shown for segment in word_diff(old, new))
    assert "now " in shown and "[…]" in shown
    assert len(shown) < len(new) / 2
