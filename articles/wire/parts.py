"""The recognisable pieces of agency copy, shared by the text, ninjs and NITF parsers.

People's names (``By`` lines, closing credits, AP contributor lines), photo
credits at the end of a caption, the dateline at the start of the first
paragraph and the rights notice. Each recogniser returns None (or an empty
list) for text that is not its part, so callers can simply try them in turn.
"""

from __future__ import annotations

import re

from ..rights import split_notice
from .dates import MONTHS
from .markup import PARAGRAPH, Block, words
from .story import (
    ADDITIONAL_REPORTING,
    AUTHOR,
    CONTRIBUTOR,
    EDITING,
    PHOTOGRAPHY,
    REPORTING,
    WRITING,
    WireByline,
    WireRights,
    WireStory,
)

PARTICLES = words("de da do dos das del della der den di du van von ter ten la le bin ibn al el y")
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII"})
# Words that make a capitalised phrase an organisation or a job, not a person.
ORG_WORDS = words(
    """press news newswire agency agence reuters afp ap bloomberg media staff writer
    writers reporter reporters correspondent correspondents editor editors bureau times
    post journal service services wire desk chief senior special contributor network
    radio television tv herald tribune gazette daily magazine newsroom council ministry
    department cooperative co-operative company group association party university
    police court office government bank fund authority commission committee union inc
    ltd corp corporation energy institute foundation board federation club trust city
    county state airport hospital school agency church army navy coalition alliance
    organisation organization"""
)


# Abbreviations whose full stop does not end a sentence: titles and months (capitalised,
# so that "6 ft." or "the answer was no." still end one) and a few in small letters.
_ABBREVIATIONS = words(
    """Mr Mrs Ms Messrs Dr Prof Gov Sen Rep Gen Lt Col Sgt Capt Cmdr Adm Rev St Mt Ft Hon
    Pres Supt Det Insp Cpl Pvt Maj Brig Fr Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    vs v e.g i.e cf"""
)


def one_line(text: str) -> str:
    return " ".join(text.split())


def is_abbreviation(word: str) -> bool:
    """Whether a full stop after ``word`` ("Mr", "Sept", an initial) does not end a sentence."""
    word = word.lstrip("([\"“‘'")
    if len(word) == 1 and word.isupper():
        return True
    return word in _ABBREVIATIONS or (word.isupper() and word.capitalize() in _ABBREVIATIONS)


def _cased_word(word: str, first: bool) -> str:
    """A word printed in capitals in ordinary case: ROE -> Roe, MCDONALD -> McDonald."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters) or word in _ROMAN:
        return word
    if not first and word.lower() in PARTICLES:
        return word.lower()

    def cap(piece: str) -> str:
        piece = piece.capitalize()
        return "Mc" + piece[2:].capitalize() if piece.startswith("Mc") and len(piece) > 2 else piece

    return "".join(cap(p) for p in re.split(r"([-'’])", word))


def tidy_name(name: str) -> str:
    """A person's name on one line, with names printed in capitals in ordinary case."""
    words = one_line(name).strip(" ,;:|").split()
    return " ".join(_cased_word(w, i == 0) for i, w in enumerate(words))


def is_person_name(name: str) -> bool:
    """Two to five capitalised words (particles allowed), no digits, no organisation words."""
    words = name.split()
    if not 2 <= len(words) <= 5 or not words[0][:1].isupper() or not words[-1][:1].isupper():
        return False
    for word in words:
        core = word.strip(".'’")
        if not core or not all(c.isalpha() or c in ".-'’" for c in core):
            return False
        if not (core[0].isupper() or core.lower() in PARTICLES):
            return False
        if core.lower() in ORG_WORDS:
            return False
    return True


def _is_place(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


def split_people(text: str) -> list[tuple[str, str]] | None:
    """Names and places from "A in Lisbon, B and C in Paris"; None if any is not a name.

    A name without a place takes the place of the next name that has one
    ("A and B in Paris": both in Paris).
    """
    separators = r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+"  # "A, B, and C" too
    items = [i for i in re.split(separators, text.strip(" .;,")) if i]
    people: list[list[str]] = []
    for item in items:
        name, _, place = item.partition(" in ")
        name, place = tidy_name(name), one_line(place).strip(" .)")
        if is_person_name(name) and (not place or _is_place(place)):
            people.append([name, place])
        elif people and people[-1][1] and _is_place(item):  # "in Portland, Oregon"
            people[-1][1] += ", " + item.strip(" .)")
        else:
            return None
    if not people:
        return None
    place = ""
    for person in reversed(people):
        place = person[1] = person[1] or place
    return [(name, place) for name, place in people]


# -- "By" lines ----------------------------------------------------------------

_BY = re.compile(r"^by:?\s+", re.IGNORECASE)


def parse_byline(line: str) -> list[WireByline]:
    """Authors from a By line: "By Jane Roe and John Doe", "By JANE ROE Associated Press"."""
    match = _BY.match(line.strip())
    if not match or len(line) > 200:
        return []
    text = line.strip()[match.end() :].replace("|", ",").strip(" ,;")
    title = ""
    words = text.split()
    capitals = 0  # AP prints the names in capitals, then the agency: "JANE ROE Associated Press"
    while capitals < len(words) and (
        words[capitals] in {"and", "&"} or words[capitals].upper() == words[capitals]
    ):
        capitals += 1
    long_words = sum(sum(c.isalpha() for c in w) >= 2 for w in words[:capitals])
    if long_words >= 2 and capitals < len(words):
        text, title = " ".join(words[:capitals]).strip(" ,"), " ".join(words[capitals:])
    people: list[tuple[str, str]] = []
    start = 0
    for separator in [*re.finditer(r"\s*,\s*|\s+(?:and|&)\s+", text), None]:
        end = separator.start() if separator else len(text)
        found = split_people(text[start:end])
        if found is None:
            if not people:
                return []
            title = one_line(text[start:] + (" " + title if title else "")).strip(" ,")
            break
        people += found
        start = separator.end() if separator else end
    return [WireByline(name, AUTHOR, place, title) for name, place in people]


# -- closing credits -----------------------------------------------------------

_ROLES = [
    (r"additional\s+reporting", ADDITIONAL_REPORTING),
    (r"reporting|reported", REPORTING),
    (r"writing|written|compiled|compiling", WRITING),
    (r"editing|edited", EDITING),
    (r"photography|photographs|photos|pictures", PHOTOGRAPHY),
    (
        r"contributing|contributions|research|graphics|fact[- ]checking|video|production",
        CONTRIBUTOR,
    ),
]
_ROLE = re.compile(
    r"(?:^|(?<=[;,.(]))\s*(?:and\s+)?(?P<role>" + "|".join(p for p, _ in _ROLES) + r")\s+by\s+",
    re.IGNORECASE,
)

CREDITS_START = re.compile(r"\(?(?:" + "|".join(p for p, _ in _ROLES) + r")\s+by\s", re.IGNORECASE)


def _role(words: str) -> str:
    return next(role for pattern, role in _ROLES if re.fullmatch(pattern, words, re.IGNORECASE))


def parse_closing_credits(text: str) -> list[WireByline] | None:
    """Bylines from "(Reporting by A in Lisbon; Additional reporting by B; Editing by C)"."""
    text = one_line(text)
    if text.startswith("("):
        text = text[1:].removesuffix(")")
    matches = list(_ROLE.finditer(text))
    if not matches or matches[0].start() != 0 or len(text) > 600:
        return None
    bylines = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        people = split_people(text[match.end() : following.start() if following else len(text)])
        if people is None:
            return None
        role = _role(one_line(match["role"]))
        bylines += [WireByline(name, role, place) for name, place in people]
    return bylines


_CONTRIBUTED = re.compile(
    r"^(?:(?P<org>(?:[A-Z][\w&'’.-]*\s+){1,4}?)?(?P<job>(?:(?:staff|video|senior|chief|special|"
    r"investigative|data|business)\s+)?(?:writer|reporter|correspondent|journalist|photographer|"
    r"researcher|editor|producer)s?)\s+)?(?P<names>[A-Z][^.]*?)\s+contributed"
    r"(?:\s+reporting)?(?:\s+to\s+(?:this|the)\s+(?:report|story))?"
    r"(?:\s+from\s+(?P<place>[A-Z][^.]*))?\.?$"
)


def parse_contributors(text: str) -> list[WireByline] | None:
    """Bylines from "Associated Press writer Jane Roe in Lisbon contributed to this report."."""
    text = one_line(text)
    if "contributed" not in text or len(text) > 600:
        return None
    bylines = []
    for sentence in re.split(r"(?<=[a-z]{2}\.)\s+(?=[A-Z])", text):
        match = _CONTRIBUTED.match(sentence)
        people = split_people(match["names"]) if match else None
        if people is None:
            return None
        title = ""
        if match["job"]:
            job = match["job"].removesuffix("s")
            title = one_line(f"{match['org'] or ''} {job}")
        place = one_line(match["place"] or "")
        bylines += [WireByline(name, CONTRIBUTOR, where or place, title) for name, where in people]
    return bylines


# -- photo credits -------------------------------------------------------------

_CAPS = r"[A-Z][A-Z0-9&'’.-]+(?:[ ][A-Z][A-Z0-9&'’.-]+){0,3}"
_WORDS = r"[A-Z][\w&'’.-]*(?:[ ](?:[A-Z][\w&'’.-]*|via|de|da|van|von|der|di|du|le|la|al|bin))*"
_CREDITS = [
    # AP: "(AP Photo/Jane Roe)", "(AP Photo/Jane Roe, File)"
    re.compile(r"(?:^|\s)\((?P<credit>[A-Z][\w&.' -]{0,30}Photo\s*/\s*[^()/]{2,80})\)$"),
    # AFP: "Jane Roe / AFP", "(Photo by Jane ROE / AFP)", "Jane Roe/AFP via Getty Images"
    re.compile(
        r"(?:^|\s)\(?(?:(?:Photo|Picture)s?\s+by\s+)?(?P<credit>[A-Z][\w'’.-]*(?:[ ][A-Z][\w'’.-]*)"
        rf"{{1,3}}\s*/\s*[A-Z]{{2,}}(?:[ ][A-Z]{{2,}})*(?:\s+via\s+{_WORDS})?)\)?$"
    ),
    # Agency first: "NORTHWIND/Lena Fischer/File Photo", "REUTERS/Jane Roe/Pool"
    re.compile(rf"(?:^|\s)(?P<credit>{_CAPS}(?:\s*/\s*{_WORDS},?){{1,4}})$"),
]


def split_caption(text: str) -> tuple[str, str] | None:
    """(caption, credit) for a paragraph that ends in a photo credit; None otherwise."""
    text = one_line(text)
    if len(text) > 1500:
        return None
    for pattern in _CREDITS:
        match = pattern.search(text)
        if not match:
            continue
        credit = match["credit"].strip().rstrip(",")
        if pattern is _CREDITS[2] and not any(c.islower() for c in credit):
            continue  # "US/EU" is not a credit: a name or "File Photo" has small letters
        caption = text[: match.start()].strip()
        if caption and not re.search(r"[.!?)\]\"”’]$", caption) and pattern is not _CREDITS[0]:
            continue  # the credit follows a finished caption sentence (or stands alone)
        # Galleries number their pictures: "[1/5]" or "Item 1 of 5".
        return re.sub(r"^(?:\[\d+/\d+\]|item\s+\d+\s+of\s+\d+)\s*", "", caption, flags=re.I), credit
    return None


def is_credit_only(text: str) -> bool:
    found = split_caption(text)
    return found is not None and not found[0]


# -- datelines -----------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][^()\n]{0,60}?)"
    rf"(?:,\s*(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s+\d{{1,2}})?"
    r"\s*\((?P<source>[^()\n\d]{1,40})\)\s*[-–—]{1,2}\s*",
    re.IGNORECASE,
)
_PLAIN_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]*){0,4}(?:,\s*[A-Z][A-Za-z.]+){0,2})"
    r"\s+[-–—]{1,2}\s+"
)


def _is_dateline_place(place: str) -> bool:
    words = place.replace(",", " ").split()
    return 0 < len(words) <= 7 and all(
        (w[:1].isupper() or w.lower() in PARTICLES) and all(c.isalpha() or c in ".'’-/" for c in w)
        for w in words
    )


def split_dateline(text: str) -> tuple[str, str, str] | None:
    """(place, source, rest) for "PORT ALDER (Northwind) - The city ..."; None without one."""
    head = text[:140]
    match = _DATELINE.match(head)
    if match and not _is_dateline_place(match["place"]):
        match = None
    if match is None:
        match = _PLAIN_DATELINE.match(head)
        if match is None or sum(c.isupper() for c in match["place"]) < 3:
            return None
    source = one_line(match.groupdict().get("source") or "")
    if source and (len(source.split()) > 4 or not source[:1].isalpha()):
        return None
    return one_line(match["place"]).rstrip(","), source, text[match.end() :]


# -- rights notices ------------------------------------------------------------

_NOTICE_START = re.compile(
    r"^[\[(]?\s*(?:©|\(c\)\s*(?:19|20)\d\d|copyright\s*(?:©|\(c\))?\s*(?:19|20)\d\d"
    r"|copyright\b[^.]{0,80}\ball rights reserved|all rights reserved"
    r"|(?:this|the)\s+material\s+may\s+not\s+be)",
    re.IGNORECASE,
)
_NOTICE_PART = re.compile(
    r"^[\[(]?\s*(?:©|\(c\)|copyright\b|all rights reserved|(?:this|the)\s+material\s+may\s+not"
    r"|no\s+part\s+of\s+this|[^.]{1,80}\bis\s+(?:solely\s+)?responsible\s+for\s+(?:this|the|its)"
    r"\s+content)",
    re.IGNORECASE,
)


def is_notice_start(text: str) -> bool:
    return bool(_NOTICE_START.match(text))


def is_notice_part(text: str) -> bool:
    """A paragraph that continues a notice: statement, restriction or responsibility line."""
    return bool(_NOTICE_PART.match(text))


def make_rights(notice: str, *, holder: str = "", year: int | None = None, usage_terms: str = ""):
    """A ``WireRights`` with the notice word for word and its parts derived from it."""
    parts = split_notice(notice)
    return WireRights(
        notice=notice,
        holder=holder or parts.holder,
        year=year or parts.year,
        statement=parts.statement,
        restriction=parts.restriction,
        responsibility=parts.responsibility,
        usage_terms=usage_terms,
    )


# -- the same parts in a feed's body -------------------------------------------


def take_body_parts(blocks: list[Block], story: WireStory) -> list[Block]:
    """Take the dateline, closing credits and a rights notice out of a feed's body blocks.

    Feeds carry most parts as data, but agencies often leave them in the body text too.
    """
    kept: list[Block] = []
    notice: list[str] = []
    in_notice = False
    for block in blocks:
        text = block.text
        in_notice = block.kind == PARAGRAPH and (
            is_notice_start(text) or (in_notice and is_notice_part(text))
        )
        if in_notice:
            notice.append(text)
            continue
        if block.kind != PARAGRAPH:
            kept.append(block)
            continue
        credits = parse_closing_credits(text) or parse_contributors(text)
        if credits:
            story.bylines += credits
            continue
        if not any(b.kind == PARAGRAPH for b in kept):
            dateline = split_dateline(text)
            if dateline:
                place, source, text = dateline
                story.dateline = story.dateline or place
                story.source = story.source or source
                if not text.strip():
                    continue
                block = Block(PARAGRAPH, text, block.line)
        kept.append(block)
    if notice and story.rights is None:
        story.rights = make_rights(" ".join(notice))
    return kept
