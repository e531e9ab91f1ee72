"""Telling wire formats apart and the one entry point, ``articles.wire.detect.parse``."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from articles.wire.detect import MAX_BYTES, detect_format, parse
from articles.wire.wire_story import WireError

SAMPLES = Path(__file__).parent / "wire_samples"


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("northwind-tram-strike.txt", "text"),
        ("ap-valmora-library.txt", "text"),
        ("northwind-museum.ninjs22.json", "ninjs"),
        ("kestrel-storm.ninjs31.json", "ninjs"),
        ("northwind-ferry.nitf.xml", "nitf"),
    ],
)
def test_samples_are_detected_and_parsed(name, fmt):
    data = (SAMPLES / name).read_bytes()
    assert detect_format(data) == fmt
    story = parse(data, filename=name)
    assert story.format == fmt
    assert story.headline and story.body


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b'  \n{"uri": "x"}', "ninjs"),
        (codecs.BOM_UTF8 + b'{"uri": "x"}', "ninjs"),
        (codecs.BOM_UTF16_LE + '{"uri": "x"}'.encode("utf-16-le"), "ninjs"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">\n<nitf/>', "nitf"),
        (b"<nitf><head/></nitf>", "nitf"),
        (b"Headline\nBy Jane Roe\nBody.", "text"),
    ],
)
def test_content_decides(data, fmt):
    assert detect_format(data) == fmt
    if fmt != "text":
        assert detect_format(data, "story.txt") == fmt


def test_file_name_breaks_ties():
    assert detect_format(b"Headline\nBody.", "story.json") == "ninjs"
    assert detect_format(b"Headline\nBody.", "story.nitf") == "nitf"
    assert detect_format(b"Headline\nBody.", "story.txt") == "text"
    assert detect_format(b"Headline\nBody.") == "text"


def test_html_pages_are_refused_with_advice():
    with pytest.raises(WireError, match="HTML page"):
        detect_format(b"<!DOCTYPE html><html><body>Story</body></html>")


def test_text_given_as_str():
    story = parse("Headline\n[March 3, 2025]\nThe body.")
    assert (story.format, story.body) == ("text", "The body.")
    item = {"uri": "u", "headlines": [{"value": "H"}], "bodies": [{"value": "B."}]}
    assert parse(json.dumps(item)).format == "ninjs"


def test_format_can_be_forced():
    with pytest.raises(WireError, match="invalid JSON"):
        parse(b"Headline\nBody.", format="ninjs")
    with pytest.raises(WireError, match="unknown format"):
        parse(b"Headline\nBody.", format="rss")


def test_file_size_limit():
    with pytest.raises(WireError) as error:
        parse(b"x" * (20 * 1024 * 1024))
    assert str(error.value) == "file is too large (20.0 MB; the limit is 5 MB)"
    with pytest.raises(WireError, match="too large"):
        parse("é" * (MAX_BYTES // 2 + 1))  # two bytes each in UTF-8


def test_binary_files_are_refused():
    with pytest.raises(WireError, match="binary"):
        parse(bytes(range(256)) * 4)


def test_only_bytes_or_text():
    with pytest.raises(WireError):
        parse(None)
