"""``import_wire`` on a folder: only wire files are read unless ``--format`` says otherwise."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from tests.wire_copy import text_story

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wire", *[str(a) for a in args], stdout=out, stderr=err, no_progress=True)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "story.txt").write_bytes(text_story(1))
    (folder / "README.md").write_text("# Inbox\n\nDrop the agency's files here.\n")
    (folder / "fetch.py").write_text('print("fetching")\n')
    return folder


def test_a_folder_imports_only_known_extensions_and_says_what_it_skipped(inbox):
    out, _err = run(inbox)

    assert Article.objects.count() == 1
    assert "1 created" in out and "2 skipped." in out
    assert "skipped" in out and "README.md" in out and "fetch.py" in out
    assert "use --format" in out
    assert not Article.objects.filter(headline__icontains="Inbox").exists()


def test_a_format_reads_every_file_of_the_folder(inbox):
    (inbox / "README.md").unlink()
    (inbox / "fetch.py").unlink()
    (inbox / "story-2").write_bytes(text_story(2))  # no extension: named by --format

    out, _err = run(inbox, "--format", "text")

    assert Article.objects.count() == 2
    assert "skipped" not in out


def test_a_file_named_on_the_command_line_is_read_whatever_its_extension(tmp_path):
    path = tmp_path / "story.wire"
    path.write_bytes(text_story(3))

    run(path)

    assert Article.objects.get().headline.endswith("number 3")
