"""ninjs items (2.x lower case, 3.x camelCase, 1.x shapes) to a WireStory."""

from __future__ import annotations

import codecs
import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.conventions.quote_check import normalise_for_match
from articles.wire.ninjs_reader import parse_ninjs
from articles.wire.wire_story import (
    ADDITIONAL_REPORTING,
    AUTHOR,
    EDITING,
    REPORTING,
    WireByline,
    WireError,
    WirePhoto,
    WireQuote,
)

SAMPLES = Path(__file__).parent / "wire_samples"
SCHEMAS = Path(__file__).resolve().parents[1] / "articles" / "wire" / "schemas"
NINJS_22 = SAMPLES / "northwind-museum.ninjs22.json"
NINJS_31 = SAMPLES / "kestrel-storm.ninjs31.json"


def minimal(**extra) -> dict:
    item = {
        "uri": "urn:example:1",
        "headlines": [{"value": "Harbor city approves floating solar farm"}],
        "bodies": [{"contenttype": "text/plain", "value": "The council voted 7-2."}],
    }
    return item | extra


# -- the samples are real ninjs ---------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "schema"),
    [(NINJS_22, "ninjs-schema_2.2.json"), (NINJS_31, "ninjs-schema_3.1.json")],
)
def test_samples_validate_against_the_ninjs_schema(sample, schema):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(
        json.loads((SCHEMAS / schema).read_text()), format_checker=jsonschema.FormatChecker()
    )
    errors = [e.message for e in validator.iter_errors(json.loads(sample.read_text()))]
    assert errors == []


# SHA-256 of IPTC's published files (articles/wire/schemas/README.md): the copies are unchanged.
SCHEMA_DIGESTS = {
    "ninjs-schema_2.2.json": "88c84fa87382c5a7a314fd44ab1041921c7cbac47ab9550bc4964b1fa30897e2",
    "ninjs-schema_3.1.json": "404f578a299bf34e76e98f2de26ad9989882ebd7abf3a4d3cf3aa689b70a8744",
}


@pytest.mark.parametrize("schema", sorted(SCHEMA_DIGESTS))
def test_schema_copies_are_the_published_files(schema):
    digest = hashlib.sha256((SCHEMAS / schema).read_bytes()).hexdigest()
    assert digest == SCHEMA_DIGESTS[schema]


# -- ninjs 2.2 --------------------------------------------------------------------


@pytest.fixture
def museum():
    return parse_ninjs(NINJS_22.read_bytes())


def test_ninjs2_metadata(museum):
    assert museum.format == "ninjs"
    assert museum.source_identifier == (
        "https://newsroom.example.org/northwind/2025/05/19/nw-0519-0031"
    )
    assert museum.headline == "Port Alder museum reopens with a whale skeleton in the hall"
    assert museum.standfirst == "The 14-metre skeleton took three years to restore"
    assert museum.published_at == datetime(2025, 5, 19, 7, 30, tzinfo=UTC)  # firstcreated
    assert museum.embargo_until == datetime(2025, 5, 19, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    assert (museum.pubstatus, museum.language) == ("usable", "en")
    assert (museum.dateline, museum.source) == ("PORT ALDER", "Northwind")
    assert museum.tags == ["Museums", "Port Alder"]
    assert museum.warnings == []


def test_ninjs2_html_body_becomes_markdown(museum):
    assert museum.body.split("\n\n") == [
        "The maritime museum of Port Alder reopened on Monday after a *two-year* renovation, "
        "with the skeleton of a fin whale hanging in its entrance hall.",
        "“Children will walk in under a whale, and that is the moment they will remember,” "
        "museum director Sofia Lemos said at the opening.",
        "## THREE YEARS OF WORK",
        "Volunteers cleaned and rebuilt the skeleton bone by bone in a shed behind the museum, "
        "Lemos said, describing the work as “a jigsaw with 300 pieces and no picture on the box.”",
        "> Visitors can see the restoration shed on Saturdays.",
        "More about the museum is on [its website](https://museum.example.org/).",
    ]


def test_ninjs2_people_quotes_rights_and_photo(museum):
    assert museum.bylines == [
        WireByline("Dana Whitlock", AUTHOR),
        WireByline("Kai Brandt", AUTHOR),
        WireByline("Dana Whitlock", REPORTING),
        WireByline("Tom Hale", EDITING),
    ]
    lemos = ("Sofia Lemos", "museum director")
    assert museum.quotes == [
        WireQuote(
            "Children will walk in under a whale, and that is the moment they will remember,",
            *lemos,
        ),
        WireQuote("a jigsaw with 300 pieces and no picture on the box.", *lemos, partial=True),
    ]
    body = normalise_for_match(museum.body)
    assert all(normalise_for_match(q.text) in body for q in museum.quotes)
    assert museum.rights.notice.startswith("[© 2025 Northwind Media. All rights reserved.]")
    assert museum.rights.responsibility == (
        "Northwind Media is solely responsible for this content."
    )
    assert museum.rights.usage_terms == (
        "Subscribers may publish this story in full on their own websites."
    )
    assert museum.photos == [
        WirePhoto(
            caption="Volunteers hang the skeleton of a fin whale in the maritime museum of "
            "Port Alder, May 16, 2025.",
            credit="NORTHWIND/Lena Fischer",
            href="https://media.example.org/nw/whale.jpg",
        )
    ]


# -- ninjs 3.1 --------------------------------------------------------------------


def test_ninjs3_camel_case_item():
    story = parse_ninjs(NINJS_31.read_text())
    assert story.source_identifier == "urn:newsml:kestrelpress.example:20240911:kp-1187"
    assert story.headline == "Storm cuts power to 20,000 homes along the Brenmoor coast"
    assert story.standfirst == "Crews expect to restore most supplies by Thursday evening."
    assert story.published_at == datetime(2024, 9, 11, 5, 40, tzinfo=UTC)
    assert story.embargo_until == datetime(2024, 9, 11, 6, 0, tzinfo=UTC)
    assert (story.language, story.dateline, story.source) == ("en-GB", "BRENMOOR", "Kestrel Press")
    assert story.bylines == [
        WireByline("Ana Petrova", AUTHOR, "", "Kestrel Press"),
        WireByline("Ivo Brandt", ADDITIONAL_REPORTING),
    ]
    parts = story.body.split("\n\n")
    assert len(parts) == 4
    assert parts[0].startswith("Storm Odile brought down power lines")
    assert parts[-1] == "The coastguard said two fishing boats had been towed to safety."
    osei = ("Malik Osei", "operations director at Brenmoor Grid")
    assert story.quotes == [
        WireQuote("We have 40 crews out and we will not stop until the lights are back on,", *osei),
        WireQuote("Stay away from fallen lines.", *osei),
    ]
    rights = story.rights
    assert (rights.notice, rights.holder, rights.year) == (
        "© 2024 Kestrel Press. All rights reserved.",
        "Kestrel Press",
        2024,
    )
    assert rights.usage_terms == "Headline and summary only; link to the full story."
    assert story.photos == [
        WirePhoto(
            caption="A fallen power line on the coast road near Brenmoor, September 11, 2024.",
            credit="Kestrel Press/Tomas Grell",
            href="https://media.example.org/kp/storm-1.jpg",
            alt_text="A power line lying across a wet road",
        )
    ]


# -- other shapes -----------------------------------------------------------------


def test_ninjs1_shapes_and_a_dict():
    item = {
        "guid": "nw-2019-0001",
        "headline": "Old-style item",
        "body_html": "<p>First.</p><p>Second.</p>",
        "associations": {
            "main": {
                "type": "picture",
                "description_text": "A quay at dusk.",
                "byline": "Per Lund",
                "renditions": {"original": {"href": "https://media.example.org/q.jpg"}},
            }
        },
    }
    story = parse_ninjs(item)
    assert (story.headline, story.body) == ("Old-style item", "First.\n\nSecond.")
    assert story.source_identifier == "nw-2019-0001"
    assert story.photos == [
        WirePhoto("A quay at dusk.", "Per Lund", "https://media.example.org/q.jpg")
    ]


def test_bytes_with_a_byte_order_mark():
    data = codecs.BOM_UTF8 + json.dumps(minimal()).encode()
    assert parse_ninjs(data).body == "The council voted 7-2."


def test_kill_notice_needs_no_body():
    story = parse_ninjs({"uri": "urn:example:1", "pubStatus": "canceled"})
    assert (story.pubstatus, story.source_identifier, story.body) == (
        "canceled",
        "urn:example:1",
        "",
    )


def test_missing_uri_is_a_warning():
    item = minimal()
    del item["uri"]
    assert any("no uri" in w for w in parse_ninjs(item).warnings)


def test_copyright_holder_without_notice_is_a_warning():
    story = parse_ninjs(minimal(copyrightholder="Northwind Media"))
    assert (story.rights.notice, story.rights.holder) == ("", "Northwind Media")
    assert any("no copyright notice" in w for w in story.warnings)


def test_markdown_in_html_text_is_escaped_and_unsafe_links_dropped():
    html = '<p>Rates rose *again* <a href="javascript:alert(1)">here</a>.</p><script>x()</script>'
    story = parse_ninjs(minimal(bodies=[{"contenttype": "text/html", "value": html}]))
    assert story.body == "Rates rose \\*again\\* here."


# -- errors -----------------------------------------------------------------------


def test_invalid_json_names_the_line():
    with pytest.raises(WireError) as error:
        parse_ninjs('{\n  "uri": "x",\n  "headlines": [\n}')
    assert error.value.line == 4
    assert "invalid JSON" in str(error.value)


@pytest.mark.parametrize("data", ["[]", '"text"', "42", "null"])
def test_item_must_be_an_object(data):
    with pytest.raises(WireError, match="JSON object"):
        parse_ninjs(data)


def test_deeply_nested_json_is_a_wire_error():
    with pytest.raises(WireError):
        parse_ninjs("[" * 100_000 + "]" * 100_000)


def test_wrong_type_names_the_property_and_its_line():
    data = '{\n  "uri": "urn:example:1",\n  "headlines": [{"value": 7}]\n}'
    with pytest.raises(WireError, match=r"headlines\[0\]\.value.*must be a string") as error:
        parse_ninjs(data)
    assert error.value.line == 3


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"pubstatus": "gone"}, "pubstatus"),
        ({"bodies": "text"}, "array of objects"),
        ({"headlines": []}, "no headline"),
        ({"bodies": [{"value": "  "}]}, "no body text"),
        ({"by": ["Jane Roe"]}, "must be a string"),
    ],
)
def test_structural_problems(extra, message):
    with pytest.raises(WireError, match=message):
        parse_ninjs(minimal(**extra))
