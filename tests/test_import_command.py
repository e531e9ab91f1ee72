"""``manage.py import_wire``: files, folders, stdin; clear errors; the batch goes on."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from articles.desk.operations import article_publish
from articles.models import Article, Byline, Person, RightsNotice
from tests.wire_copy import CAFE_TEXT_1252, FERRY_TEXT, ninjs_story, text_story

pytestmark = pytest.mark.django_db


def run(*args, stdin: bytes | None = None):
    """Run the command; (stdout, stderr, CommandError or None)."""
    out, err = io.StringIO(), io.StringIO()
    kwargs = {"stdout": out, "stderr": err, "no_progress": True}
    if stdin is not None:
        kwargs["stdin"] = io.BytesIO(stdin)
    try:
        call_command("import_wire", *[str(a) for a in args], **kwargs)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


@pytest.fixture
def ferry(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(FERRY_TEXT, encoding="utf-8")
    return path


def test_a_file_is_imported_as_a_draft_with_its_parts(ferry):
    out, err, error = run(ferry)

    assert error is None, err
    assert "created" in out and "ferry.txt" in out
    assert "1 created, 0 updated, 0 unchanged, 0 refused, 0 failed." in out
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.headline == "Island council backs night ferry despite noise complaints"
    assert (article.dateline, article.source) == ("SALTMARSH", "Gullwing")
    assert article.wire_format == "text"
    assert article.import_fingerprint
    authors = article.bylines.filter(role=Byline.Role.AUTHOR).select_related("person")
    assert [b.person.name for b in authors] == ["Noor Haddad", "Ivo Kastelic"]
    assert article.rights_notice.holder == "Gullwing News"
    assert "Send a link" not in article.body


def test_importing_the_same_file_twice_changes_nothing(ferry):
    run(ferry)
    out, _err, error = run(ferry)

    assert error is None
    assert "0 created, 0 updated, 1 unchanged" in out
    assert Article.objects.count() == 1
    assert Person.objects.filter(name="Noor Haddad").count() == 1


def test_folders_are_read_recursively_and_hidden_files_skipped(tmp_path):
    (tmp_path / "in" / "monday").mkdir(parents=True)
    (tmp_path / "in" / "monday" / "a.txt").write_bytes(text_story(1))
    (tmp_path / "in" / "b.txt").write_bytes(text_story(2))
    (tmp_path / "in" / ".DS_Store").write_bytes(b"\x00\x01binary")

    out, err, error = run(tmp_path / "in")

    assert error is None, err
    assert "2 created" in out
    assert Article.objects.count() == 2
    assert RightsNotice.objects.count() == 1


def test_standard_input_is_read_with_a_dash():
    out, err, error = run("-", stdin=text_story(7))

    assert error is None, err
    assert "<stdin>" in out
    assert Article.objects.get().headline == "Saltmarsh harbour adds berth number 7"


def test_dry_run_shows_the_parts_and_writes_nothing(ferry):
    out, err, error = run(ferry, "--dry-run")

    assert error is None, err
    assert "would be created" in out
    assert "headline:  Island council backs night ferry" in out
    assert "dateline:  SALTMARSH" in out
    assert "byline:    Noor Haddad (Author (By line))" in out
    assert "rights:    [© 2025 Gullwing News." in out
    assert "1 would be created" in out
    assert not Article.objects.exists()
    assert not Person.objects.exists()


def test_update_of_a_published_story_is_refused_then_forced(tmp_path, editor):
    path = tmp_path / "bridge.json"
    path.write_bytes(ninjs_story())
    run(path)
    article = Article.objects.get()
    article_publish(article=article, user=editor)
    path.write_bytes(ninjs_story(by="By Ivo Kastelic and Mara Quist"))

    out, _err, error = run(path)
    assert error is None  # a refusal is reported, not a failure
    assert "1 refused" in out
    assert "already published" in out
    assert "--force" in out

    out, _err, error = run(path, "--force")
    assert error is None
    assert "1 updated" in out
    assert article.bylines.count() == 2


def test_kill_notice_withdraws(tmp_path, editor):
    path = tmp_path / "bridge.json"
    path.write_bytes(ninjs_story())
    run(path)
    article_publish(article=Article.objects.get(), user=editor)
    kill = tmp_path / "bridge-kill.json"
    kill.write_bytes(ninjs_story(pubstatus="canceled"))

    out, _err, error = run(kill)

    assert error is None
    assert "withdrawn" in out
    assert Article.objects.get().status == Article.Status.WITHDRAWN


def test_windows_1252_copy_is_decoded(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(CAFE_TEXT_1252)

    _out, err, error = run(path)

    assert error is None, err
    article = Article.objects.get()
    assert article.headline == "Café owners in Eastwick win fight over harbour terraces"
    assert "Eastwick’s harbour front" in article.body


def test_a_20_mb_file_is_refused_clearly_without_reading_it_whole(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        handle.write(text_story(1))
        handle.write(b"filler line of wire copy\n" * (20 * 1024 * 1024 // 25))

    _out, err, error = run(big)

    assert error is not None and error.returncode == 1
    assert "huge.txt" in err
    assert "20.0 MB" in err
    assert not Article.objects.exists()


BAD_INPUTS = {
    "empty.txt": b"",
    "blank.txt": b"\n   \n\n",
    "picture-saved-as.txt": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00",
    "headline-only.txt": b"Just a headline and nothing else\n",
    "broken.json": b'{"uri": "urn:x:1", "headlines": [{"value": "Oops"}',
    "not-ninjs.json": b'{"uri": 42, "headlines": "not a list"}',
    "xxe.xml": (
        b'<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b"<nitf><body><body.head><hedline><hl1>&secret;</hl1></hedline></body.head>"
        b"<body.content><p>Text.</p></body.content></body></nitf>"
    ),
    "bomb.xml": (
        b'<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<nitf><body><body.head><hedline><hl1>&c;</hl1></hedline></body.head></body></nitf>"
    ),
    "unclosed.xml": b"<nitf><body><body.head><hedline><hl1>Half",
}


def test_bad_inputs_fail_clearly_and_the_rest_of_the_batch_imports(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    (folder / "good-1.txt").write_bytes(text_story(1))
    (folder / "good-2.json").write_bytes(ninjs_story())

    out, err, error = run(folder)

    assert error is not None
    assert error.returncode == 1
    assert f"{len(BAD_INPUTS)} of {len(BAD_INPUTS) + 2} inputs" in str(error)
    assert "2 created" in out
    assert f"{len(BAD_INPUTS)} failed." in out
    failures = err.split("Failed:\n", 1)[1].splitlines()
    assert len(failures) == len(BAD_INPUTS)
    for name in BAD_INPUTS:
        [line] = [f for f in failures if f"{name}" in f]
        assert line.strip().startswith(str(folder / name)), line
    assert Article.objects.count() == 2
    assert not Article.objects.filter(headline__contains="root:").exists()


def test_a_missing_path_is_a_failure_naming_it(tmp_path):
    _out, err, error = run(tmp_path / "nowhere.txt", "-", stdin=text_story(3))

    assert error is not None
    assert "nowhere.txt: no such file or folder" in err
    assert Article.objects.count() == 1


def test_failure_while_storing_is_reported_and_rolled_back(tmp_path, monkeypatch):
    from django.db import IntegrityError

    from articles.models import PhotoCaption

    def broken(self, *args, **kwargs):
        raise IntegrityError("disk full, say")

    monkeypatch.setattr(PhotoCaption, "save", broken)
    (tmp_path / "ferry.txt").write_text(FERRY_TEXT, encoding="utf-8")
    (tmp_path / "plain.txt").write_bytes(text_story(4))

    _out, err, error = run(tmp_path)

    assert error is not None
    assert "ferry.txt: could not be stored: disk full, say" in err
    assert Article.objects.get().headline == "Saltmarsh harbour adds berth number 4"
    assert not Person.objects.exclude(name="Noor Haddad").exists()


def test_format_can_be_forced(tmp_path):
    path = tmp_path / "story.dat"
    path.write_bytes(ninjs_story())

    _out, err, error = run(path, "--format", "text")
    # Read as plain text the JSON is nonsense or a poor story, never a traceback.
    assert error is None or "story.dat" in err


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_is_drawn_on_a_terminal_for_bigger_batches(tmp_path):
    for n in range(6):
        (tmp_path / f"story-{n}.txt").write_bytes(text_story(n))
    err = FakeTerminal()

    call_command("import_wire", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert "6/6 files" in err.getvalue()
    assert "[" + "#" * 30 + "]" in err.getvalue()
    assert Article.objects.count() == 6


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path):
    for n in range(6):
        (tmp_path / f"story-{n}.txt").write_bytes(text_story(n))
    err = io.StringIO()

    call_command("import_wire", str(tmp_path), stdout=io.StringIO(), stderr=err)

    assert "files" not in err.getvalue()


def test_unbalanced_quotes_are_imported_with_a_warning_to_check(tmp_path):
    path = tmp_path / "unbalanced.txt"
    path.write_text(
        "Quay talks stall over night shifts\n[May 3, 2025]\nBy Elin Sandoval\n"
        'SALTMARSH (Gullwing) - "We will not move, said the harbour master on Friday.\n'
        "Talks resume next week.\n",
        encoding="utf-8",
    )

    out, err, error = run(path)

    assert error is None, err
    assert "warning:" in out and "quot" in out.lower()
    assert Article.objects.get().status == Article.Status.DRAFT
