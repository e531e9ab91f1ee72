"""Rights notices as licensors write them, split into their parts.

The notice itself is kept word for word (it is what we promised to print);
the parts are derived so that feeds, JSON-LD and ninjs can carry them as data:

    [© 2025 Northwind Media. All rights reserved.]This material may not be
    published, broadcast, rewritten or redistributed.
    Northwind Media is solely responsible for this content.

    Copyright 2024 The Associated Press. All rights reserved. This material
    may not be published, broadcast, rewritten or redistributed without permission.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HOLDER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?P<year>(?:19|20)\d\d)?"
    r"(?:\s*[-–]\s*(?:19|20)\d\d)?[\s,]*(?P<holder>[^.\]]+?)\s*(?:\.|\]|$)",
    re.IGNORECASE,
)
_STATEMENT = re.compile(r"all rights reserved\.?", re.IGNORECASE)
_RESTRICTION = re.compile(
    r"(?:this|the)\s+material\s+may\s+not\s+be\s+[^.]*\.?"
    r"|(?:no\s+part\s+of|not\s+for\s+(?:re)?distribution|may\s+not\s+be\s+(?:re)?published)[^.]*\.?",
    re.IGNORECASE,
)
_RESPONSIBILITY = re.compile(
    r"[^.\]]*\bis\s+(?:solely\s+)?responsible\s+for\s+[^.]*\.?", re.IGNORECASE
)


@dataclass(frozen=True)
class NoticeParts:
    holder: str = ""
    year: int | None = None
    statement: str = ""
    restriction: str = ""
    responsibility: str = ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def split_notice(notice: str) -> NoticeParts:
    """Derive holder, year, statement, restriction and responsibility line from a notice."""
    text = _one_line(notice or "")
    holder, year = "", None
    match = _HOLDER.search(text)
    if match:
        holder = match.group("holder").strip(" ,;:[]")
        company = re.search(r"\b(?:Inc|Ltd|Co|Corp|Plc|Pty|Bros|S\.A|N\.V|L\.P)$", holder)
        if company and text[match.end("holder") : match.end("holder") + 1] == ".":
            holder += "."  # "Northwind Media Inc.": the full stop belongs to the name
        year = int(match.group("year")) if match.group("year") else None
        trailing_year = re.search(r"\s+((?:19|20)\d\d)$", holder)
        if year is None and trailing_year:  # "© AFP 2024"
            year = int(trailing_year.group(1))
            holder = holder[: trailing_year.start()].strip(" ,")
    statement = _STATEMENT.search(text)
    restriction = _RESTRICTION.search(text)
    responsibility = _RESPONSIBILITY.search(text)
    return NoticeParts(
        holder=holder,
        year=year,
        statement=statement.group(0).strip() if statement else "",
        restriction=restriction.group(0).strip() if restriction else "",
        responsibility=responsibility.group(0).strip(" ]|") if responsibility else "",
    )
