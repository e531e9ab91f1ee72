"""Bad input at the parse step: a clean value with a warning, or a clear error; never a 500."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.wire.detect import parse
from articles.wire.ninjs_reader import parse_ninjs
from articles.wire.text_reader import parse_text


def ninjs(**extra) -> dict:
    return {
        "uri": "urn:example:bad:1",
        "headlines": [{"value": "Harbour board backs ferry link"}],
        "bodies": [{"contenttype": "text/plain", "value": "The board voted on Tuesday."}],
    } | extra


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_a_date_in_year_1_or_9999_is_no_date_with_a_warning(when):
    story = parse_ninjs(json.dumps(ninjs(firstcreated=when, embargoed=when)))
    assert (story.published_at, story.embargo_until) == (None, None)
    assert any(when in w and "1900–2200" in w for w in story.warnings)


def test_a_lone_surrogate_in_ninjs_is_replaced_and_reported_with_its_line():
    raw = json.dumps(ninjs(by="Jane Roe"), indent=1).replace("Tuesday", "Tuesday \\ud800")
    story = parse_ninjs(raw)
    assert "\ud800" not in story.body and "\ufffd" in story.body
    line = next(i for i, text in enumerate(raw.splitlines(), 1) if "\\ud800" in text)
    assert any(w.startswith(f"Line {line}: 1 broken character") for w in story.warnings)
    story.body.encode("utf-8")  # the store step can write it


def test_a_lone_surrogate_in_text_is_replaced_and_reported():
    story = parse_text("Harbour board backs ferry link\n\nThe board voted \ud800 on Tuesday.\n")
    assert "\ufffd" in story.body
    assert any("broken character" in w for w in story.warnings)


def test_a_lone_surrogate_in_nitf_text_is_a_clear_error():
    from articles.wire.wire_story import WireError

    with pytest.raises(WireError) as error:
        parse("<nitf><body><body.content><p>Bad \ud800</p></body.content></body></nitf>")
    assert "XML" in str(error.value)


@pytest.mark.django_db
def test_a_batch_with_such_files_imports_them_all(tmp_path):
    (tmp_path / "year.json").write_text(json.dumps(ninjs(firstcreated="9999-12-31T23:59:59Z")))
    surrogate = json.dumps(ninjs(uri="urn:example:bad:2")).replace("Tuesday", "Tuesday \\ud800")
    (tmp_path / "surrogate.json").write_text(surrogate)
    out = io.StringIO()

    call_command("import_wire", str(tmp_path), stdout=out, stderr=io.StringIO(), no_progress=True)

    assert "2 created" in out.getvalue()
    assert Article.objects.count() == 2
