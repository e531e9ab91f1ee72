"""The agency table, and agency layouts as republishing sites print them.

Each sample under tests/wire_samples/ is original copy (invented people, places and
events) in the shape one agency's stories reach a newsroom, page noise included.
The expectations are what a careful editor takes from it.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest

from articles.conventions import agencies
from articles.conventions.credits import split_credit
from articles.wire.copy_parts import parse_byline
from articles.wire.text_reader import parse_text
from articles.wire.wire_story import AUTHOR, WireStory

SAMPLES = Path(__file__).parent / "wire_samples"
EST = timezone(timedelta(hours=-5))


@cache
def story(name: str) -> WireStory:
    return parse_text((SAMPLES / name).read_text(encoding="utf-8"))


def authors(s: WireStory) -> list[str]:
    return [b.name for b in s.bylines if b.role == AUTHOR]


def dropped(s: WireStory) -> list[str]:
    return [d.split(": ", 1)[1] for d in s.dropped]


# -- the table ---------------------------------------------------------------------


def test_every_agency_is_found_by_each_name_it_prints():
    for agency in agencies.AGENCIES:
        for name in agency.names:
            assert agencies.find(name) is agency, name
            assert agencies.find(name.upper() if name.islower() else name) is agency


def test_an_unknown_name_is_no_agency_and_keeps_its_spelling():
    assert agencies.find("Harbour Ledger") is None
    assert agencies.canonical("Harbour  Ledger") == "Harbour Ledger"
    assert agencies.canonical("The Associated Press") == "AP"


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("Associated Press Writers", "AP"),
        ("Associated Press Writer", "AP"),
        ("AAP", "AAP"),
        ("The Canadian Press", "Canadian Press"),
        ("dpa", "dpa"),
        ("Kyodo News Reporter", "Kyodo"),
        ("Harbour Ledger Correspondent", None),
        ("chief executive", None),
    ],
)
def test_by_line_titles_that_name_an_agency(title, agency):
    found = agencies.writer_of(title)
    assert (found.name if found else None) == agency


@pytest.mark.parametrize(
    ("line", "is_sign_off"),
    [("AAP RTV ar", True), ("AAP ar/jk", True), ("AAP", False), ("AAP said on Tuesday", False)],
)
def test_desk_sign_offs(line, is_sign_off):
    assert agencies.is_desk_sign_off(line) is is_sign_off


def test_a_name_inside_a_word_is_not_an_agency():
    assert agencies.named_in("© KYODO 2024").name == "Kyodo"
    assert agencies.named_in("The APEC summit in Papua") is None


# -- By lines in other languages ---------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names", "title"),
    [
        ("Von Anna Schmidt und Jonas Weber, dpa", ["Anna Schmidt", "Jonas Weber"], "dpa"),
        ("Por Lucía Prado y Tomás Ferrer", ["Lucía Prado", "Tomás Ferrer"], ""),
        ("Par Claire Dubois, AFP", ["Claire Dubois"], "AFP"),
        ("Av Kari Lund og Per Vik, NTB", ["Kari Lund", "Per Vik"], "NTB"),
        ("Av Erik Holm/TT", ["Erik Holm"], "TT"),
    ],
)
def test_by_lines_in_other_languages(line, names, title):
    bylines = parse_byline(line)
    assert [b.name for b in bylines] == names
    assert {b.title for b in bylines} == {title}


@pytest.mark.parametrize(
    "line", ["Von Berlin nach Paris", "Par ailleurs, le ministre", "Por su parte", "Av og til"]
)
def test_sentences_that_start_like_a_by_line_are_not_one(line):
    assert parse_byline(line) == []


# -- layouts -----------------------------------------------------------------------


def test_aap_web_page_with_section_label_sign_off_and_reader_prompts():
    s = story("layout-aap-web-sydney.txt")
    assert s.headline == "Sydney ferry crews vote to end rolling stoppages"
    assert (s.dateline, s.source) == ("SYDNEY", "AAP")
    assert authors(s) == ["Mia Tran"]
    assert s.published_at == datetime(2024, 3, 5, 17, 38)
    assert dropped(s) == ["AAP RTV ar", "Click to rate", "12 comments"]
    assert s.body.count("\n\n") == 3
    assert s.body.endswith("return to the normal timetable from Thursday.")
    assert any("“National” above the headline" in w for w in s.warnings)


def test_canadian_press_trailer_names_the_agency_and_is_dropped():
    s = story("layout-cp-toronto.txt")
    assert (s.dateline, s.source) == ("TORONTO", "Canadian Press")
    assert [(b.name, b.title) for b in s.bylines] == [("Kai Moreau", "The Canadian Press")]
    assert s.published_at == datetime(2024, 3, 5, 16, 15)  # "Posted March 5, 2024 4:15 pm"
    assert "first published" not in s.body
    assert dropped(s) == ["This report by The Canadian Press was first published March 5, 2024."]


def test_ntb_norwegian_by_line_colon_dateline_and_notice():
    s = story("layout-ntb-oslo.txt")
    assert (s.dateline, s.source) == ("OSLO", "NTB")
    assert authors(s) == ["Kari Lund", "Per Vik"]
    assert s.published_at == datetime(2024, 3, 5, 17, 38)  # "5. mars 2024 17:38"
    assert s.body.startswith("Ferjene mellom Oslo og Nesodden")
    [photo] = s.photos
    assert photo.credit == "Ida Berg / NTB"
    assert split_credit(photo.credit).photographer == "Ida Berg"
    assert (s.rights.notice, s.rights.holder) == ("© NTB", "NTB")


def test_tt_slashed_by_line_and_archive_picture():
    s = story("layout-tt-stockholm.txt")
    assert (s.dateline, s.source) == ("STOCKHOLM", "TT")
    assert [(b.name, b.title) for b in s.bylines] == [("Erik Holm", "TT")]
    assert s.standfirst == ""  # the By line is not a standfirst
    [photo] = s.photos
    credit = split_credit(photo.credit)
    assert (credit.agency, credit.photographer, credit.file_photo) == ("TT", "Lina Ek", True)


def test_ap_writers_by_line_at_the_end_of_the_headline_names_the_agency():
    s = story("layout-ap-web-writers.txt")
    assert s.headline == "Harbour town backs ferry link after long debate"
    assert [(b.name, b.title) for b in s.bylines] == [
        ("Jane Roe", "Associated Press Writers"),
        ("Omar Reyes", "Associated Press Writers"),
    ]
    assert (s.dateline, s.source) == ("PORT ALDER, Maine", "AP")  # no "(AP)": the By line
    assert s.published_at == datetime(2024, 3, 5, 17, 38, tzinfo=EST)
    assert "reached at" not in s.body and "___" not in s.body
    assert "Jane Roe can be reached at jroe@example.com." in dropped(s)


def test_kyodo_unbracketed_dateline_and_bare_notice_after_the_last_sentence():
    s = story("layout-kyodo-web-notice.txt")
    assert (s.dateline, s.source) == ("TOKYO", "Kyodo")
    assert s.body.endswith("Season tickets for students will not change.")
    assert (s.rights.notice, s.rights.holder) == ("© KYODO", "KYODO")
    assert s.published_at is None  # "March 5" gives no year: none is guessed


def test_ansa_italian_notice():
    s = story("layout-ansa-web-riproduzione.txt")
    assert (s.dateline, s.source) == ("ROMA", "ANSA")
    assert "RIPRODUZIONE" not in s.body
    assert s.rights.notice == "RIPRODUZIONE RISERVATA © Copyright ANSA"
    assert (s.rights.holder, s.rights.statement) == ("ANSA", "RIPRODUZIONE RISERVATA")


def test_efe_glued_caption_repeated_caption_and_provided_by_credit():
    s = story("layout-efe-web-glued-caption.txt")
    assert authors(s) == ["Lucía Prado", "Tomás Ferrer"]
    assert s.source == "EFE"
    assert s.published_at == datetime(2024, 3, 5)  # "5 mar 2024"
    assert s.body.startswith("Los estibadores del puerto de Valencia convocaron")
    assert "Archivo" not in s.body and "Provided" not in s.body
    [photo] = s.photos  # glued, then printed twice more: one photo
    assert photo.caption == "Buques de carga esperan a la entrada del puerto."
    assert split_credit(photo.credit) == split_credit("EFE/Archivo")
    assert split_credit(photo.credit).file_photo
    assert s.rights is None  # "© Provided by" is a credit, not a licence
    assert "© Provided by Puerto Diario" in dropped(s)


def test_dpa_german_by_line_dotted_date_and_statement():
    s = story("layout-dpa-von.txt")
    assert authors(s) == ["Anna Schmidt", "Jonas Weber"]
    assert (s.dateline, s.source) == ("Kiel", "dpa")
    assert s.published_at == datetime(2024, 3, 5, 17, 38)  # "05.03.2024, 17:38 Uhr"
    assert s.rights.statement == "Alle Rechte vorbehalten."
    assert "Rechte" not in s.body


def test_fifteen_agencies_have_test_copy():
    sources = {story(p.name).source for p in SAMPLES.glob("layout-*.txt")}
    known = {agencies.canonical(s) for s in sources if agencies.find(s)}
    assert len(known) >= 15, sorted(known)


@pytest.mark.parametrize(
    "headline",
    [
        "Court rules in case brought By Jane Roe, Former Editor",
        "Museum opens show of work By Ana Lobo, Painter",
    ],
)
def test_a_by_in_a_title_case_headline_is_not_split_off(headline):
    s = parse_text(f"{headline}\nMarch 5, 2024\n\nPORT ALDER (Northwind) - The court ruled.\n")
    assert s.headline == headline
    assert s.bylines == []


def test_a_colon_after_brackets_is_a_dateline_only_for_an_agency():
    ntb = parse_text("Ferjene går igjen\n\nOSLO (NTB): Ferjene gikk igjen tirsdag.\n")
    other = parse_text("Ferries run again\n\nOSLO (Updated): Ferries ran again on Tuesday.\n")
    assert (ntb.dateline, ntb.source) == ("OSLO", "NTB")
    assert (other.dateline, other.source) == ("", "")
    assert other.body.startswith("OSLO (Updated):")
