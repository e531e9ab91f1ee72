"""Rights notices as licensors write them, split into their parts.

The notice itself is kept word for word (it is what we promised to print);
the parts are derived so that feeds, JSON-LD and ninjs can carry them as data:

    [© 2025 Northwind Media. All rights reserved.]This material may not be
    published, broadcast, rewritten or redistributed.
    Northwind Media is solely responsible for this content.

    Copyright 2024 The Associated Press. All rights reserved. This material
    may not be published, broadcast, rewritten or redistributed without permission.

    RIPRODUZIONE RISERVATA © Copyright ANSA
    c.2024 The New York Times Company

``split_notice`` is the one splitter: the admin (saving a notice) and the
importer (reading one from copy) both call it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_YEAR = r"(?:19|20)\d\d"
_HOLDER = re.compile(
    rf"(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:copyright\s+)?(?P<year>{_YEAR})?"
    rf"(?:\s*[-–]\s*{_YEAR})?[\s,]*(?P<holder>[^.\]]+?)\s*(?:\.|\]|$)",
    re.IGNORECASE,
)
# "c.2024 The New York Times Company"
_PRINTED = re.compile(rf"^[\[(]?c\.\s?(?P<year>{_YEAR})\s+(?P<holder>[^.]+)")
# "All rights reserved." in the languages agencies write it.
_STATEMENT = re.compile(
    r"all rights reserved|riproduzione riservata|tutti i diritti riservati"
    r"|todos los derechos reservados|(?:alle )?rechte vorbehalten|tous droits réservés"
    r"|todos os direitos reservados|alle rettigheter reservert|alla rättigheter förbehållna"
    r"|alle rechten voorbehouden",
    re.IGNORECASE,
)
_RESTRICTION = re.compile(
    r"(?:this|the)\s+material\s+may\s+not\s+be\s+[^.]*\.?"
    r"|(?:no\s+part\s+of|not\s+for\s+(?:re)?distribution|may\s+not\s+be\s+(?:re)?published"
    r"|may\s+not\s+be\s+(?:re)?distributed|must\s+not\s+be\s+(?:re)?published)[^.]*\.?",
    re.IGNORECASE,
)
_RESPONSIBILITY = re.compile(
    r"[^.\]]*\bis\s+(?:solely\s+)?responsible\s+for\s+[^.]*\.?", re.IGNORECASE
)
_COMPANY = re.compile(r"\b(?:Inc|Ltd|Co|Corp|Plc|Pty|Bros|S\.A|N\.V|L\.P|L)$")


@dataclass(frozen=True)
class NoticeParts:
    holder: str = ""
    year: int | None = None
    statement: str = ""
    restriction: str = ""
    responsibility: str = ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _holder(text: str) -> tuple[str, int | None]:
    """The holder as printed ("Bloomberg L.P.", "ANSA", "The Associated Press") and the year."""
    printed = _PRINTED.match(text)
    if printed:
        return printed["holder"].strip(), int(printed["year"])
    match = _HOLDER.search(text)
    if not match:
        return "", None
    holder = match["holder"].strip(" ,;:[]")
    holder = re.sub(r"^(?:copyright|©|\(c\))\s*", "", holder, flags=re.IGNORECASE).strip()
    year = int(match["year"]) if match["year"] else None
    leading = re.match(rf"({_YEAR})\s+", holder)
    if leading:
        holder, year = holder[leading.end() :], year or int(leading[1])
    trailing = re.search(rf"\s+({_YEAR})$", holder)
    if trailing:  # "© AFP 2024"
        holder, year = holder[: trailing.start()].strip(" ,"), year or int(trailing[1])
    rest = text[match.end("holder") :]
    initials = re.match(r"\.(?:[A-Z]\.)+", rest)
    if initials and re.search(r"\b[A-Z]$", holder):
        holder += initials[0]  # "Bloomberg L" + ".P."
    elif _COMPANY.search(holder) and rest[:1] == ".":
        holder += "."  # "Northwind Media Inc.": the full stop belongs to the name
    statement = _STATEMENT.search(holder)
    if statement:  # "© ANSA Riproduzione riservata" without a full stop between
        holder = holder[: statement.start()].strip(" ,;:-–")
    return holder, year


@lru_cache(maxsize=512)  # an agency prints the same notice under every story
def split_notice(notice: str) -> NoticeParts:
    """Derive holder, year, statement, restriction and responsibility line from a notice."""
    text = _one_line(notice or "")
    holder, year = _holder(text)
    statement = _STATEMENT.search(text)
    restriction = _RESTRICTION.search(text)
    responsibility = _RESPONSIBILITY.search(text)
    said = ""
    if statement:  # the statement with its full stop, as printed
        said = text[statement.start() : statement.end() + (text[statement.end() :][:1] == ".")]
    return NoticeParts(
        holder=holder,
        year=year,
        statement=said.strip(),
        restriction=restriction.group(0).strip() if restriction else "",
        responsibility=responsibility.group(0).strip(" ]|") if responsibility else "",
    )
