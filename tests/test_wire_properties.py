"""Properties every wire parser keeps, whatever it is given (hypothesis).

- Any input gives a story or a ``WireError``: never another exception.
- A story has a headline and a body, and every quote appears word for word in the body.
- Plain copy built from known parts is read back into the same parts, with page
  furniture anywhere in it.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.conventions.quote_check import normalise_for_match
from articles.wire.detect import parse
from articles.wire.markup import words
from articles.wire.ninjs_reader import parse_ninjs
from articles.wire.nitf_reader import parse_nitf
from articles.wire.text_reader import decode_bytes, parse_text
from articles.wire.wire_story import WireError, WireStory

SAMPLES = Path(__file__).parent / "wire_samples"
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
JSONS = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.json"))]
XMLS = [p.read_bytes() for p in sorted(SAMPLES.glob("*.xml"))]
SETTINGS = settings(
    max_examples=int(os.environ.get("WIRE_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check(story: WireStory) -> None:
    """What must hold for every story a parser returns."""
    assert isinstance(story, WireStory)
    if story.pubstatus != "canceled":
        assert story.headline.strip()
        assert story.body.strip()
    body = normalise_for_match(story.body)
    for quote in story.quotes:
        assert quote.speaker.strip()
        assert normalise_for_match(quote.text) in body
    for byline in story.bylines:
        assert byline.name.strip()


def attempt(parser, data) -> None:
    try:
        story = parser(data)
    except WireError as error:
        assert str(error)
        return
    check(story)


# -- mutations of valid copy -------------------------------------------------------

PIECES = [
    '"', "“", "”", "'", "(", ")", "[", "]", " - ", " — ", "\n", "\n\n", "|", " |", "/",
    ".", ",", "By ", "(Reporting by ", "©", "NORTHWIND/", "said", "SHADE", "\x00", "\ufeff",
]  # fmt: skip


@st.composite
def mutated(draw, originals: list):
    """One of ``originals`` with pieces cut out, repeated, swapped or dropped in."""
    data = draw(st.sampled_from(originals))
    for _ in range(draw(st.integers(1, 12))):
        at = draw(st.integers(0, len(data)))
        span = draw(st.integers(1, 80))
        action = draw(st.sampled_from(["cut", "repeat", "insert", "random"]))
        if action == "cut":
            data = data[:at] + data[at + span :]
        elif action == "repeat":
            data = data[:at] + data[at : at + span] + data[at:]
        elif action == "insert":
            piece = draw(st.sampled_from(PIECES))
            data = data[:at] + (piece.encode() if isinstance(data, bytes) else piece) + data[at:]
        else:
            noise = draw(st.binary(max_size=8) if isinstance(data, bytes) else st.text(max_size=8))
            data = data[:at] + noise + data[at:]
    return data


@SETTINGS
@given(mutated(TEXTS))
def test_mutated_plain_copy(copy):
    attempt(parse_text, copy)


@SETTINGS
@given(mutated(JSONS))
def test_mutated_ninjs(data):
    attempt(parse_ninjs, data)


@SETTINGS
@given(mutated(XMLS))
def test_mutated_nitf(data):
    attempt(parse_nitf, data)


# -- anything at all --------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_any_text(copy):
    attempt(parse_text, copy)


@SETTINGS
@given(st.binary())
def test_any_bytes_through_detection(data):
    attempt(parse, data)


@SETTINGS
@given(st.binary())
def test_decode_bytes(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except WireError as error:
        assert str(error)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
NINJS_KEYS = [
    "uri", "headlines", "bodies", "by", "located", "pubstatus", "pubStatus", "associations",
    "renditions", "copyrightholder", "copyrightNotice", "embargoed", "versioncreated",
    "descriptions", "value", "contenttype", "type", "role", "subjects", "name", "href",
]  # fmt: skip


@SETTINGS
@given(st.dictionaries(st.sampled_from(NINJS_KEYS), JSON | st.just([{"value": "x"}])))
def test_any_ninjs_shaped_object(item):
    attempt(parse_ninjs, item)
    attempt(parse_ninjs, json.dumps(item))


# -- known parts are read back -----------------------------------------------------

VOCABULARY = sorted(
    words(
        "harbor council basin voted panels fishing crews water shade silt boats city engineers "
        "array project winter spring review court channel floats solar energy power homes"
    )
)
FURNITURE = ["Send a link to a friend", "[to top of second column]", "|", "Advertisement"]
NAMES = ["Dana Whitlock", "Omar Reyes", "Kai Brandt", "Lena Fischer", "Tom Hale"]


@st.composite
def plain_copy(draw):
    def sentence() -> str:
        words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=30))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    headline = sentence()[:-1]
    authors = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    byline = (
        " and ".join(authors)
        if len(authors) < 3
        else ", ".join(authors[:-1]) + " and " + authors[-1]
    )
    paragraphs = draw(st.lists(st.builds(sentence), min_size=1, max_size=8))
    lines = [headline, "[March 3, 2025]", f"By {byline}"]
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, width=draw(st.integers(50, 72)))
    for _ in range(draw(st.integers(0, 4))):
        lines.insert(draw(st.integers(1, len(lines))), draw(st.sampled_from(FURNITURE)))
    return "\n".join(lines), headline, authors, paragraphs


@SETTINGS
@given(plain_copy())
def test_plain_copy_is_read_back_into_its_parts(case):
    copy, headline, authors, paragraphs = case
    story = parse_text(copy)
    assert story.headline == headline
    assert [b.name for b in story.bylines] == authors
    assert story.body.split("\n\n") == paragraphs
