"""Rights notices in every shape and language, from text, ninjs and NITF; one splitter."""

from __future__ import annotations

import json

import pytest

from articles.conventions.notice_parts import split_notice
from articles.models import RightsNotice
from articles.wire.ninjs_reader import parse_ninjs
from articles.wire.nitf_reader import parse_nitf
from articles.wire.notices import is_credit_stub, is_notice_start, restriction_sentences
from articles.wire.text_reader import parse_text

STORY = "Harbour board backs ferry link\n\nPORT ALDER (Northwind) - The board voted on Tuesday.\n\n"


@pytest.mark.parametrize(
    ("notice", "holder", "year", "statement"),
    [
        ("RIPRODUZIONE RISERVATA © Copyright ANSA", "ANSA", None, "RIPRODUZIONE RISERVATA"),
        ("© KYODO", "KYODO", None, ""),
        ("© AFP 2024", "AFP", 2024, ""),
        ("© 2024 dpa. Alle Rechte vorbehalten.", "dpa", 2024, "Alle Rechte vorbehalten."),
        (
            "© EFE 2024. Todos los derechos reservados.",
            "EFE",
            2024,
            "Todos los derechos reservados.",
        ),
        ("c.2024 Harbour Ledger Company", "Harbour Ledger Company", 2024, ""),
        (
            "Copyright 2024 Bloomberg L.P. All rights reserved.",
            "Bloomberg L.P.",
            2024,
            "All rights reserved.",
        ),
        (
            "© 2025 Northwind Media Inc. All rights reserved.",
            "Northwind Media Inc.",
            2025,
            "All rights reserved.",
        ),
    ],
)
def test_notice_shapes_split_into_their_parts(notice, holder, year, statement):
    parts = split_notice(notice)
    assert (parts.holder, parts.year, parts.statement) == (holder, year, statement)


@pytest.mark.django_db
def test_the_admin_and_the_importer_split_a_notice_the_same_way():
    notice = "RIPRODUZIONE RISERVATA © Copyright ANSA"
    stored = RightsNotice.objects.create(notice=notice)
    story = parse_text(STORY + notice + "\n")
    assert (story.rights.holder, story.rights.statement) == (stored.holder, stored.statement)


def test_a_bare_notice_ending_the_last_paragraph_is_taken_out():
    story = parse_text(STORY + "Work starts in May. © Northwind\n")
    assert story.body.endswith("Work starts in May.")
    assert story.rights.notice == "© Northwind"


def test_a_copyright_sign_inside_a_sentence_is_not_a_notice():
    story = parse_text(STORY + "The logo, marked © Northwind, was changed in 2019.\n")
    assert "© Northwind" in story.body
    assert story.rights is None


@pytest.mark.parametrize("line", ["© Provided by Harbour Ledger", "© provided by Port Weekly"])
def test_provided_by_is_a_picture_credit_not_a_licence(line):
    assert is_credit_stub(line) and not is_notice_start(line)
    story = parse_text(STORY + "Work starts in May.\n\n" + line + "\n")
    assert story.rights is None
    assert line not in story.body
    assert any(line in d for d in story.dropped)


def test_provided_by_glued_to_the_last_paragraph_is_dropped_too():
    story = parse_text(STORY + "Work starts in May. © Provided by Harbour Ledger\n")
    assert story.body.endswith("Work starts in May.")
    assert story.rights is None


def test_the_notice_names_the_agency_when_nothing_else_does():
    story = parse_text("Tram fares rise\n\nTOKYO - Fares rise in April.\n\n© KYODO\n")
    assert story.source == "Kyodo"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "This material may not be redistributed. Thank you.",
            "This material may not be redistributed.",
        ),
        ("Not for publication in Norway.", "Not for publication in Norway."),
        ("No archiving. Photos follow.", "No archiving."),
        ("Corrects spelling of name in paragraph 3.", ""),
    ],
)
def test_restrictions_are_picked_word_for_word(text, kept):
    assert restriction_sentences(text) == kept


def ninjs(**extra) -> str:
    item = {
        "uri": "urn:example:notice:1",
        "headlines": [{"value": "Harbour board backs ferry link"}],
        "bodies": [{"contenttype": "text/plain", "value": "The board voted on Tuesday."}],
    }
    return json.dumps(item | extra)


def test_ninjs_usage_terms_restriction_becomes_the_notice():
    story = parse_ninjs(
        ninjs(copyrightholder="NTB", usageterms="This material may not be redistributed.")
    )
    assert story.rights.notice == "This material may not be redistributed."
    assert story.rights.holder == "NTB"
    assert story.source == "NTB"  # the holder is an agency of the table
    assert any("taken as the notice" in w for w in story.warnings)


def test_ninjs_ednote_restriction_becomes_the_notice():
    story = parse_ninjs(ninjs(ednote="Eds: Not for distribution outside Canada. Photo follows."))
    assert story.rights.notice == "Not for distribution outside Canada."


def test_ninjs_copyright_notice_wins_over_the_usage_terms():
    story = parse_ninjs(
        ninjs(copyrightnotice="© 2024 Northwind", usageterms="May not be republished.")
    )
    assert story.rights.notice == "© 2024 Northwind"
    assert story.rights.usage_terms == "May not be republished."


NITF = """<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><docdata>
<doc-id regsrc="{regsrc}" id-string="nw-2024-0305-1"/>
<doc.copyright holder="{holder}" year="2024"/>
{rights}
</docdata></head>
<body><body.head><hedline><hl1>Ferry service resumes</hl1></hedline></body.head>
<body.content><p>PORT ALDER - The ferry ran again on Tuesday.</p></body.content></body></nitf>
"""


def test_nitf_doc_rights_limitation_becomes_the_notice():
    story = parse_nitf(
        NITF.format(
            regsrc="",
            holder="Northwind Media",
            rights='<doc.rights owner="Northwind Media" limitations="This story may not be '
            'redistributed outside Europe."/>',
        )
    )
    assert story.rights.notice == "This story may not be redistributed outside Europe."
    assert (story.rights.holder, story.rights.year) == ("Northwind Media", 2024)


def test_nitf_ed_msg_restriction_becomes_the_notice():
    story = parse_nitf(
        NITF.format(regsrc="", holder="", rights='<ed-msg info="Not for publication online."/>')
    )
    assert story.rights.notice == "Not for publication online."


def test_nitf_agency_from_doc_id_or_copyright_holder():
    by_id = parse_nitf(NITF.format(regsrc="AP", holder="", rights=""))
    by_holder = parse_nitf(NITF.format(regsrc="", holder="Kyodo News", rights=""))
    assert (by_id.source, by_holder.source) == ("AP", "Kyodo")
    assert by_id.source_identifier == "nw-2024-0305-1"
