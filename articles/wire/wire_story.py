"""The plain structure every wire parser returns: no database, no Django models.

Parsers (``text``, ``ninjs``, ``nitf``) turn agency copy into one ``WireStory``;
``store`` is the only step that writes it to the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# Byline roles, spelled as ``articles.models.Byline.Role`` values.
AUTHOR = "author"
REPORTING = "reporting"
ADDITIONAL_REPORTING = "additional_reporting"
WRITING = "writing"
EDITING = "editing"
PHOTOGRAPHY = "photography"
CONTRIBUTOR = "contributor"


class WireError(ValueError):
    """Agency copy that cannot be turned into a story; ``line`` is 1-based where known."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class WireByline:
    name: str
    role: str = AUTHOR
    location: str = ""  # "Lisbon" from "Omar Reyes in Lisbon"
    title: str = ""  # "Associated Press writer"


@dataclass
class WireQuote:
    text: str  # exactly as printed, without the quote marks
    speaker: str  # full name as first mentioned
    speaker_title: str = ""  # title as printed at the first mention
    partial: bool = False


@dataclass
class WirePhoto:
    caption: str
    credit: str = ""  # as printed: "NORTHWIND/Lena Fischer/File Photo"
    href: str = ""  # rendition reference (URL or file name) where the feed gives one
    alt_text: str = ""


@dataclass
class WireRights:
    notice: str  # word for word, as the licensor wrote it
    holder: str = ""
    year: int | None = None
    statement: str = ""  # "All rights reserved."
    restriction: str = ""  # "This material may not be published, ..."
    responsibility: str = ""  # "Northwind Media is solely responsible for this content."
    usage_terms: str = ""
    allows_full_text: bool = False


@dataclass
class WireStory:
    headline: str
    body: str  # Markdown subset: paragraphs split by blank lines, "## " subheads
    format: str = "text"  # text | ninjs | nitf
    standfirst: str = ""
    published_at: datetime | None = None  # aware where the copy gives a zone
    embargo_until: datetime | None = None
    dateline: str = ""  # place, upper case as printed: "PORT ALDER"
    source: str = ""  # agency as printed in the dateline: "Northwind"
    source_identifier: str = ""  # the agency's id; empty for plain text
    pubstatus: str = "usable"  # usable | withheld | canceled
    language: str = ""
    bylines: list[WireByline] = field(default_factory=list)
    quotes: list[WireQuote] = field(default_factory=list)
    photos: list[WirePhoto] = field(default_factory=list)
    rights: WireRights | None = None
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # things an editor should check
    # Page furniture and trailers left out of the story, as printed ("Line 12: Click to rate"),
    # so that the editor can check nothing of the story went with them.
    dropped: list[str] = field(default_factory=list)
