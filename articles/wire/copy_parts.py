"""The recognisable pieces of agency copy, shared by the text, ninjs and NITF parsers.

People's names (``By`` lines, closing credits, AP contributor lines), photo
credits at the end of a caption, the dateline at the start of the first
paragraph and the rights notice. Each recogniser returns None (or an empty
list) for text that is not its part, so callers can simply try them in turn.
"""

from __future__ import annotations

import re

from ..conventions.agencies import AGENCIES, names_pattern
from .captions import is_credit_only as is_credit_only  # re-exported: parts of the copy
from .captions import split_caption as split_caption
from .datelines import split_dateline as split_dateline  # re-exported: parts of the copy
from .markup import PARAGRAPH, PARTICLES, Block, words
from .notices import is_notice_part as is_notice_part
from .notices import is_notice_start as is_notice_start
from .notices import make_rights as make_rights
from .wire_story import (
    ADDITIONAL_REPORTING,
    AUTHOR,
    CONTRIBUTOR,
    EDITING,
    PHOTOGRAPHY,
    REPORTING,
    WRITING,
    WireByline,
    WireStory,
)

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


_PEOPLE_SEPARATORS = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+")  # "A, B, and C" too


def split_people(text: str) -> list[tuple[str, str]] | None:
    """Names and places from "A in Lisbon, B and C in Paris"; None if any is not a name.

    A name without a place takes the place of the next name that has one
    ("A and B in Paris": both in Paris).
    """
    items = [i for i in _PEOPLE_SEPARATORS.split(text.strip(" .;,")) if i]
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

# "By" in the languages agencies file in: German "Von", Spanish/Portuguese "Por", French
# "Par", Swedish/Norwegian "Av", Danish "Af". The names must follow, capitalised.
_BY = re.compile(r"^(?:by|von|por|par|av|af):?\s+(?=[^\W\d_])", re.IGNORECASE)
# "JANE ROE AND JOHN DOE ASSOCIATED PRESS": an agency (of three letters or more) ends the line
_BY_AGENCY = re.compile(
    r"\s+("
    + "|".join(
        re.escape(n).replace(r"\ ", r"\s+")
        for n in sorted(
            {n for a in AGENCIES for n in a.names if len(n) >= 3}, key=len, reverse=True
        )
    )
    + ")$",
    re.IGNORECASE,
)


_BYLINE_SEPARATORS = re.compile(r"\s*,\s*|\s+(?:and|&|with)\s+", re.IGNORECASE)
_SLASHED_AGENCY = re.compile(rf"(?<=[^\W\d_])\s*/\s*(?=(?:{names_pattern()})$)")
_AND = {"von": "und", "por": "y|e", "par": "et", "av": "och|og", "af": "og"}


def parse_byline(line: str) -> list[WireByline]:
    """Authors from a By line: "By Jane Roe and John Doe", "By JANE ROE Associated Press"."""
    match = _BY.match(line.strip())
    if not match or len(line) > 200:
        return []
    text = re.sub(r"\s*\|\s*|\s+/\s+", ", ", line.strip()[match.end() :]).strip(" ,;")
    # "Von A und B", "Por A y B": the word for "and" in the By line's own language
    text = _SLASHED_AGENCY.sub(", ", text)  # "Erik Holm/TT": the agency after a slash
    joiner = _AND.get(match[0].strip(" :").lower(), "")
    if joiner:
        text = re.sub(rf"\s+(?:{joiner})\s+(?=[^\W\d_])", " and ", text)
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
    agency = None if title else _BY_AGENCY.search(text)  # "JANE ROE AND JOHN DOE ASSOCIATED PRESS"
    if agency:
        text, title = text[: agency.start()], agency[1]
    people: list[tuple[str, str]] = []
    start = 0
    for separator in [*_BYLINE_SEPARATORS.finditer(text), None]:
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
    # a role starts the text, follows ";" or ",", or starts a new line: "A Editing by B"
    r"(?:^|(?<=[;,.(])|(?<=\s)(?=(?-i:[A-Z])))\s*(?:and\s+)?(?P<role>"
    + "|".join(p for p, _ in _ROLES)
    + r")\s+by\s+",
    re.IGNORECASE,
)

_ROLE_PATTERNS = [(re.compile(pattern, re.IGNORECASE), role) for pattern, role in _ROLES]
CREDITS_START = re.compile(r"\(?(?:" + "|".join(p for p, _ in _ROLES) + r")\s+by\s", re.IGNORECASE)


def _role(words: str) -> str:
    return next(role for pattern, role in _ROLE_PATTERNS if pattern.fullmatch(words))


def parse_closing_credits(text: str) -> list[WireByline] | None:
    """Bylines from "(Reporting by A in Lisbon; Additional reporting by B; Editing by C)"."""
    text = one_line(text)
    if text.startswith("("):
        text = text[1:].removesuffix(")")
    if len(text) > 600 or not _ROLE.match(text):  # the credits start the text
        return None
    matches = list(_ROLE.finditer(text))
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


_ASSISTANCE = re.compile(r"^[-–—\s]*with\s+assistance\s+from\s+(?P<names>.+?)\.?$", re.IGNORECASE)


def parse_contributors(text: str) -> list[WireByline] | None:
    """Bylines from "Associated Press writer Jane Roe in Lisbon contributed to this report."
    and Bloomberg's "--With assistance from Jane Roe and John Doe."."""
    text = one_line(text)
    assistance = _ASSISTANCE.match(text)
    if assistance:
        people = split_people(assistance["names"])
        return [WireByline(n, CONTRIBUTOR, place) for n, place in people] if people else None
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
