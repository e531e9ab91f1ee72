"""Plain-text wire copy: every part of the story, in the layouts of several agencies.

The copy under tests/wire_samples/ is invented for these tests (people, places and
stories); the layouts follow wire-format.md and the agencies' printed conventions.
"""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from articles.conventions.quote_check import normalise_for_match
from articles.wire.copy_parts import parse_byline, split_caption, split_dateline
from articles.wire.text_reader import decode_bytes, parse_text
from articles.wire.wire_story import (
    ADDITIONAL_REPORTING,
    AUTHOR,
    CONTRIBUTOR,
    EDITING,
    REPORTING,
    WRITING,
    WireByline,
    WireError,
    WireQuote,
)

SAMPLES = Path(__file__).parent / "wire_samples"
# The project's own example of the layout (docs/wire-format.md), invented for it.
PROJECT_SAMPLE = SAMPLES / "northwind-floating-solar.txt"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


def assert_quotes_in_body(story) -> None:
    body = normalise_for_match(story.body)
    for quote in story.quotes:
        assert normalise_for_match(quote.text) in body, quote.text


# -- the project's own sample ------------------------------------------------------


@pytest.fixture
def floating_solar():
    return parse_text(PROJECT_SAMPLE.read_text(encoding="utf-8"))


def test_sample_headline_date_and_authors(floating_solar):
    story = floating_solar
    assert story.format == "text"
    assert story.headline == "Harbor city approves floating solar farm despite fishing concerns"
    assert story.published_at == datetime(2025, 3, 3)
    assert [b for b in story.bylines if b.role == AUTHOR] == [
        WireByline("Dana Whitlock", AUTHOR),
        WireByline("Omar Reyes", AUTHOR),
    ]
    assert story.warnings == []


def test_sample_dateline_is_taken_out_of_the_first_paragraph(floating_solar):
    assert floating_solar.dateline == "PORT ALDER"
    assert floating_solar.source == "Northwind"
    first = paragraphs(floating_solar.body)[0]
    assert first.startswith("The city council of Port Alder voted 7-2 on Monday")
    assert "(Northwind)" not in floating_solar.body


def test_sample_body_paragraphs_and_subhead(floating_solar):
    parts = paragraphs(floating_solar.body)
    assert len(parts) == 11
    assert parts[5] == "## SHADE AND SILT"
    assert parts[-1] == (
        "Councillor Beatriz Nunes, one of the two members who voted against, "
        'said the city had moved "far faster than the evidence."'
    )
    assert parts[3] == '"The basin has sat idle for twenty years."'
    for furniture in ("Send a link", "[to top of", "|", "NORTHWIND/", "Reporting by", "©"):
        assert furniture not in floating_solar.body


def test_sample_quotes_and_speakers(floating_solar):
    mayor, chairman = "Mayor", "chairman of the Port Alder Fishermen's Cooperative"
    assert floating_solar.quotes == [
        WireQuote(
            "We are turning a rusting liability into the cheapest electricity this city "
            "has ever bought,",
            "Ines Carvalho",
            mayor,
        ),
        WireQuote("The basin has sat idle for twenty years.", "Ines Carvalho", mayor),
        WireQuote("Nobody asked the people who fish here,", "Ines Carvalho", mayor),
        WireQuote("If the fish go, the last twelve boats go with them,", "Rui Matos", chairman),
        WireQuote(
            "a box-ticking exercise written by the people selling the panels.",
            "Rui Matos",
            chairman,
            partial=True,
        ),
        WireQuote("far faster than the evidence.", "Beatriz Nunes", "Councillor", partial=True),
    ]
    assert_quotes_in_body(floating_solar)


def test_sample_photo_caption_and_credit(floating_solar):
    [photo] = floating_solar.photos
    assert photo.caption == (
        "Workers inspect a test float on the north basin of Port Alder, where the city plans "
        "to install solar panels, February 12, 2025."
    )
    assert photo.credit == "NORTHWIND/Lena Fischer/File Photo"


def test_sample_closing_credits(floating_solar):
    assert [b for b in floating_solar.bylines if b.role != AUTHOR] == [
        WireByline("Dana Whitlock", REPORTING, "Port Alder"),
        WireByline("Omar Reyes", REPORTING, "Lisbon"),
        WireByline("Kai Brandt", ADDITIONAL_REPORTING),
        WireByline("Tom Hale", EDITING),
    ]


def test_sample_rights_notice_word_for_word(floating_solar):
    rights = floating_solar.rights
    assert rights.notice == (
        "[© 2025 Northwind Media. All rights reserved.]This material may not be published, "
        "broadcast, rewritten or redistributed. Northwind Media is solely responsible for "
        "this content."
    )
    assert (rights.holder, rights.year) == ("Northwind Media", 2025)
    assert rights.statement == "All rights reserved."
    assert rights.restriction == (
        "This material may not be published, broadcast, rewritten or redistributed."
    )
    assert rights.responsibility == "Northwind Media is solely responsible for this content."


# -- a second Reuters-like story: dated dateline, mid-paragraph furniture ----------


@pytest.fixture
def tram_strike():
    return parse_text(sample("northwind-tram-strike.txt"))


def test_reuters_layout_header(tram_strike):
    assert tram_strike.headline == "Tram drivers in Vale Dorado strike over night-shift pay"
    assert tram_strike.published_at == datetime(2024, 9, 3)  # "[Sept. 3, 2024]"
    assert [b.name for b in tram_strike.bylines if b.role == AUTHOR] == [
        "Omar Reyes",
        "Lina Moraes",
        "Tiago Brum",
    ]
    assert (tram_strike.dateline, tram_strike.source) == ("VALE DORADO", "Northwind")


def test_reuters_layout_body(tram_strike):
    parts = paragraphs(tram_strike.body)
    assert len(parts) == 11
    assert parts[0].startswith("Tram drivers in Vale Dorado walked out at dawn on Tuesday")
    # "[to top of second column]" cut a sentence in two; it joins up again
    assert parts[5] == (
        'Mayor Ricardo Salgueiro called the strike "premature" and said the city would meet '
        "union leaders again on Thursday, adding that replacement buses would run on the "
        "three busiest routes."
    )
    assert parts[7] == "## NEXT STEPS"
    # "8 a.m." and "U.S." do not end paragraphs
    assert parts[8].endswith("backed up by 8 a.m.")
    assert parts[-1] == "The U.S. Embassy in Vale Dorado advised staff to work from home."


def test_multi_paragraph_quote_is_one_quote_per_paragraph(tram_strike):
    ferraz = [q for q in tram_strike.quotes if q.speaker == "Paula Ferraz"]
    assert [q.text for q in ferraz] == [
        "Our members have driven the night trams for years on day rates. That ends today,",
        "We are not asking for a favour. We are asking for the same rules as every other "
        "transport worker in this country.",
        "The city knows what it owes us.",
    ]
    assert {q.speaker_title for q in ferraz} == {"union secretary"}
    assert_quotes_in_body(tram_strike)


def test_surname_and_lowercase_titles_resolve(tram_strike):
    by_text = {q.text: q for q in tram_strike.quotes}
    assert by_text["premature"] == WireQuote("premature", "Ricardo Salgueiro", "Mayor", True)
    assert by_text["The door is open."].speaker == "Ricardo Salgueiro"
    assert by_text["Nobody told us anything."] == WireQuote(
        "Nobody told us anything.", "Helena Duarte", "nurse"
    )
    assert len(tram_strike.quotes) == 8
    assert tram_strike.warnings == []


def test_caption_with_credit_at_the_end_of_its_line(tram_strike):
    [photo] = tram_strike.photos
    assert photo.caption == (
        "A tram stands empty at the Rua Nova depot in Vale Dorado, September 3, 2024."
    )
    assert photo.credit == "NORTHWIND/Ana Queiroz"


def test_compiled_writing_and_editing_credits(tram_strike):
    assert [b for b in tram_strike.bylines if b.role != AUTHOR] == [
        WireByline("Tiago Brum", WRITING),
        WireByline("Lina Moraes", WRITING),
        WireByline("Tom Hale", EDITING),
        WireByline("Ruth Keller", EDITING),
    ]


def test_notice_drops_only_the_trailing_pipe(tram_strike):
    assert tram_strike.rights.notice == (
        "[© 2024 Northwind Media. All rights reserved.]This material may not be published, "
        "broadcast, rewritten or redistributed. Northwind Media is solely responsible for "
        "this content."
    )
    assert tram_strike.rights.year == 2024


# -- Reuters web-page layout: one line per paragraph, page leftovers ---------------


def test_web_page_layout():
    story = parse_text(sample("northwind-port-strike-web.txt"))
    assert story.headline == "Kestrel Bay dock workers end strike after pay deal"
    # "March 3, 20254:15 PM GMT+0Updated 2 hours ago": date and time run together
    assert story.published_at == datetime(2025, 3, 3, 16, 15, tzinfo=UTC)
    assert (story.dateline, story.source) == ("KESTREL BAY", "Northwind")
    parts = paragraphs(story.body)
    assert len(parts) == 5
    assert parts[0].startswith("Dock workers at the port of Kestrel Bay voted on Monday")
    assert parts[-1] == '"We should have reached this point a week ago," he told reporters.'
    for leftover in ("Item 1", "Licensing", "opens new tab", "Our Standards"):
        assert leftover not in story.body
    [photo] = story.photos
    assert photo.caption == (
        "Dock workers gather outside the port gates in Kestrel Bay, March 2, 2025."
    )
    assert photo.credit == "NORTHWIND/Per Lund/File Photo"
    assert story.bylines[2:] == [
        WireByline("Sam Okafor", REPORTING, "Kestrel Bay"),
        WireByline("Ines Duarte", REPORTING, "Lisbon"),
        WireByline("Tom Hale", EDITING),
    ]
    haddad = ("Amira Haddad", "general secretary of the Kestrel Bay Dockers' Union")
    assert story.quotes == [
        WireQuote("This is a fair deal and our members have accepted it,", *haddad),
        WireQuote("Work resumes with the morning shift.", *haddad),
        WireQuote("We should have reached this point a week ago,", "Jonas Berg", "Port director"),
    ]
    assert story.rights is None
    assert story.warnings == []


# -- AP layout ----------------------------------------------------------------------


@pytest.fixture
def ap_story():
    return parse_text(sample("ap-valmora-library.txt"))


def test_ap_layout_header(ap_story):
    assert ap_story.headline == "Valmora opens its first public library in a century"
    edt = timezone(timedelta(hours=-4))
    assert ap_story.published_at == datetime(2024, 6, 28, 14, 15, tzinfo=edt)
    assert ap_story.bylines[:2] == [
        WireByline("Jane Roe", AUTHOR, "", "Associated Press"),
        WireByline("Miguel Santos", AUTHOR, "", "Associated Press"),
    ]
    assert (ap_story.dateline, ap_story.source) == ("VALMORA, Ore.", "AP")


def test_ap_layout_body_and_caption(ap_story):
    parts = paragraphs(ap_story.body)
    assert len(parts) == 8
    assert parts[0].startswith("More than 400 people lined up before dawn on Friday")
    assert parts[-1] == "“We did the arithmetic,” she said. “Twice.”"
    assert "___" not in ap_story.body and "Share" not in ap_story.body
    [photo] = ap_story.photos
    assert photo.credit == "AP Photo/Leo Marsh"
    assert photo.caption.endswith("June 28, 2024, in Valmora, Ore.")


def test_ap_layout_quotes(ap_story):
    olsen = ("Harriet Olsen", "foundation's president")
    reyna = ("Tomas Reyna", "Children’s librarian")
    assert [(q.text, q.speaker, q.speaker_title, q.partial) for q in ap_story.quotes] == [
        ("This is the town saying it still believes in itself,", *olsen, False),
        ("Every one of those small gifts is a brick in this wall.", *olsen, False),
        ("We ordered for a town of 6,000 and got donations for a city,", *reyna, False),
        ("We will be giving books away to schools for years.", *reyna, False),
        (
            "a monument to good intentions and bad arithmetic",
            "Dale Pruitt",
            "County Commissioner",
            True,
        ),
        ("We did the arithmetic,", *olsen, False),
        ("Twice.", *olsen, False),
    ]
    assert_quotes_in_body(ap_story)


def test_ap_contributor_and_copyright(ap_story):
    assert ap_story.bylines[2:] == [
        WireByline("Nora Quill", CONTRIBUTOR, "Marlow Falls", "Associated Press writer")
    ]
    rights = ap_story.rights
    assert rights.notice == (
        "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without permission."
    )
    assert (rights.holder, rights.year, rights.responsibility) == (
        "The Associated Press",
        2024,
        "",
    )


# -- AFP layout ---------------------------------------------------------------------


@pytest.fixture
def afp_story():
    return parse_text(sample("afp-quillan-drought.txt"))


def test_contributors_with_comma_places_and_serial_and():
    story = parse_text(
        "Judge blocks plan to close rural post offices\n"
        "BY JOHN HARTLEY\n"
        "WASHINGTON (AP) — A federal judge on Tuesday blocked the plan.\n\n"
        "Associated Press writers Mark Stein in Helena, Montana, and Ruth Alvarez "
        "in Denver contributed to this report.\n"
    )
    assert story.bylines[1:] == [
        WireByline("Mark Stein", CONTRIBUTOR, "Helena, Montana", "Associated Press writer"),
        WireByline("Ruth Alvarez", CONTRIBUTOR, "Denver", "Associated Press writer"),
    ]
    assert story.body == "A federal judge on Tuesday blocked the plan."


def test_afp_layout(afp_story):
    assert afp_story.headline == "Drought forces Quillan Bay to ration tap water"
    assert afp_story.published_at == datetime(2024, 9, 3)
    assert afp_story.bylines == [WireByline("Pierre Vasseur", AUTHOR)]
    assert (afp_story.dateline, afp_story.source) == ("Quillan Bay", "AFP")
    parts = paragraphs(afp_story.body)
    assert len(parts) == 9
    assert parts[3] == "## SUMMERS LIKE THIS ONE"
    assert parts[-1] == (
        'The "temporary" measures will be reviewed every week, according to the prefecture.'
    )
    assert "pv-ml/jr" not in afp_story.body
    [photo] = afp_story.photos
    assert photo.credit == "Marta LINDQVIST / AFP"
    assert photo.caption.startswith("A farmer walks across the cracked bed")
    assert afp_story.rights.notice == "© 2024 AFP"
    assert (afp_story.rights.holder, afp_story.rights.year) == ("AFP", 2024)


def test_afp_layout_quotes_and_unattributed_quote_warning(afp_story):
    brel = ("Anouk Brel", "Hydrologist of the University of Sarlat")
    assert [(q.text, q.speaker, q.speaker_title, q.partial) for q in afp_story.quotes] == [
        (
            "We have never had to do this, not even in the drought of 1976,",
            "Odile Marchetti",
            "regional prefect",
            False,
        ),
        ("a bathtub with the plug pulled", *brel, True),
        ("Summers like this one will be the rule, not the exception,", *brel, False),
        ("This is a punishment for people who did nothing wrong,", "Karim Haddou", "", False),
    ]
    # "the water authority said": an organisation, not a person; "temporary" is a scare quote
    assert afp_story.warnings == [
        "Quote left out (the speaker is an organisation): “We will not cut water to the hospitals,”"
    ]
    assert_quotes_in_body(afp_story)


# -- the parts one by one ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[June 28, 2024]", datetime(2024, 6, 28)),
        ("June 28, 2024", datetime(2024, 6, 28)),
        ("Jun 28, 2024", datetime(2024, 6, 28)),
        ("Sept. 3, 2024", datetime(2024, 9, 3)),
        ("3 March 2025", datetime(2025, 3, 3)),
        ("2024-06-28", datetime(2024, 6, 28)),
        ("2024-06-28T10:15:00Z", datetime(2024, 6, 28, 10, 15, tzinfo=UTC)),
        ("Monday, March 3, 2025 10:15 GMT", datetime(2025, 3, 3, 10, 15, tzinfo=UTC)),
    ],
)
def test_date_layouts(line, expected):
    story = parse_text(f"Headline\n{line}\nThe body of the story.")
    assert story.published_at == expected
    assert story.body == "The body of the story."


def test_impossible_date_is_a_warning_not_body_text():
    story = parse_text("Headline\nFebruary 30, 2025\nThe body of the story.")
    assert story.published_at is None
    assert story.body == "The body of the story."
    assert any("not a real date" in w for w in story.warnings)


@pytest.mark.parametrize(
    ("line", "names", "title"),
    [
        ("By Jane Roe", ["Jane Roe"], ""),
        ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"], ""),
        ("By Ana Lima, Bo Berg and Cy Ward", ["Ana Lima", "Bo Berg", "Cy Ward"], ""),
        ("By Jane Roe, Associated Press", ["Jane Roe"], "Associated Press"),
        ("By JANE ROE", ["Jane Roe"], ""),
        ("BY SEAN MCDONALD and ANA DE LA CRUZ", ["Sean McDonald", "Ana de la Cruz"], ""),
        ("By JANE ROE and JOHN DOE Associated Press", ["Jane Roe", "John Doe"], "Associated Press"),
        ("By Jane Roe, Northwind", ["Jane Roe"], "Northwind"),
    ],
)
def test_byline_layouts(line, names, title):
    bylines = parse_byline(line)
    assert [b.name for b in bylines] == names
    assert {b.title for b in bylines} == {title}
    assert {b.role for b in bylines} == {AUTHOR}


def test_agency_on_the_line_after_the_byline_and_byline_before_headline():
    story = parse_text(
        "By JANE ROE\nAssociated Press\nHeadline of the story\nJune 28, 2024\nThe body.\n"
    )
    assert story.headline == "Headline of the story"
    assert story.bylines == [WireByline("Jane Roe", AUTHOR, "", "Associated Press")]
    story = parse_text("Headline\nBy JANE ROE\nAssociated Press\nJune 28, 2024\nThe body.\n")
    assert story.bylines == [WireByline("Jane Roe", AUTHOR, "", "Associated Press")]
    assert story.body == "The body."


def test_body_line_starting_with_by_is_not_a_byline():
    assert parse_byline("By the time the council voted, the basin was empty.") == []


@pytest.mark.parametrize(
    ("text", "place", "source"),
    [
        ("PORT ALDER (Northwind) - The city", "PORT ALDER", "Northwind"),
        ("WASHINGTON (AP) — The city", "WASHINGTON", "AP"),
        ("ST. LOUIS, Mo. (AP) — The city", "ST. LOUIS, Mo.", "AP"),
        ("LONDON, March 3 (Reuters) - The city", "LONDON", "Reuters"),
        ("MERIDIA/LONDON, Oct 8 (Northwind) - The city", "MERIDIA/LONDON", "Northwind"),
        ("Paris (AFP) - The city", "Paris", "AFP"),
        ("PORT ALDER (Northwind) – The city", "PORT ALDER", "Northwind"),
        ("PORT ALDER — The city", "PORT ALDER", ""),
    ],
)
def test_dateline_layouts(text, place, source):
    assert split_dateline(text) == (place, source, "The city")


@pytest.mark.parametrize(
    "text", ["The city (Northwind) - said", "NATO said on Monday", "Officials - the city"]
)
def test_text_that_is_not_a_dateline(text):
    assert split_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "A float. NORTHWIND/Lena Fischer/File Photo",
            "A float.",
            "NORTHWIND/Lena Fischer/File Photo",
        ),
        ("A float, May 1. (AP Photo/Jane Roe, File)", "A float, May 1.", "AP Photo/Jane Roe, File"),
        ("A float. Jane ROE / AFP", "A float.", "Jane ROE / AFP"),
        ("A float. (Photo by Jane ROE / AFP)", "A float.", "Jane ROE / AFP"),
        ("NORTHWIND/Lena Fischer", "", "NORTHWIND/Lena Fischer"),
    ],
)
def test_photo_credit_layouts(text, caption, credit):
    assert split_caption(text) == (caption, credit)


@pytest.mark.parametrize(
    "text", ["Talks on US/EU trade resumed.", "He works 24/7 for the city", "The and/or clause"]
)
def test_prose_with_slashes_is_not_a_caption(text):
    assert split_caption(text) is None


def test_blank_lines_always_end_paragraphs_and_unwrapped_lines_are_paragraphs():
    copy = (
        "Headline\n\nBy Jane Roe\n\n"
        "First paragraph that runs on without a full stop\n\n"
        "second paragraph after a blank line.\n"
        "Third paragraph on its own line.\n"
    )
    story = parse_text(copy)
    assert paragraphs(story.body) == [
        "First paragraph that runs on without a full stop",
        "second paragraph after a blank line.",
        "Third paragraph on its own line.",
    ]


def test_wrapped_quote_sentence_does_not_end_the_paragraph():
    copy = (
        "Headline\n"
        '"We will fix the basin. We will fix it this year. And we will\n'
        'fix it for good," Mayor Ines Carvalho said.\n'
        "The council agreed.\n"
    )
    story = parse_text(copy)
    assert len(paragraphs(story.body)) == 2
    assert story.quotes[0].speaker == "Ines Carvalho"


def test_markdown_characters_in_copy_are_escaped():
    story = parse_text("Headline\n1. The first point *matters*.\n# Not a heading.\n")
    assert paragraphs(story.body) == ["1\\. The first point \\*matters\\*.", "\\# Not a heading."]


def test_pronoun_refers_to_the_latest_speaker_named_in_reported_speech():
    copy = (
        "Headline\n"
        "Councillor Beatriz Nunes said the vote was rushed.\n"
        '"We should have waited," she said.\n'
    )
    [quote] = parse_text(copy).quotes
    assert quote == WireQuote("We should have waited,", "Beatriz Nunes", "Councillor")


def test_quote_from_an_organisation_or_nobody_is_left_out_with_a_warning():
    copy = (
        "Headline\n"
        '"We regret the delay," Northwind Energy said in a statement.\n'
        '"Nobody knows," he said.\n'
    )
    story = parse_text(copy)
    assert story.quotes == []
    assert [w for w in story.warnings if w.startswith("Quote")] == [
        "Quote left out (the speaker is an organisation): “We regret the delay,”",
        "Quote left out (no earlier speaker for “he” or “she”): “Nobody knows,”",
    ]


def test_unbalanced_quote_marks_are_a_warning():
    copy = 'Headline\nThe mayor said "we will build it.\nThe council agreed.\n'
    story = parse_text(copy)
    assert story.quotes == []
    assert any("Unbalanced quotation marks in paragraph 1 (line 2)" in w for w in story.warnings)


# -- errors -----------------------------------------------------------------------


@pytest.mark.parametrize("copy", ["", "\n\n  \n", "\t"])
def test_empty_copy_is_refused(copy):
    with pytest.raises(WireError, match="empty"):
        parse_text(copy)


def test_copy_of_only_page_furniture_is_refused():
    with pytest.raises(WireError, match="page furniture"):
        parse_text("Send a link to a friend\n|\n[to top of second column]\n")


def test_headline_without_body_is_refused_with_a_line_number():
    with pytest.raises(WireError) as error:
        parse_text("Harbor city approves floating solar farm\n[March 3, 2025]\nBy Jane Roe\n")
    assert "no body text" in error.value.message
    assert error.value.line == 3


def test_copy_that_starts_with_its_dateline_has_no_headline():
    with pytest.raises(WireError, match="starts with the story's dateline") as error:
        parse_text("\nPORT ALDER (Northwind) - The city council voted.\nMore text.\n")
    assert error.value.line == 2


def test_first_line_continued_by_the_next_is_a_warning():
    story = parse_text("The city council of Port Alder voted 7-2 on\nthe basin plan.\n")
    assert any("is “The city council" in w for w in story.warnings)


def test_only_a_date_is_refused():
    with pytest.raises(WireError, match="no headline"):
        parse_text("[March 3, 2025]\n")


def test_bytes_must_be_decoded_first():
    with pytest.raises(WireError, match="decode"):
        parse_text(b"Headline\nBody.")


# -- decoding ---------------------------------------------------------------------

TEXT = "Café in Põrto – “quoted”\nSecond line."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
)
def test_decode_unicode_encodings(data):
    assert decode_bytes(data) == TEXT


def test_decode_windows_1252_and_latin_1():
    assert decode_bytes("Café – “quoted”".encode("cp1252")) == "Café – “quoted”"
    assert decode_bytes(b"caf\xe9 \x81") == "café \x81"  # not Windows-1252: Latin-1


def test_decode_refuses_binary_files():
    with pytest.raises(WireError, match="NUL bytes") as error:
        decode_bytes(b"Headline\nBody\x00\x01\x02")
    assert error.value.line == 2
    with pytest.raises(WireError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 10)


def test_decode_drops_old_transmission_codes():
    assert decode_bytes(b"\x01Headline\nBody.\x03\x04") == "Headline\nBody."


def test_the_header_is_read_into_values_of_its_own():
    from articles.wire.header import read_header
    from articles.wire.lines import clean

    lines = clean(
        "Harbour toll rises for night crossings\n"
        "By Rosa Quist\n"
        "March 3, 2025\n"
        "(Adds quote in paragraph 2)\n"
        "\n"
        "PORT ALDER (Northwind) - The harbour board raised the toll on Monday.\n"
    )

    header = read_header(lines)

    assert header.headline == "Harbour toll rises for night crossings"
    assert [b.name for b in header.bylines] == ["Rosa Quist"]
    assert header.published_at == datetime(2025, 3, 3)
    assert header.warnings == ["Editor's note from the agency: (Adds quote in paragraph 2)"]
    assert lines[header.start].text.startswith("PORT ALDER")
