"""Plain-text copy in the layouts real agencies and partner pages use.

Each story under tests/wire_samples/layout-*.txt is invented (people, places,
events); its layout imitates one way agency copy reaches a newsroom: a Reuters
or AP web page pasted as text, wrapped wire copy from an e-mail or an older
system, and the datelines, credits, sign-offs and notices of AFP, dpa, PA Media,
UPI, Kyodo, ANSA, EFE, PTI, Bloomberg, Yonhap and Xinhua. The expectations are
what a careful editor would take from the copy.
"""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from articles.conventions.quote_check import normalise_for_match
from articles.wire.copy_parts import parse_byline, split_caption, split_dateline
from articles.wire.markup import words
from articles.wire.text_reader import parse_text
from articles.wire.wire_story import (
    ADDITIONAL_REPORTING,
    AUTHOR,
    CONTRIBUTOR,
    EDITING,
    REPORTING,
    WRITING,
    WireByline,
    WireQuote,
    WireStory,
)

SAMPLES = Path(__file__).parent / "wire_samples"
LAYOUTS = sorted(p.name for p in SAMPLES.glob("layout-*.txt"))
BST = timezone(timedelta(hours=1))
EDT = timezone(timedelta(hours=-4))


@cache
def story(name: str) -> WireStory:
    return parse_text((SAMPLES / name).read_text(encoding="utf-8"))


def paragraphs(s: WireStory) -> list[str]:
    return s.body.split("\n\n")


def quotes(s: WireStory) -> list[tuple[str, str, str, bool]]:
    return [(q.text, q.speaker, q.speaker_title, q.partial) for q in s.quotes]


def credits(s: WireStory) -> list[WireByline]:
    return [b for b in s.bylines if b.role != AUTHOR]


def authors(s: WireStory) -> list[str]:
    return [b.name for b in s.bylines if b.role == AUTHOR]


# -- what holds for every layout ---------------------------------------------------


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_layout_keeps_the_invariants(name):
    s = story(name)
    assert s.headline and s.body
    body = normalise_for_match(s.body)
    for quote in s.quotes:
        assert normalise_for_match(quote.text) in body, quote.text
    raw = " ".join((SAMPLES / name).read_text(encoding="utf-8").split())
    if s.rights:
        assert s.rights.notice in raw  # word for word, as printed
    furniture = re.compile(
        r"Sign up here|Share|Facebook|Link copied|Suggested Topics|Most Read|Read more:"
        r"|Our Standards|Licensing|Advertising|Issued on|==Kyodo|\(END\)|@|\(\(|https?://"
        r"|^\d of \d$|^[a-z]{2,4}(?:[-/][a-z]{2,4})+$|^_+$|Eds:|\r|\t",
        re.MULTILINE,
    )
    assert not furniture.search(s.body), furniture.search(s.body)
    assert not s.body.startswith(("By ", "(")), "a header line reached the body"


def test_there_are_enough_layouts():
    assert len(LAYOUTS) >= 15


# -- Reuters --------------------------------------------------------------------------


def test_reuters_web_page():
    s = story("layout-reuters-web-offshore-wind.txt")
    assert s.headline == (
        "Exclusive: Tidewater grid operator delays Greyhaven offshore wind link by two "
        "years, sources say"
    )
    assert s.published_at == datetime(2024, 6, 28, 10, 15, tzinfo=BST)
    assert authors(s) == ["Maren Holt", "Devi Anand"]
    assert (s.dateline, s.source) == ("LONDON", "Reuters")
    parts = paragraphs(s)
    assert len(parts) == 7
    assert parts[0].startswith("Tidewater Grid, which runs the power network")
    assert parts[-1] == "Tidewater shares fell 2.3% in early trading."
    # the newsletter promo in the middle and the topic list at the end are furniture
    assert "Morning Bid" not in s.body and "Energy\n" not in s.body
    assert "Sustainable Business" not in s.body
    [photo] = s.photos
    assert photo.caption == (
        "A cable-laying vessel is seen off the coast of Greyhaven, Britain, May 14, 2024."
    )
    assert photo.credit == "REUTERS/Colm Feeney/File Photo"
    assert credits(s) == [
        WireByline("Maren Holt", REPORTING, "London"),
        WireByline("Devi Anand", REPORTING, "Bengaluru"),
        WireByline("Sun Li", ADDITIONAL_REPORTING, "Beijing"),
        WireByline("Kofi Mensah", WRITING),
        WireByline("Kate Rowe", EDITING),
        WireByline("Alex Ward", EDITING),
    ]
    prideaux = ("Owen Prideaux", "chief executive of the trade body Offshore Energy Alliance")
    assert quotes(s) == [
        ("the single biggest risk", "Priya Castellan", "Energy minister", True),
        ("Every month of delay is a month of gas we burn instead,", *prideaux, False),
        ("The queue is the problem, not the turbines.", *prideaux, False),
    ]
    # "a Tidewater spokesperson said" names nobody: both halves are left to the editor
    assert [w for w in s.warnings if w.startswith("Quote left out")] == [
        "Quote left out (no speaker found): “We will connect Greyhaven,”",
        "Quote left out (no speaker found): “but we will not cut corners on a project of this "
        "size.”",
    ]
    assert s.rights is None


def test_reuters_update_wrapped_with_editors_note_and_contact_line():
    s = story("layout-reuters-update-wrapped.txt")
    # "UPDATE 2-" is the transmission, not the headline; the headline wrapped
    assert s.headline == "Brazil's Corvina Mining halts lithium project after court ruling"
    assert s.warnings[0] == (
        "Editor's note from the agency: (Adds quote from environment secretary in "
        "paragraph 5, shares in paragraph 8)"
    )
    assert authors(s) == ["Lucas Ferreira"]
    assert (s.dateline, s.source) == ("SÃO PAULO", "Reuters")
    parts = paragraphs(s)
    assert len(parts) == 8
    assert parts[0].startswith("Brazilian miner Corvina Mineração halted work")
    # "the U.S." and "Dr." at the end of a line do not end the paragraph
    assert "led by the U.S. International Development Finance Corporation, was" in parts[3]
    assert parts[5].startswith("The company's critics include hydrologist Dr. Renata Aguiar")
    assert parts[-1].endswith("since the company listed in 2021.")
    assert "thomsonreuters" not in s.body and "Adds quote" not in s.body
    assert credits(s) == [
        WireByline("Lucas Ferreira", REPORTING),
        WireByline("Marta Quintero", ADDITIONAL_REPORTING, "Brasília"),
        WireByline("Jonathan Reyes", EDITING),
        WireByline("Claire Dunmore", EDITING),
    ]
    lobo = ("Ana Beatriz Lobo", "state environment secretary", False)
    assert quotes(s) == [
        ("The river is not a detail,", lobo[0], lobo[1], False),
        ("Nobody will be allowed to treat it as one.", *lobo),
        ("that this valley has not seen since the 1990s.", "Renata Aguiar", "hydrologist", True),
    ]


def test_reuters_repeat_without_by_line_credits_only_at_the_end():
    s = story("layout-reuters-rpt-noby.txt")
    assert s.headline == "Munich airport strike grounds hundreds of flights"
    assert authors(s) == []
    assert (s.dateline, s.source) == ("MÜNCHEN/BERLIN", "Reuters")
    assert len(paragraphs(s)) == 4
    assert credits(s) == [
        WireByline("Anja Brückner", REPORTING),
        WireByline("Tim Keller", REPORTING),
        WireByline("Rachel Oduya", WRITING),
        WireByline("Friederike Lang", EDITING),
    ]
    assert [q.speaker_title for q in s.quotes] == ["Verdi negotiator"] * 2


# -- AP -------------------------------------------------------------------------------


def test_ap_web_page():
    s = story("layout-ap-web-wildfire.txt")
    assert s.published_at == datetime(2024, 6, 28, 16, 12, tzinfo=EDT)
    assert authors(s) == ["Marisa Okonjo", "Theo Brandt"]
    assert (s.dateline, s.source) == ("PINEHOLLOW, Colo.", "AP")
    parts = paragraphs(s)
    assert len(parts) == 7
    assert parts[0].startswith("Thousands of people fled the mountain town of Pinehollow")
    assert parts[-1] == (
        "Asked whether the town could be saved, Whitcomb paused. “I’m not going to promise "
        "that,” he said."
    )
    [photo] = s.photos
    assert photo.credit == "AP Photo/Carla Ruiz"
    assert photo.caption.startswith("Smoke rises behind a water tower")
    assert credits(s) == [
        WireByline("Hana Iqbal", CONTRIBUTOR, "Denver", "Associated Press writer"),
        WireByline("Peter Lund", CONTRIBUTOR, "Salt Lake City, Utah", "Associated Press writer"),
        WireByline("Rosa Mendel", CONTRIBUTOR, "Phoenix", "Associated Press writer"),
    ]
    sheriff = ("Dale Whitcomb", "Sheriff", False)
    assert quotes(s) == [
        (
            "We are asking everyone south of Aspen Street to leave now, not in an hour,",
            *sheriff,
        ),
        ("If you wait for the knock on the door, you may have waited too long.", *sheriff),
        ("We have buses at the high school for anyone who needs a ride.", *sheriff),
        ("It sounded like a freight train,", "Lorna Beck", "", False),
        ("I didn’t even lock the door.", "Lorna Beck", "", False),
        # "he" is Whitcomb, named in the paragraph, not Beck, the last speaker
        ("I’m not going to promise that,", *sheriff),
    ]
    assert s.rights.holder == "The Associated Press"
    assert s.warnings == []


def test_ap_wire_with_indented_paragraphs_and_agency_by_line():
    s = story("layout-ap-wire-indented.txt")
    assert s.headline == "Heat wave strains power grid across Southern Plains"
    assert s.published_at == datetime(2024, 6, 28, 16, 12, tzinfo=EDT)  # "4:12 PM ET"
    assert s.bylines == []
    assert s.warnings == [
        "Line 2: “By The Associated Press” names no person: no author byline was added."
    ]
    assert (s.dateline, s.source) == ("OKLAHOMA CITY", "AP")
    parts = paragraphs(s)
    assert len(parts) == 7
    # the indentation, not the sentence at the end of a line, starts a paragraph
    assert parts[5] == (
        "Emergency rooms in Tulsa reported 46 heat-related visits on Thursday, nearly twice "
        "the usual number for this time of year. Officials urged residents to check on "
        "elderly neighbors."
    )
    amato = ("Felicia Amato", "pool's chief operating officer", False)
    assert quotes(s) == [
        ("We have enough generation to get through this if people do the small things,", *amato),
        ("Close the blinds. Run the dishwasher at night.", *amato),
    ]
    assert s.rights.notice == (
        "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed without permission."
    )


# -- AFP ------------------------------------------------------------------------------


def test_afp_wrapped_windows_copy():
    s = story("layout-afp-rhone-crlf.txt")
    assert s.bylines == [WireByline("Élodie Marchand", AUTHOR)]
    assert s.published_at is None
    assert (s.dateline, s.source) == ("LYON, France", "AFP")  # "LYON, France, June 28, 2024"
    parts = paragraphs(s)
    assert len(parts) == 6
    assert parts[1] == (
        "At the Pont-Saint-Esprit gauge the river stood at 1.1\u00a0metres, less than half "
        "its usual level for the season."
    )
    assert parts[4].startswith("The regional prefect, Sophie Arnaud-Lenoir, said")
    [photo] = s.photos
    assert photo.caption == "A dry section of the Rhône riverbed near Valence on June 27, 2024."
    assert photo.credit == "STR / AFP"
    assert quotes(s) == [
        ("Who is going to pay for the lorries?", "Marc Delorme", "", False),
        ("Not the state, that much I know.", "Marc Delorme", "", False),
        (
            "We will do what the law allows... no more, no less,",
            "Sophie Arnaud-Lenoir",
            "regional prefect",
            False,
        ),
    ]
    assert s.rights.notice == "© 2024 AFP"


def test_afp_partner_page_with_numeric_dates():
    s = story("layout-afp-web-brussels.txt")
    assert s.published_at == datetime(2024, 6, 28, 10, 15)  # "Issued on: 28/06/2024 - 10:15"
    assert (s.dateline, s.source) == ("Brussels", "AFP")
    parts = paragraphs(s)
    assert len(parts) == 5
    assert parts[-1] == "Talks are due to resume on July 8."
    [photo] = s.photos
    assert photo.credit == "Petras MALUKAS / AFP/File"
    vaske = ("Henrik Vaske", "Fisheries commissioner", False)
    minister = ("Aušra Kalnietė", "Lithuania's fisheries minister")
    assert quotes(s) == [
        (
            "When the scientists say 'close to collapse', they do not mean 'in twenty years',",
            *vaske,
        ),
        ("They mean now.", *vaske),
        ("finish", *minister, True),
        (
            "Our fishermen have already given up half their boats. What else should they give?",
            *minister,
            False,
        ),
    ]
    assert s.warnings == [
        "Quote left out (no speaker found): “a policy written for a sea that no longer exists”"
    ]


# -- other agencies -------------------------------------------------------------------


def test_dpa_numeric_date_and_photo_credit():
    s = story("layout-dpa-duesseldorf.txt")
    assert s.published_at == datetime(2024, 6, 28, 14, 5)
    assert (s.dateline, s.source) == ("DÜSSELDORF", "dpa")
    assert len(paragraphs(s)) == 5
    [photo] = s.photos
    assert photo.caption == (
        "Ships are moored in the harbour of Düsseldorf. The port plans a hydrogen terminal."
    )
    assert photo.credit == "Federico Lanz/dpa"
    wendt = ("Carola Wendt", "harbour director", False)
    assert quotes(s) == [
        ("We will,", *wendt),
        ("and we will do it without a cent more from the taxpayer.", *wendt),  # not partial
        (
            "Green hydrogen is only green if the power that makes it is green.",
            "Jonas Pfeiffer",
            "",
            False,
        ),
    ]


def test_pa_media():
    s = story("layout-pa-media-hospital.txt")
    assert s.published_at == datetime(2024, 6, 28, 10, 15, tzinfo=BST)
    assert s.bylines == [WireByline("Alice Brennan", AUTHOR, "", "PA Health Correspondent")]
    assert (s.dateline, s.source) == ("", "PA Media")  # named by the notice
    assert len(paragraphs(s)) == 7
    [photo] = s.photos
    assert (photo.caption, photo.credit) == (
        "A nurse walks along a hospital corridor",
        "Owen Leary/PA Wire",
    )
    minister = ("Ravi Chandra", "Health minister")  # "Mr" is not part of the name
    assert quotes(s) == [
        ("the corner is being turned", *minister, True),
        ("We will,", *minister, False),
        ("keep going until every patient is seen on time.", *minister, False),
        (
            "Nobody should mistake a small fall for a recovery. Staff are exhausted.",
            "Helen Marsh",
            "chair of the Wessex branch of the British Medical Association",
            False,
        ),
        ("no plan beyond the next press release", "Grace Okafor", "Shadow health secretary", True),
    ]
    assert (s.rights.notice, s.rights.holder, s.rights.year) == (
        "© PA Media 2024",
        "PA Media",
        2024,
    )


def test_upi_dateline_without_a_place():
    s = story("layout-upi-no-place.txt")
    assert s.published_at == datetime(2024, 6, 28, 15, 41)
    assert (s.dateline, s.source) == ("", "UPI")
    parts = paragraphs(s)
    assert len(parts) == 6
    assert parts[0].startswith("A Senate committee on Friday advanced a bill")
    assert "7.5% of insulin users" in parts[2]
    [photo] = s.photos
    assert photo.credit == "Tessa Varga/UPI"
    assert [q.speaker for q in s.quotes] == ["Alma Whitford"] * 2
    assert (s.rights.holder, s.rights.year) == ("United Press International, Inc.", 2024)


def test_kyodo_without_by_line_or_date():
    s = story("layout-kyodo-tokyo.txt")
    assert (s.bylines, s.published_at) == ([], None)
    assert (s.dateline, s.source) == ("TOKYO", "Kyodo")
    parts = paragraphs(s)
    assert len(parts) == 4
    assert parts[-1] == (
        "Local officials plan a campaign to promote Minamisaki seafood in Tokyo supermarkets "
        "this summer."
    )
    assert quotes(s)[0][1:] == ("Kenji Morikawa", "head of the local fisheries cooperative", False)


def test_ansa_agency_before_place():
    s = story("layout-ansa-rome.txt")
    assert (s.dateline, s.source) == ("ROME", "ANSA")
    assert paragraphs(s)[0].startswith("The Italian government on Friday approved")
    assert (s.rights.notice, s.rights.holder) == ("ALL RIGHTS RESERVED © Copyright ANSA", "ANSA")
    assert quotes(s)[0][1:3] == ("Francesca Orsolini", "Culture Minister")


def test_efe_and_pti_datelines():
    efe = story("layout-efe-madrid.txt")
    assert (efe.dateline, efe.source) == ("Madrid", "EFE")  # "Madrid, Jun 28 (EFE).- "
    assert paragraphs(efe)[0].startswith("Spain's parliament on Friday passed a law")
    pti = story("layout-pti-no-dash.txt")
    assert (pti.dateline, pti.source) == ("Kalyanpur", "PTI")  # no dash after "(PTI)"
    assert paragraphs(pti)[0].startswith("Heavy monsoon rains have delayed")
    assert quotes(pti)[0][1:3] == ("S. K. Raghavan", "Managing Director")


def test_bloomberg_syndicated_page():
    s = story("layout-bloomberg-syndicated.txt")
    assert authors(s) == ["Ines Pardo"]  # a name without "By", over the date
    assert s.published_at == datetime(2024, 6, 28, 9, 42, tzinfo=BST)
    assert (s.dateline, s.source) == ("", "Bloomberg")
    parts = paragraphs(s)
    assert len(parts) == 4
    assert "Floating Homes" not in s.body and "Copper Belt" not in s.body
    assert credits(s) == [
        WireByline("Jack Farrow", CONTRIBUTOR),
        WireByline("Mei Tanaka", CONTRIBUTOR),
    ]
    assert (s.rights.notice, s.rights.holder) == ("©2024 Bloomberg L.P.", "Bloomberg L.P.")
    assert quotes(s)[0][1:3] == ("Tomás Riquelme", "analyst at Altura Commodities in Santiago")


def test_yonhap_sign_off_and_contact():
    s = story("layout-yonhap-seoul.txt")
    assert authors(s) == ["Kim Soo-min"]
    assert (s.dateline, s.source) == ("SEOUL", "Yonhap")
    assert len(paragraphs(s)) == 4
    assert s.quotes == []  # "a city official said"


def test_xinhua_field_line():
    s = story("layout-xinhua-fields.txt")
    assert s.published_at == datetime(2024, 6, 28, 18, 40, 12)
    assert (s.dateline, s.source) == ("HAIKOU", "Xinhua")
    assert s.bylines == []  # "Editor: huaxia" is a desk, not a person
    assert len(paragraphs(s)) == 3
    assert s.warnings == []


# -- e-mail and plain copy ------------------------------------------------------------


def test_email_copy_with_blank_lines_between_wrapped_paragraphs():
    s = story("layout-email-blank-wrapped.txt")
    assert s.headline == "Harbour board picks contractor for St. Brannock pier repairs"
    assert s.bylines == []
    assert (s.dateline, s.source) == ("ST. BRANNOCK, Cornwall", "")
    parts = paragraphs(s)
    assert len(parts) == 6
    # "St." and "Jan." at the end of a line do not end the paragraph
    assert parts[0] == (
        "The harbour board has chosen a Plymouth firm, Tregarne Marine, to repair the "
        "storm-damaged old pier at St. Brannock, with work due to start on the morning of "
        "Monday, Jan. 15, and to finish before the start of the summer season."
    )
    # blank lines part the paragraphs: a sentence ending a full line does not
    assert parts[1].endswith(
        "\u00a3400,000 less than the board had first budgeted. The rest will pay for new "
        "lighting on the harbour wall, he said."
    )
    chairman = ("Alan Pascoe", "board's chairman", False)
    assert quotes(s)[:2] == [
        (
            "We went through every bid line by line. Tregarne's was not the cheapest, but it "
            "was the one we believed,",
            *chairman,
        ),
        ("We have been let down before.", *chairman),
    ]
    # the speaker named in the sentence after the quote is not found: left to the editor
    assert (
        "Quote left out (no speaker found): “Every trip there costs us fuel, time and... "
        "well, patience.”" in s.warnings
    )


def test_copy_with_only_a_wrapped_headline_and_a_body():
    s = story("layout-no-header.txt")
    assert s.headline == (
        "City council in Harrowgate votes to turn its oldest car park into a public garden "
        "and playground"
    )
    assert (s.bylines, s.published_at, s.dateline, s.rights) == ([], None, "", None)
    parts = paragraphs(s)
    assert len(parts) == 5
    assert parts[0].startswith("The city council in Harrowgate voted on Thursday")
    assert s.quotes == [
        WireQuote(
            "People said the same when we closed the high street to cars, and footfall went up,",
            "Mira Patel",
            "councillor",
        )
    ]
    assert s.warnings == ["No date line found: set the publication time by hand."]


def test_web_date_with_utc():
    s = parse_text("Headline\nBy Jane Roe\n2024-06-28 10:15 UTC\nThe body.\n")
    assert s.published_at == datetime(2024, 6, 28, 10, 15, tzinfo=UTC)


# -- the fixes one by one ---------------------------------------------------------------


def body_of(copy: str) -> list[str]:
    return paragraphs(parse_text(copy))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Issued on: 28/06/2024 - 10:15", datetime(2024, 6, 28, 10, 15)),
        ("28.06.2024, 14:05", datetime(2024, 6, 28, 14, 5)),
        ("06/28/2024", datetime(2024, 6, 28)),  # only month first makes sense
        (
            "Jan. 8, 2024 4:12 PM ET",
            datetime(2024, 1, 8, 16, 12, tzinfo=timezone(-timedelta(hours=5))),
        ),
        ("Fri, Jun 28, 2024, 9:42 AM GMT+1", datetime(2024, 6, 28, 9, 42, tzinfo=BST)),
        ("2024-06-28 10:15 UTC", datetime(2024, 6, 28, 10, 15, tzinfo=UTC)),
        (
            "Published June 28, 2024 10:15 AM EDT - Last updated June 29, 2024 at 8:00 AM EDT",
            datetime(2024, 6, 28, 10, 15, tzinfo=EDT),
        ),
    ],
)
def test_more_date_layouts(line, expected):
    s = parse_text(f"Headline\n{line}\nThe body of the story.")
    assert s.published_at == expected
    assert s.body == "The body of the story."


def test_numeric_date_that_reads_both_ways_is_a_warning():
    s = parse_text("Headline\n03/06/2024\nThe body of the story.")
    assert s.published_at is None
    assert s.body == "The body of the story."
    assert any("day or month" in w for w in s.warnings)


@pytest.mark.parametrize(
    ("first", "headline", "warning"),
    [
        ("UPDATE 2-Grid delays link", "Grid delays link", None),
        ("RPT-Grid delays link", "Grid delays link", None),
        ("CORRECTED-UPDATE 1-Grid delays link", "Grid delays link", "corrected"),
        ("EXCLUSIVE-Grid delays link", "Exclusive: Grid delays link", None),
        ("(LEAD) Grid delays link", "Grid delays link", None),
        ("UPDATE: Grid delays link", "UPDATE: Grid delays link", None),  # a kicker, kept
    ],
)
def test_agency_slugs_before_the_headline(first, headline, warning):
    s = parse_text(f"{first}\nLONDON, June 28 (Reuters) - The grid.\n")
    assert s.headline == headline
    assert any(warning in w for w in s.warnings) if warning else True


def test_headline_wrapped_over_two_lines_is_joined():
    s = parse_text(
        "Grid operator delays the offshore wind link to the town of\nGreyhaven\n"
        "By Maren Holt\nLONDON (Reuters) - The grid.\n"
    )
    assert s.headline == "Grid operator delays the offshore wind link to the town of Greyhaven"
    assert s.body == "The grid."


def test_ap_slug_and_eds_note_are_left_out_with_warnings():
    s = parse_text(
        "BC-US--Heat Wave,450\nHeat wave strains grid\nEds: Updates with quote from governor.\n"
        "By JANE ROE\nOKLAHOMA CITY (AP) -- Utilities asked customers to save power.\n"
    )
    assert s.headline == "Heat wave strains grid"
    assert s.bylines == [WireByline("Jane Roe", AUTHOR)]
    assert s.body == "Utilities asked customers to save power."
    assert s.warnings[:2] == [
        "Line 1: the agency's slug “BC-US--Heat Wave,450” was left out.",
        "Editor's note from the agency: Eds: Updates with quote from governor.",
    ]


@pytest.mark.parametrize(
    "by_line",
    ["By Staff", "By Reuters Staff", "By The Associated Press", "By AFP", "From staff reports"],
)
def test_by_lines_naming_no_person(by_line):
    s = parse_text(f"Headline\n{by_line}\nLONDON (Reuters) - The grid.\n")
    assert s.bylines == []
    assert s.body == "The grid."
    assert any(by_line in w and "names no person" in w for w in s.warnings)


@pytest.mark.parametrize(
    ("lines", "names", "title"),
    [
        ("By Maren Holt | June 28, 2024 10:15 AM GMT", ["Maren Holt"], ""),
        ("By Maren Holt, Reuters, June 28, 2024", ["Maren Holt"], "Reuters"),
        ("By\nMaren Holt and Devi Anand\nJune 28, 2024", ["Maren Holt", "Devi Anand"], ""),
        ("Maren Holt\nJune 28, 2024", ["Maren Holt"], ""),  # no "By", over the date
        (
            "By Élodie MARCHAND with Jean DUPONT in Lyon\nJune 28, 2024",
            ["Élodie Marchand", "Jean Dupont"],
            "",
        ),
        ("By Élodie MARCHAND / AFP\nJune 28, 2024", ["Élodie Marchand"], "AFP"),
        ("Source: Xinhua | 2024-06-28 18:40:12 | Editor: huaxia", [], ""),
    ],
)
def test_by_and_date_lines_in_other_shapes(lines, names, title):
    s = parse_text(f"Grid delays wind link\n{lines}\nLONDON (Reuters) - The grid.\n")
    assert [b.name for b in s.bylines] == names
    assert all(b.title == title for b in s.bylines)
    assert s.published_at is not None and s.published_at.date() == datetime(2024, 6, 28).date()
    assert s.body == "The grid."


def test_section_labels_over_the_headline():
    s = parse_text(
        "World\nAmericas\nBrazil miner halts lithium project\nBy Lucas Ferreira\n"
        "SÃO PAULO (Reuters) - The miner halted work.\n"
    )
    assert s.headline == "Brazil miner halts lithium project"
    assert s.body == "The miner halted work."
    assert len([w for w in s.warnings if "section label" in w]) == 2
    # a short headline over its body is not a label
    assert parse_text("Markets close\nThe markets closed lower.\n").headline == "Markets close"
    s = parse_text("Markets close\nBy Jane Roe and John Doe\nJune 28, 2024\nThe markets closed.\n")
    assert s.headline == "Markets close"


def test_standfirst_between_headline_and_by_line():
    s = parse_text(
        "Harbor city approves floating solar farm\n"
        "Council votes 7-2 on the plan despite concerns raised\nby local fishing crews\n"
        "By Dana Whitlock\n[March 3, 2025]\nPORT ALDER (Northwind) - The council voted.\n"
    )
    assert s.standfirst == (
        "Council votes 7-2 on the plan despite concerns raised by local fishing crews"
    )
    assert s.bylines == [WireByline("Dana Whitlock", AUTHOR)]
    assert s.body == "The council voted."


def test_editors_note_after_the_by_line():
    s = parse_text(
        "Headline\nBy Maren Holt\n(Corrects spelling of name in paragraph 3)\n"
        "LONDON, June 28 (Reuters) - The grid.\n"
    )
    assert s.body == "The grid."
    assert "Editor's note from the agency: (Corrects spelling of name in paragraph 3)" in s.warnings


@pytest.mark.parametrize(
    ("text", "place", "source", "rest"),
    [
        ("LYON, France, June 28, 2024 (AFP) - Barge", "LYON, France", "AFP", "Barge"),
        ("Madrid, Jun 28 (EFE).- Spain's", "Madrid", "EFE", "Spain's"),
        ("(ANSA) - ROME, JUN 28 - The Italian", "ROME", "ANSA", "The Italian"),
        ("Kalyanpur, Jun 28 (PTI) Heavy rains", "Kalyanpur", "PTI", "Heavy rains"),
        ("June 28 (UPI) -- A Senate", "", "UPI", "A Senate"),
        ("(Bloomberg) -- Copper", "", "Bloomberg", "Copper"),
        ("DÜSSELDORF (dpa) - The", "DÜSSELDORF", "dpa", "The"),
        ("Berlin (dpa/lby) - The", "Berlin", "dpa/lby", "The"),
        ("MÜNCHEN — Die Stadt", "MÜNCHEN", "", "Die Stadt"),
        ("Moscow, 28 June (TASS) - The", "Moscow", "TASS", "The"),
        ("NEW DELHI: The government", "NEW DELHI", "", "The government"),
        ("WASHINGTON (AP) _ The Senate", "WASHINGTON", "AP", "The Senate"),  # old AP dash
        ("NEW YORK, June 28, 2024 /PRNewswire/ -- Acme", "NEW YORK", "PRNewswire", "Acme"),
        ("BOSTON--(BUSINESS WIRE)--Acme", "BOSTON", "BUSINESS WIRE", "Acme"),
    ],
)
def test_more_dateline_layouts(text, place, source, rest):
    assert split_dateline(text) == (place, source, rest)


@pytest.mark.parametrize(
    "text",
    [
        "(Adds quote) - The",
        "(see below) - The",
        "UPDATE: The plan",
        "Kalyanpur, Jun 28 (PTI) heavy",
    ],
)
def test_more_text_that_is_not_a_dateline(text):
    assert split_dateline(text) is None


def test_dateline_after_summary_bullets():
    s = parse_text(
        "Grid delays wind link\nBy Maren Holt\nSummary\n* Link delayed to 2029\n"
        "* Developers face losses\nLONDON, June 28 (Reuters) - Tidewater Grid will delay the\n"
        "link, sources said.\n"
    )
    assert (s.dateline, s.source) == ("LONDON", "Reuters")
    assert paragraphs(s) == [
        "Summary",
        "\\* Link delayed to 2029",
        "\\* Developers face losses",
        "Tidewater Grid will delay the link, sources said.",
    ]


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("A dry bed. STR / AFP", "A dry bed.", "STR / AFP"),
        (
            "A boat, June 12. Petras MALUKAS / AFP/File",
            "A boat, June 12.",
            "Petras MALUKAS / AFP/File",
        ),
        (
            "A nurse walks along a corridor (Owen Leary/PA Wire)",
            "A nurse walks along a corridor",
            "Owen Leary/PA Wire",
        ),
        ("Ships are moored. Photo: Federico Lanz/dpa", "Ships are moored.", "Federico Lanz/dpa"),
        (
            "A hearing on Friday. Photo by Tessa Varga/UPI",
            "A hearing on Friday.",
            "Tessa Varga/UPI",
        ),
    ],
)
def test_more_photo_credit_layouts(text, caption, credit):
    assert split_caption(text) == (caption, credit)


@pytest.mark.parametrize(
    "text", ["He flew to Paris (Air France/KLM)", "It went well. EU/US", "Prices rose (CPI/PPI)"]
)
def test_more_prose_that_is_not_a_caption(text):
    assert split_caption(text) is None


@pytest.mark.parametrize(
    ("notice", "holder", "year"),
    [
        ("©2024 Bloomberg L.P.", "Bloomberg L.P.", 2024),
        ("ALL RIGHTS RESERVED © Copyright ANSA", "ANSA", None),
        ("© Copyright 2024 Kestrel News S.A. All rights reserved.", "Kestrel News S.A.", 2024),
    ],
)
def test_rights_holders_as_printed(notice, holder, year):
    s = parse_text(f"Headline\nThe body.\n{notice}\n")
    assert (s.rights.notice, s.rights.holder, s.rights.year) == (notice, holder, year)


def test_reuters_wire_copyright_line_is_a_notice():
    line = "(c) Copyright Thomson Reuters 2024. Click For Restrictions - https://example.com/c.html"
    s = parse_text(f"Headline\nLONDON (Reuters) - The grid.\n{line}\n")
    assert s.rights.notice == line
    assert s.body == "The grid."


@pytest.mark.parametrize(
    "line",
    [
        "Share",
        "Copy Link",
        "Link copied",
        "Facebook",
        "X",
        "LinkedIn",
        "Print",
        "1 of 4",
        "Updated 2 hours ago",
        "5 mins ago",
        "2 min",
        "Read more: Copper belt braces for drought",
        "Get a look at the day ahead with the Morning Bid newsletter. Sign up here.",
        "Acquire Licensing Rights, opens new tab",
        "==Kyodo",
        "(END)",
        "(MORE)",
        "-0-",
        "# # #",
        "kimsm@yna.co.kr",
        "((maren.holt@example.com; +44 20 5555 0100))",
        "Follow Marisa Okonjo on X: https://x.com/mokonjo",
        "To contact the reporter on this story:",
        "Jane Roe in London at jroe@example.net",
        "bur-em/jd/ach",
    ],
)
def test_page_furniture_and_sign_offs(line):
    s = parse_text(f"Headline\nLONDON (Reuters) - The grid was cut.\n{line}\nIt came back.\n")
    assert paragraphs(s) == ["The grid was cut.", "It came back."]


def test_lists_of_links_under_their_heading_are_furniture():
    copy = (
        "Copper hits high\n(Bloomberg) -- Copper climbed.\n\nMost Read from Bloomberg\n"
        "Harbor Town Bets on Floating Homes\nThe Quiet Return of the Four-Day Week\n\n"
        "Futures rose 2.1%.\n\nSuggested Topics:\nEnergy\nSustainable Business\n"
    )
    assert body_of(copy) == ["Copper climbed.", "Futures rose 2.1%."]


def test_agency_name_alone_is_a_sign_off():
    s = parse_text("Headline\nQuillan Bay - Water is rationed.\nThey said so.\nAFP\n© 2024 AFP\n")
    assert (paragraphs(s), s.source) == (
        ["Quillan Bay - Water is rationed.", "They said so."],
        "AFP",
    )


def test_contributors_with_assistance_and_credits_broken_over_lines():
    s = parse_text(
        "Headline\nLONDON (Reuters) - The city voted on Monday to build a floating\n"
        "solar farm on the basin.\n(Reporting by Maren Holt\nEditing by Kate Rowe)\n"
        "--With assistance from Jack Farrow and Mei Tanaka.\n"
    )
    assert s.body == "The city voted on Monday to build a floating solar farm on the basin."
    assert s.bylines == [
        WireByline("Maren Holt", REPORTING),
        WireByline("Kate Rowe", EDITING),
        WireByline("Jack Farrow", CONTRIBUTOR),
        WireByline("Mei Tanaka", CONTRIBUTOR),
    ]


def test_word_broken_at_its_hyphen_is_joined_whole():
    assert body_of(
        "Headline\nLONDON (Reuters) - The storm-\ndamaged pier will be rebuilt by a\n"
        "Plymouth firm -- the board said -- next year.\n"
    ) == [
        "The storm-damaged pier will be rebuilt by a Plymouth firm -- the board said -- next year."
    ]


def test_short_line_without_full_stop_is_its_own_paragraph():
    copy = (
        "Headline\nLONDON (Reuters) - The council voted on Monday to build a floating solar\n"
        "farm on the disused north basin of the harbour, officials said.\nWhat happens next\n"
        "The council will publish a study of water quality in the spring of\nnext year.\n"
    )
    assert body_of(copy)[1] == "What happens next"


def test_wide_wrapped_lines_are_still_joined():
    words = "word " * 200
    lines = [words[i : i + 110].strip() for i in range(0, 990, 110)]
    s = parse_text("Headline\n" + "\n".join(lines) + ".\n")
    assert len(paragraphs(s)) == 1


@pytest.mark.parametrize(
    ("copy", "fixed", "note"),
    [
        ("Brazilâ€™s miner said â€œno.â€\x9d", "Brazil’s miner said “no.”", "garbled"),
        ("Tom &amp; Jerry&nbsp;said &#8220;hi&#8221;", "Tom & Jerry\u00a0said “hi”", "HTML"),
        ("Whit\u00adcomb said so\u200b.", "Whitcomb said so.", None),
        ("SÃO PAULO and R&D at AT&T.", "SÃO PAULO and R&D at AT&T.", None),
    ],
)
def test_copy_damaged_on_the_way_is_repaired(copy, fixed, note):
    s = parse_text(f"Headline\n{copy}\n")
    assert s.body == fixed
    assert any(note in w for w in s.warnings) if note else s.warnings[-1].startswith("No date")


# -- quotes ------------------------------------------------------------------------------


def test_quote_speaker_in_the_middle_after_a_named_person():
    s = parse_text(
        "Harbor vote\nMayor Ines Carvalho spoke after the vote.\n“We will,” she said, “build it.”\n"
    )
    assert quotes(s) == [
        ("We will,", "Ines Carvalho", "Mayor", False),
        ("build it.", "Ines Carvalho", "Mayor", False),  # the rest of a full quote
    ]


def test_question_quote_with_speaker_after():
    s = parse_text("Strike\n“Is this fair?” asked Ana Costa, a teacher. “I don’t think so.”\n")
    assert quotes(s) == [
        ("Is this fair?", "Ana Costa", "teacher", False),
        ("I don’t think so.", "Ana Costa", "teacher", False),
    ]


def test_pronoun_with_two_people_named_is_left_to_the_editor():
    s = parse_text(
        "Headline\nRui Matos met Mayor Ines Carvalho on Monday.\n“It went well,” he said.\n"
    )
    assert s.quotes == []
    assert (
        "Quote left out (“he” or “she” could be Ines Carvalho or Rui Matos): “It went well,”"
        in s.warnings
    )


def test_descriptor_with_the_name_in_the_appositive():
    s = parse_text(
        "Headline\nThe board's chairman, Rev. Alan Pascoe, said the bids were fair.\n"
        "“We went through every bid,” Pascoe said.\n"
    )
    assert quotes(s) == [("We went through every bid,", "Alan Pascoe", "board's chairman", False)]


def test_honorifics_are_not_part_of_the_name():
    s = parse_text(
        "Headline\nHealth minister Mr Ravi Chandra spoke.\n“We will,” Mr Chandra said.\n"
    )
    assert quotes(s) == [("We will,", "Ravi Chandra", "Health minister", False)]


def test_speaker_of_an_organisation_with_a_description():
    s = parse_text(
        "Headline\nJonas Pfeiffer of the campaign group Rheinblick said: “Green is green.”\n"
    )
    assert quotes(s) == [("Green is green.", "Jonas Pfeiffer", "", False)]


def test_speaker_named_only_in_the_next_sentence_is_a_warning():
    s = parse_text("Headline\n“We lost the house.” That is how Ana Lima, 44, put it.\n")
    assert s.quotes == []
    assert "Quote left out (no speaker found): “We lost the house.”" in s.warnings
    assert "“We lost the house.”" in s.body


# -- paragraphs marked by blank lines or indentation are read back (hypothesis) ----------

VOCABULARY = sorted(
    words(
        "harbor council basin voted panels fishing crews water shade silt boats city engineers "
        "array project winter spring review court channel floats solar energy power homes"
    )
)


@st.composite
def marked_copy(draw):
    """Wrapped copy of several sentences a paragraph, its paragraphs marked one way."""

    def sentence() -> str:
        words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=3, max_size=14))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    paragraphs = [
        " ".join(draw(st.lists(st.builds(sentence), min_size=1, max_size=4)))
        for _ in range(draw(st.integers(4, 8)))
    ]
    width = draw(st.integers(55, 78))
    mark = draw(st.sampled_from(["blank", "tab", "spaces"]))
    indent = {"blank": "", "tab": "\t", "spaces": "   "}[mark]
    chunks = [
        "\n".join(textwrap.wrap(p, width=width, initial_indent=indent, break_on_hyphens=False))
        for p in paragraphs
    ]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    body = ("\n\n" if mark == "blank" else "\n").join(chunks)
    return f"Harbor council votes\nBy Dana Whitlock\n[March 3, 2025]\n{body}".replace(
        "\n", newline
    ), paragraphs


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marked_copy())
def test_paragraphs_marked_by_blank_lines_or_indents_are_read_back(case):
    copy, expected = case
    assume(max(len(p) for p in expected) <= 600)  # a blank-marked chunk of at most 10 lines
    assert paragraphs(parse_text(copy)) == expected


@pytest.mark.parametrize(
    ("line", "source"),
    [("Agence France-Presse in Paris", "Agence France-Presse"), ("Reuters in London", "Reuters")],
)
def test_agency_credited_instead_of_a_person(line, source):
    s = parse_text(f"Floods hit southern France\n{line}\nFloods hit the south on Friday.\n")
    assert (s.bylines, s.source, s.standfirst) == ([], source, "")
    assert s.body == "Floods hit the south on Friday."
    assert any("names no person" in w for w in s.warnings)


def test_by_line_in_capitals_with_the_agency_below():
    s = parse_text(
        "Headline\nBY JANE ROE AND JOHN DOE\nASSOCIATED PRESS\nWASHINGTON (AP) — The bill passed.\n"
    )
    assert s.bylines == [
        WireByline("Jane Roe", AUTHOR, "", "ASSOCIATED PRESS"),
        WireByline("John Doe", AUTHOR, "", "ASSOCIATED PRESS"),
    ]


def test_page_after_the_story_end_is_furniture():
    s = parse_text(
        "Grid delays link\nBy Maren Holt\nLONDON (Reuters) - The grid was cut on a day when "
        "demand for power was high across the country.\n\nReporting by Maren Holt; Editing by "
        "Kate Rowe\n\nOur Standards: The Thomson Reuters Trust Principles., opens new tab\n\n"
        "Maren Holt\nThomson Reuters\n\nMaren covers energy markets from London.\n"
    )
    assert paragraphs(s) == [
        "The grid was cut on a day when demand for power was high across the country."
    ]
    assert [b.role for b in s.bylines] == [AUTHOR, REPORTING, EDITING]


def test_related_coverage_list_is_furniture():
    s = parse_text(
        "Wildfire forces evacuation\nBy MARISA OKONJO\nPINEHOLLOW, Colo. (AP) — Thousands fled.\n\n"
        "RELATED COVERAGE\n→ Crews battle second fire near Denver\n→ What to know about smoke\n\n"
        "Whitcomb said two firefighters were hurt.\n"
    )
    assert paragraphs(s) == ["Thousands fled.", "Whitcomb said two firefighters were hurt."]


def test_news_service_notice_over_the_story():
    s = parse_text(
        "Senate passes budget\nBy Jane Roe\nc.2024 The New York Times Company\n"
        "WASHINGTON — The Senate passed the budget.\n"
    )
    assert (s.body, s.dateline) == ("The Senate passed the budget.", "WASHINGTON")
    assert (s.rights.notice, s.rights.holder, s.rights.year) == (
        "c.2024 The New York Times Company",
        "The New York Times Company",
        2024,
    )


@pytest.mark.parametrize(
    ("line", "names", "title"),
    [
        ("By JANE ROE AND JOHN DOE ASSOCIATED PRESS", ["Jane Roe", "John Doe"], "ASSOCIATED PRESS"),
        ("By Jane Roe Reuters", ["Jane Roe"], "Reuters"),
    ],
)
def test_by_line_ending_in_the_agency_name(line, names, title):
    bylines = parse_byline(line)
    assert [b.name for b in bylines] == names
    assert {b.title for b in bylines} == {title}
