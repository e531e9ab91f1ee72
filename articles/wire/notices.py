"""The rights notice in the copy: where it starts, what continues it, what only looks like one.

Each rule is a named pattern with an example; a paragraph starts a notice when
one of ``STARTS`` matches it, and a following paragraph continues it when one
of ``PARTS`` does. ``© Provided by Harbour Ledger`` (what aggregators print
under a picture) is a credit, not a licence: it is dropped as furniture and
never becomes the story's notice. The parts of a notice (holder, year,
statement ...) come from ``articles.conventions.notice_parts.split_notice``, the one splitter.
"""

from __future__ import annotations

import re

from ..conventions import agencies
from ..conventions.notice_parts import split_notice
from .wire_story import WireRights

_YEAR = r"(?:19|20)\d\d"
_LEAD = r"^[\[(]?\s*"

STARTS: list[tuple[str, re.Pattern]] = [
    # "© 2025 Northwind Media.", "[© 2025 ...", "© KYODO"; not "© Provided by ..."
    ("copyright sign", re.compile(_LEAD + r"©(?!\s*provided\s+by\b)", re.I)),
    # "c.2024 The New York Times Company"
    ("c-dot year", re.compile(_LEAD + rf"c\.\s?{_YEAR}\s(?=[A-Z])")),
    # "(c) 2024 Harbour Ledger", "(c) Copyright Harbour Ledger"
    ("c in brackets", re.compile(_LEAD + rf"\(c\)\s*(?:{_YEAR}|copyright\b)", re.I)),
    # "Copyright 2024 The Associated Press", "Copyright © 2024 ..."
    ("copyright year", re.compile(_LEAD + rf"copyright\s*(?:©|\(c\))?\s*{_YEAR}", re.I)),
    # "Copyright Harbour Ledger. All rights reserved."
    ("copyright reserved", re.compile(_LEAD + r"copyright\b[^.]{0,80}\ball rights reserved", re.I)),
    # "All rights reserved.", "RIPRODUZIONE RISERVATA © Copyright ANSA", "Alle Rechte vorbehalten."
    (
        "reserved statement",
        re.compile(
            _LEAD + r"(?:all rights reserved|riproduzione riservata|tutti i diritti riservati"
            r"|todos los derechos reservados|alle rechte vorbehalten|tous droits réservés"
            r"|todos os direitos reservados|alle rettigheter reservert"
            r"|alla rättigheter förbehållna)",
            re.I,
        ),
    ),
    # "This material may not be published, broadcast, rewritten or redistributed."
    ("restriction", re.compile(_LEAD + r"(?:this|the)\s+material\s+may\s+not\s+be", re.I)),
]

PARTS: list[tuple[str, re.Pattern]] = [
    *STARTS,
    ("copyright word", re.compile(_LEAD + r"(?:\(c\)|copyright\b)", re.I)),
    ("no part of", re.compile(_LEAD + r"no\s+part\s+of\s+this", re.I)),
    # "Northwind Media is solely responsible for this content."
    (
        "responsibility",
        re.compile(
            _LEAD
            + r"[^.]{1,80}\bis\s+(?:solely\s+)?responsible\s+for\s+(?:this|the|its)\s+content",
            re.I,
        ),
    ),
]

# "© Provided by Harbour Ledger": an aggregator's picture credit.
PROVIDED_BY = re.compile(r"©\s*provided\s+by\s+\S.{0,60}$", re.IGNORECASE)
# A notice at the end of the last paragraph: "... a ride. © KYODO", "... © AFP 2024"
_NAME = r"(?-i:[A-Z][\w&.'’-]*)(?:\s+(?-i:[A-Z][\w&.'’-]*)){0,4}"
_TRAILING = re.compile(
    rf"(?<=[.!?\"”’)])\s*(?P<notice>©\s*(?:{_YEAR}\s+)?{_NAME}(?:\s+{_YEAR})?\.?)$", re.IGNORECASE
)


def _any_of(rules: list[tuple[str, re.Pattern]]) -> re.Pattern:
    """One pattern that matches where any of ``rules`` does (each keeps its own flags)."""
    branches = []
    for _, pattern in rules:
        body = pattern.pattern.removeprefix(_LEAD)
        if body == pattern.pattern:
            raise ValueError(f"a notice rule must start with {_LEAD!r}: {pattern.pattern}")
        branches.append(f"(?i:{body})" if pattern.flags & re.I else f"(?-i:{body})")
    return re.compile(_LEAD + "(?:" + "|".join(branches) + ")")


# Tried on every line and paragraph: the rules above as one pattern each.
_ANY_START = _any_of(STARTS)
_ANY_PART = _any_of(PARTS)


def is_notice_start(text: str) -> bool:
    return _ANY_START.match(text) is not None


def is_notice_part(text: str) -> bool:
    """A paragraph that continues a notice: statement, restriction or responsibility line."""
    return _ANY_PART.match(text) is not None


def is_credit_stub(text: str) -> bool:
    """ "© Provided by Harbour Ledger" on its own: a picture credit, not a notice."""
    return bool(PROVIDED_BY.fullmatch(text.strip()))


def split_trailing(text: str) -> tuple[str, str, str] | None:
    """(rest, kind, taken) where a paragraph ends in a notice or a credit stub; else None.

    ``kind`` is "notice" for a bare "© KYODO" after the last sentence and "credit"
    for "© Provided by X".
    """
    if "©" not in text:  # both shapes hold the sign
        return None
    provided = PROVIDED_BY.search(text)
    if provided and provided.start() > 0:
        return text[: provided.start()].rstrip(), "credit", provided[0]
    match = _TRAILING.search(text)
    if match and match.start() > 0 and text.count("©") == 1:
        return text[: match.start()].rstrip(), "notice", match["notice"]
    return None


# Sentences of usage terms or an editor's note that restrict use: "This material may not
# be redistributed.", "Not for publication in Norway.", "No archiving."
_RESTRICTIVE = re.compile(
    r"\b(?:may|must|shall|can)\s*not\s+be\b|\bnot\s+(?:to\s+be\s+)?(?:for\s+)?(?:re)?"
    r"(?:publi\w+|distribut\w+|broadcast\w*|sale|resale|archiv\w+|use)\b"
    r"|\bno\s+(?:re)?(?:distribution|publication|archiving|resale|sales)\b"
    r"|\b(?:only|solely)\s+for\s+(?:use|publication)\b|\bmay\s+only\s+be\b",
    re.IGNORECASE,
)


_LABEL = re.compile(r"^(?:eds?|editors?|note|ednote|attention)\s*:\s*", re.IGNORECASE)


def restriction_sentences(text: str) -> str:
    """The sentences of ``text`` that restrict use, word for word; "" if none do."""
    sentences = re.split(r"(?<=[.!?])\s+", " ".join((text or "").split()))
    # without the note's label: "Eds: Not for distribution ..." is "Not for distribution ..."
    sentences = [_LABEL.sub("", s) for s in sentences]
    return " ".join(s for s in sentences if _RESTRICTIVE.search(s))


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


def agency_of(rights: WireRights | None) -> str:
    """The source named by a notice's holder ("© KYODO" is Kyodo), or ""."""
    if rights is None:
        return ""
    agency = agencies.find(rights.holder) or agencies.named_in(rights.holder)
    return agency.name if agency else ""
