"""The dateline that opens the first paragraph: place, agency, dash.

``RULES`` is the ordered list of named rules; each answers (place, source, where
the text starts), None to let the next rule try, or "not a dateline" to stop.
The shapes they read:

- ``LONDON, June 28 (Reuters) - ``, ``PORT ALDER (Northwind) - ``
- ``(ANSA) - ROME, JUN 28 - ``: the agency first
- ``New Delhi, Jun 28 (PTI) The ...``: no dash after a dated dateline
- ``(Bloomberg) -- ``, ``June 28 (UPI) -- ``: no place
- ``TOKYO, March 5 Kyodo - ``: an agency of the table, without brackets
- ``NEW YORK, June 28, 2024 /PRNewswire/ -- ``: press-release wires
- ``PORT ALDER — `` and ``NEW DELHI: ``: a place in capitals alone
"""

from __future__ import annotations

import re

from ..conventions import agencies
from .dates import MONTHS
from .markup import PARTICLES, one_line, words

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = (  # "June 28", "Jun. 28, 2024", "28 JUN"
    rf"(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{_MONTH_NAMES})\.?(?:\s+\d{{4}})?)"
)
_DASH = r"\s*\.?[-–—_]{1,2}\s*"  # "-", "--", "—", EFE's ".-" and old AP's "_"
_SOURCE = r"\((?P<source>[^()\n\d]{1,40})\)"
# "PORT ALDER (Northwind) - ", "LONDON, June 28 (Reuters) - ", "LYON, June 28, 2024 (AFP) - "
_DATELINE = re.compile(
    rf"^(?P<place>[^\W\d_][^()\n]{{0,60}}?)(?:,\s*{_DAY})?\s*{_SOURCE}{_DASH}", re.IGNORECASE
)
# No place: "(Bloomberg) -- ", "June 28 (UPI) -- "
_SOURCE_DATELINE = re.compile(rf"^(?:{_DAY}\s*)?{_SOURCE}{_DASH}", re.IGNORECASE)
# Press-release wires: "NEW YORK, June 28, 2024 /PRNewswire/ -- ", "BOSTON--(BUSINESS WIRE)--"
_RELEASE = re.compile(
    rf"^(?P<place>[^\W\d_][^()/\n]{{0,60}}?)(?:,\s*{_DAY})?"
    r"(?:\s*/(?P<slashed>[^/\n]{2,40})/|\s*--\((?P<wire>[^()\n]{2,40})\))\s*[-–—]{1,2}\s*",
    re.IGNORECASE,
)
# The agency first (ANSA): "(ANSA) - ROME, JUN 28 - "
_SOURCE_FIRST = re.compile(
    rf"^{_SOURCE}{_DASH}(?P<place>[^\W\d_][^()\n,]{{0,40}}?(?:,\s*[^\W\d_][\w.]+)?)"
    rf"(?:,\s*{_DAY})?\s+[-–—]{{1,2}}\s*",
    re.IGNORECASE,
)
# No dash after a dated dateline (PTI, IANS): "New Delhi, Jun 28 (PTI) The ..."
_UNDASHED = re.compile(
    rf"^(?P<place>[^\W\d_][^()\n]{{0,60}}?),\s*{_DAY}\s*{_SOURCE}\s+(?=(?-i:[^\W\d_a-z])|[\"“‘'])",
    re.IGNORECASE,
)
# An agency of the table without brackets, after a dated place (Kyodo): "TOKYO, March 5 Kyodo - "
_BARE_AGENCY = re.compile(
    rf"^(?P<place>[^\W\d_][^()\n]{{0,60}}?),\s*{_DAY}\s+(?P<source>(?-i:{agencies.names_pattern()}))"
    rf"\s+[-–—]{{1,2}}\s*",
    re.IGNORECASE,
)
# A colon after an agency of the table (NTB): "OSLO (NTB): "
_COLON_SOURCE = re.compile(
    rf"^(?P<place>[^\W\d_][^()\n]{{0,60}}?)(?:,\s*{_DAY})?\s*\((?P<source>[^()\n\d]{{1,40}})\):\s+"
)
# An agency of the table and a dash, no place (as pages print it after a caption):
# "EFE – The strike ..."
_AGENCY_DASH = re.compile(rf"^(?P<source>{agencies.names_pattern()})\s+[-–—]{{1,2}}\s+(?=\S)")
_PLAIN_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][\w.'’-]+(?:\s+[^\W\d_][\w.'’-]*){0,4}(?:,\s*[^\W\d_][\w.]+){0,2})"
    r"\s+[-–—]{1,2}\s+"
)


# South Asian papers: "NEW DELHI: The government ..."; not "UPDATE: ..." or "WATCH: ..."
_COLON_DATELINE = re.compile(r"^(?P<place>[^\W\d_]{3,}(?:[ .'’-]+[^\W\d_]+){0,2}):\s+(?=[A-Z\"“])")
_NOT_PLACES = words(
    """UPDATE UPDATED NOTE WATCH BREAKING EXCLUSIVE READ ALSO LISTEN PHOTOS PHOTO VIDEO
    CORRECTION CLARIFICATION EDITOR'S EDITORS WARNING ALERT LIVE ANALYSIS OPINION"""
)


def _is_dateline_place(place: str) -> bool:
    words = place.replace(",", " ").split()
    return 0 < len(words) <= 7 and all(
        (w[:1].isupper() or w.lower() in PARTICLES) and all(c.isalpha() or c in ".'’-/" for c in w)
        for w in words
    )


def _is_agency(source: str) -> bool:
    """ "Reuters", "AP", "Thomson Reuters Foundation", "dpa", "dpa/lby"; not "(see above)"."""
    words = source.split()
    if not 0 < len(words) <= 4 or not source[:1].isalpha():
        return False
    return all(w[:1].isupper() or w in {"of", "de", "la", "and"} for w in words) or bool(
        re.fullmatch(r"[a-z]{2,5}(?:/[a-z]{2,5})?", source)
    )


_NOT_A_DATELINE = object()  # a rule's answer that ends the search: no later rule is tried


def _tidy(place: str) -> str:
    return one_line(place).rstrip(",-–— ")


def _bracketed(head: str):
    """ "LONDON, June 28 (Reuters) - ", "(ANSA) - ROME, JUN 28 - ", "New Delhi, Jun 28 (PTI) The",
    "(Bloomberg) -- "; "The city (Northwind) - said" is no dateline at all."""
    for pattern in (_DATELINE, _SOURCE_FIRST, _UNDASHED, _SOURCE_DATELINE):
        match = pattern.match(head)
        place = one_line(match.groupdict().get("place") or "") if match else ""
        if match and (not place or _is_dateline_place(place)):
            source = one_line(match["source"])
            if _is_agency(source) and (place or pattern is _SOURCE_DATELINE):
                return _tidy(place), source, match.end()
            if pattern is _DATELINE:
                return _NOT_A_DATELINE
    return None


def _colon_after_agency(head: str):
    """ "OSLO (NTB): ", for an agency of the table only."""
    match = _COLON_SOURCE.match(head)
    if match and _is_dateline_place(one_line(match["place"])) and agencies.find(match["source"]):
        return _tidy(match["place"]), match["source"], match.end()
    return None


def _agency_and_dash(head: str):
    """ "EFE – The strike ...": an agency of the table, a dash, no place."""
    match = _AGENCY_DASH.match(head)
    return ("", match["source"], match.end()) if match else None


def _agency_without_brackets(head: str):
    """ "TOKYO, March 5 Kyodo - ": a dated place, then an agency of the table."""
    match = _BARE_AGENCY.match(head)
    if match and _is_dateline_place(one_line(match["place"])):
        return _tidy(match["place"]), match["source"], match.end()
    return None


def _press_release(head: str):
    """ "NEW YORK, June 28, 2024 /PRNewswire/ -- ", "BOSTON--(BUSINESS WIRE)--"."""
    match = _RELEASE.match(head)
    if match and _is_dateline_place(one_line(match["place"])):
        return _tidy(match["place"]), one_line(match["slashed"] or match["wire"]), match.end()
    return None


def _place_alone(head: str):
    """ "PORT ALDER — ", "NEW DELHI: ": a place in capitals, no agency."""
    match = _PLAIN_DATELINE.match(head) or _COLON_DATELINE.match(head)
    if match is None or sum(c.isupper() for c in match["place"]) < 3:
        return None
    if match.re is _COLON_DATELINE and (
        not match["place"].isupper() or set(match["place"].split()) & _NOT_PLACES
    ):
        return None
    first = match["place"].split(",")[0]
    if not all(c.isupper() for c in first if c.isalpha()):
        return None
    return _tidy(match["place"]), "", match.end()


# Tried in order; the first that answers decides.
RULES = [
    ("agency in brackets", _bracketed),
    ("colon after the agency", _colon_after_agency),
    ("agency and dash", _agency_and_dash),
    ("agency without brackets", _agency_without_brackets),
    ("press-release wire", _press_release),
    ("place alone", _place_alone),
]


def split_dateline(text: str) -> tuple[str, str, str] | None:
    """(place, source, rest) for "PORT ALDER (Northwind) - The city ..."; None without one.

    The place is "" where the agency names none ("(Bloomberg) -- ", "June 28 (UPI) -- ").
    """
    head = text[:160]
    for _name, rule in RULES:
        found = rule(head)
        if found is _NOT_A_DATELINE:
            return None
        if found:
            place, source, end = found
            return place, source, text[end:]
    return None
