"""The top of plain-text copy: headline, date, By line and the agency's notes.

Agencies and partner pages put these in many orders and shapes; what they have
in common is that they come before the first body paragraph, each on its own
line (a long headline may wrap onto a second). Read here:

- the headline, without the agency's processing slug ("UPDATE 2-", "RPT-")
- date lines, also in "Source: Xinhua | 2024-06-28 18:40 | Editor: ..." fields
- By lines, with the agency on the next line, the date on the same line, or no
  "By" at all (a bare name over a date line, as syndication pages print it)
- By lines that name no person ("By Staff", "By The Associated Press"): dropped,
  with a warning
- editor's notes ("(Adds quote in paragraph 5)"): kept as a warning, never body
- web posting lines ("Posted: Tue 5 Mar 2024, 5:38pm"), which end a headline
- a By line with a writer's title at the end of the headline's line, split off
- section labels and breadcrumbs over the headline ("World", "Business | Markets")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from ..conventions import agencies
from . import copy_parts
from .dates import find_date, parse_date_line
from .lines import FURNITURE, Line
from .markup import words
from .wire_story import EDITING, WireByline, WireError

# Processing slugs say which transmission this is; the headline is what follows.
_PROCESSING = re.compile(
    r"^(?:(?:UPDATE|WRAPUP|REFILE|RPT|REPEAT|CORRECTED|CORRECTION|RECASTS?|UPDATED)(?:\s+\d+)?-)+"
    r"(?=\S)"
)
# Content slugs are printed as a kicker: "EXCLUSIVE-Grid ..." is "Exclusive: Grid ...".
_KICKER = re.compile(
    r"^(EXCLUSIVE|ANALYSIS|INSIGHT|FOCUS|FACTBOX|EXPLAINER|INTERVIEW|COLUMN|BREAKINGVIEWS"
    r"|BRIEF|PREVIEW|SPECIAL REPORT)-(?=\S)"
)
_NOTE = re.compile(
    r"^(?:eds?:\s|\((?:adds?|updates?|corrects?|recasts?|changes?|removes?|fixes|refiles?|repeats?|rewrites?"
    r"|moves?|inserts?|deletes?|restores?|clarifies|makes|writes\s+through|for\s+(?:a|an|the|more)"
    r"|this\s+(?:story|version))\b)",
    re.IGNORECASE,
)
# Yonhap's "(LEAD)", "(2nd LD)", "(URGENT)" before the headline.
_LEAD = re.compile(r"^\((?:LEAD|URGENT|\d+(?:st|nd|rd|th)\s+LD)\b[^)]*\)\s*(?=\S)")
# AP's budget slug over a story: "BC-US--Heat Wave,450", "AM-Storm-Florida,2nd Ld-Writethru"
_SLUG = re.compile(r"^(?:BC|AM|PM)-[A-Za-z]{2,}-[^.!?]*$")
_HANGING = words(
    "a an the of to in on at for and or but with from by as after over into than that its their"
)
_STAFF = words("staff reports report correspondent correspondents desk")
_FIELD = re.compile(r"^(?P<key>source|editor|editors|author|agency)\s*:\s*(?P<value>.+)$", re.I)


# A By line printed at the end of the headline's line, as some pages run them together:
# "Harbour cranes stand idle By Jane Roe, Associated Press Writer"
_HEADLINE_BYLINE = re.compile(
    r"^(?P<headline>\S.{10,}?[^\s,:;–—-])\s+(?P<by>By\s+[^\W\d_].{2,120})$"
)
# "Harbour Ledger Staff Writer", "Northwind Correspondent": a desk's name, then the job.
_WRITER = re.compile(
    r"^(?!(?:former|ex|retired|late|then)\b)(?:[A-Z][\w&.'’-]*\s+){1,4}(?:staff\s+)?"
    r"(?:writer|reporter|correspondent)s?$",
    re.IGNORECASE,
)


def _is_writer_title(title: str) -> bool:
    """ "Associated Press Writer", "AAP", "Harbour Ledger Correspondent": a By line's title
    that says it names the writers (so the By line is not part of the headline)."""
    return bool(title) and bool(agencies.writer_of(title) or _WRITER.search(title))


# Posting lines of web pages: "Posted: Tue 5 Mar 2024, 5:38pm", "Published on March 5, 2024
# by Harbour Ledger", "Last updated 2024/03/05 17:38 in World": a date with a few words.
_POSTING = re.compile(
    r"^(?:first\s+|last\s+)?(?:posted|published|updated|filed|modified)\b(?!.*[.!?][\"”’]?$)"
    r".{4,100}$",
    re.IGNORECASE,
)


def posting_date(text: str):
    """(True, date) for a web page's posting line ("Posted by Desk on 5 March 2024"); else
    (False, None). The date must be a full one: the year is never guessed."""
    if not _POSTING.match(text):
        return False, None
    value, span = find_date(text)
    return (True, value) if span is not None else (False, None)


def _headline(text: str, story: Header) -> str:
    slug = _PROCESSING.match(text)
    if slug and "CORRECT" in slug[0]:
        story.warnings.append(
            f"The agency marked this version as corrected (“{slug[0]}”): check what changed."
        )
    text = text[slug.end() :] if slug else text
    lead = _LEAD.match(text)
    text = text[lead.end() :] if lead else text
    kicker = _KICKER.match(text)
    if kicker:
        text = kicker[1].capitalize() + ": " + text[kicker.end() :]
    return text


def _is_header_line(line: Line | None) -> bool:
    """Whether ``line`` is a break or a header part, so the line before it ends the headline."""
    return line is None or not line.text or _is_header_line_text(line.text)


def _is_header_line_text(text: str) -> bool:
    return bool(
        parse_date_line(text)[0]
        or posting_date(text)[0]
        or copy_parts.parse_byline(text)
        or _NOTE.match(text)
        or copy_parts.split_dateline(text)
    )


def _continues_headline(headline: str, line: Line, after: Line | None) -> bool:
    """Whether ``line`` is the rest of a headline that wrapped ("... after court" / "ruling")."""
    text = line.text
    if not text or re.search(r"[.!]['\"”’]?$", text) or _is_header_line_text(text):
        return False
    if len(headline) + len(text) > 300 or line.indent:
        return False
    hanging = headline.endswith((",", ":", "-", "–", "—")) or (
        headline.split()[-1].lower() in _HANGING
    )
    return hanging or (text[:1].islower() and (len(text) < len(headline) or _is_header_line(after)))


# An agency credited instead of a person, as papers print wire copy: "Reuters in Paris".
_AGENCY_CREDIT = re.compile(
    rf"^(?:by\s+)?(?P<agency>{agencies.names_pattern()})"
    r"(?:\s+in\s+(?-i:[^\W\d_a-z][\w.'’-]*)(?:,?\s+(?-i:[^\W\d_a-z][\w.'’-]*)){0,3})?$",
    re.IGNORECASE,
)


def _agency_byline(text: str, bare: bool = True) -> bool:
    """A By line that names an agency or a desk, not a person: "By Staff", "By AFP", and
    (``bare``) one without "By": "Agence France-Presse in Paris"."""
    credit = _AGENCY_CREDIT.match(text)
    if credit and (bare or re.match(r"(?:by|from)\s", text, re.IGNORECASE)):
        return True
    match = re.match(r"^(?:by|from)\s+(?P<who>.+)$", text, re.IGNORECASE)
    if not match or copy_parts.parse_byline(text):
        return False
    words = match["who"].strip(" .").split()
    if not 0 < len(words) <= 6:
        return False
    small = {"the", "of", "and", "&", "our", "wire", "news", "from"}
    if not all(w[:1].isupper() or w.lower() in small | _STAFF for w in words):
        return False
    if len(words) == 1 and (words[0].isupper() and len(words[0]) >= 2):
        return True
    return any(w.lower().strip(".,") in copy_parts.ORG_WORDS | _STAFF for w in words)


def _byline_and_date(text: str):
    """("By Jane Roe", date text) for "By Jane Roe, June 28, 2024 10:15 AM"; None otherwise."""
    if not re.match(r"by\b", text, re.IGNORECASE):
        return None
    _, span = find_date(text)
    if span is None or span[0] < 4:
        return None
    head, tail = text[: span[0]], text[span[0] :]
    filler = (
        r"(?:\b(?:updated|published|posted|on|mon|tue|wed|thu|fri|sat|sun)\w*\.?|[\s,|·•–—-])+$"
    )
    head = re.sub(filler, "", head, flags=re.IGNORECASE)
    if copy_parts.parse_byline(head) and parse_date_line(tail)[0]:
        return head, tail
    return None


@dataclass
class Header:
    """What the top of the copy gives: ``read_header`` returns it, the caller applies it."""

    headline: str = ""
    published_at: datetime | None = None
    standfirst: str = ""
    source: str = ""
    bylines: list[WireByline] = dataclass_field(default_factory=list)
    warnings: list[str] = dataclass_field(default_factory=list)
    start: int = 0  # the index of the first body line


class HeaderReader:
    def __init__(self, lines: list[Line]):
        self.lines, self.story = lines, Header()  # filled in as the lines are read
        self.headline_at: int | None = None

    def next_text(self, i: int) -> Line | None:
        """The next line with text from index ``i`` on, furniture passed over."""
        for line in self.lines[i:]:
            if line.text:
                return line
        return None

    def date(self, text: str, no: int) -> bool:
        is_date, value = parse_date_line(text)
        if not is_date:
            is_date, value = posting_date(text)
        if not is_date:
            return False
        if self.story.published_at is None and value is not None:
            self.story.published_at = value
        elif value is None:
            self.story.warnings.append(
                f"Line {no}: “{text}” is not a real date, gives no year, or reads as two "
                "(day or month first?): set the publication time by hand."
            )
        return True

    def byline(self, text: str) -> bool:
        bylines = [] if self.story.bylines else copy_parts.parse_byline(text)
        if bylines:
            self.story.bylines = bylines
        return bool(bylines)

    def fields(self, text: str, no: int) -> bool:
        """A line of fields: "Source: Xinhua | 2024-06-28 18:40:12 | Editor: Li Wen"."""
        fields = [f.strip() for f in re.split(r"\s[|•·]\s|\|", text) if f.strip()]
        if len(fields) < 2 and not _FIELD.match(text):
            return False
        known = []
        for field in fields:
            match = _FIELD.match(field)
            if not (
                match
                or parse_date_line(field)[0]
                or copy_parts.parse_byline(field)
                or FURNITURE.match(field)
            ):
                return False
            known.append(match)
        for field, match in zip(fields, known, strict=True):
            if match is None:
                if not self.date(field, no):
                    self.byline(field)
            elif match["key"].lower() in {"source", "agency"}:
                self.story.source = self.story.source or match["value"].strip()
            elif match["key"].lower() == "author":
                self.byline("By " + match["value"])
            else:
                people = copy_parts.split_people(match["value"]) or []
                self.story.bylines += [WireByline(name, EDITING, where) for name, where in people]
        return True

    def note(self, i: int) -> int:
        """Skip an editor's note that may wrap; return the index after it."""
        text, j = self.lines[i].text, i + 1
        while text.count("(") > text.count(")") and j < len(self.lines) and j < i + 6:
            text += " " + self.lines[j].text
            j += 1
        self.story.warnings.append(f"Editor's note from the agency: {copy_parts.one_line(text)}")
        return j

    def read(self) -> int:
        lines, story = self.lines, self.story
        i, n, previous = 0, len(lines), ""
        while i < n:
            line = lines[i]
            i += 1
            if not line.text:
                continue
            text, kind = line.text, "other"
            following = self.next_text(i)
            if text.lower() in {"by", "by:"} and following is not None:
                text = f"By {following.text}"  # "By" over the name, as some pages print it
                i = lines.index(following) + 1
            if self.headline_at is not None and _NOTE.match(text):
                i = self.note(i - 1)
            elif self.date(text, line.no) or self.fields(text, line.no):
                kind = "date"
            elif not story.bylines and _byline_and_date(text):
                head, tail = _byline_and_date(text)
                self.byline(head)
                self.date(tail, line.no)
                kind = "byline"
            elif self.byline(text):
                kind = "byline"
            elif previous == "byline" and _is_agency_line(text, lines[i:]):
                for byline in story.bylines:
                    byline.title = byline.title or text
            elif _agency_byline(text, bare=self.headline_at is not None):
                agency = _AGENCY_CREDIT.match(text)
                story.source = story.source or (agency["agency"] if agency else "")
                story.warnings.append(
                    f"Line {line.no}: “{text}” names no person: no author byline was added."
                )
            elif self.headline_at is None and _SLUG.match(text):
                story.warnings.append(f"Line {line.no}: the agency's slug “{text}” was left out.")
            elif self.headline_at is None and self.label(text, i):
                story.warnings.append(
                    f"Line {line.no}: “{text}” above the headline was taken for a section label."
                )
            elif self.headline_at is None:
                self.set_headline(line, i)
                while i < n and _continues_headline(
                    story.headline, lines[i], self.next_text(i + 1)
                ):
                    story.headline += " " + lines[i].text
                    i += 1
                story.headline = _headline(story.headline, story)
            elif not story.bylines and self.bare_byline(text, i):
                kind = "byline"
            elif self.deck(text, i):
                kind = "deck"
            else:
                i -= 1
                break
            previous = kind
        if i < n and lines[i].text[:1].islower() and self.headline_at == i - 1:
            story.warnings.append(
                f"Line {lines[i].no} continues the first line: is “{story.headline}” a headline?"
            )
        return i

    def set_headline(self, line: Line, i: int) -> None:
        if copy_parts.split_dateline(line.text) and "(" in line.text[:80]:
            raise WireError("no headline: the copy starts with the story's dateline", line=line.no)
        self.story.headline, self.headline_at = line.text, i - 1
        signed = _HEADLINE_BYLINE.match(line.text)
        bylines = copy_parts.parse_byline(signed["by"]) if signed and not self.story.bylines else []
        if bylines and all(_is_writer_title(b.title) for b in bylines):
            self.story.headline, self.story.bylines = signed["headline"], bylines

    def label(self, text: str, i: int) -> bool:
        """A section or agency label over the headline ("World", "Reuters"): a word or two,
        then (after more labels) a headline with a By or date line under it."""

        def is_label(t: str) -> bool:
            crumbs = re.split(r"\s+[|›>»/]\s+", t)  # "Business | Markets", "News › World"
            return (
                len(crumbs) <= 4
                and all(0 < len(c.split()) <= 2 for c in crumbs)
                and not re.search(r"[.!?,;:\"”’]$", t)
            )

        if not is_label(text):
            return False
        texts = [line.text for line in self.lines[i : i + 12] if line.text][:6]
        k = next((k for k, t in enumerate(texts) if not is_label(t)), len(texts))
        headline = texts[k] if k + 1 < len(texts) else ""
        if (
            len(headline.split()) < 4
            or parse_date_line(headline)[0]
            or _is_header_line_text(headline)
            or _agency_byline(headline, bare=False)
        ):
            return False
        after = texts[k + 1 : k + 3]
        dateline = copy_parts.split_dateline(after[0]) if after else None
        if dateline and dateline[1]:  # the headline, then the story: "PORT ALDER (AP) — "
            return True
        return any(
            parse_date_line(t)[0] or copy_parts.parse_byline(t) or t.lower() in {"by", "by:"}
            for t in after
        )

    def deck(self, text: str, i: int) -> bool:
        """A standfirst between the headline and the By or date line below it."""
        if len(self.story.standfirst) + len(text) > 400 or copy_parts.split_dateline(text):
            return False
        following = [line.text for line in self.lines[i : i + 8] if line.text][:2]
        if not any(
            parse_date_line(t)[0] or copy_parts.parse_byline(t) or _agency_byline(t, bare=False)
            for t in following
        ):
            return False
        self.story.standfirst = (self.story.standfirst + " " + text).strip()
        return True

    def bare_byline(self, text: str, i: int) -> bool:
        """A name without "By" on the line before a date line, as syndication pages print it."""
        following = self.next_text(i)
        if following is None or not parse_date_line(following.text)[0]:
            return False
        bylines = copy_parts.parse_byline("By " + text)
        if not bylines or len(bylines) > 4:
            return False
        self.story.bylines = bylines
        return True


def _is_agency_line(text: str, rest: list[Line]) -> bool:
    """Whether ``text`` is an agency ("Associated Press") on the line after a By line."""
    words = text.split()
    if not 0 < len(words) <= 5 or not any(line.text for line in rest):
        return False
    if not all(w[:1].isupper() or w in {"of", "the", "and", "&"} for w in words):
        return False
    if any(w.lower().strip(".") in copy_parts.ORG_WORDS for w in words):
        return True
    # One word ("Northwind", "Summary"): an agency if printed in capitals or over a date
    following = next((line.text for line in rest if line.text), "")
    return len(words) == 1 and (text.isupper() or parse_date_line(following)[0])


def read_header(lines: list[Line]) -> Header:
    """Read headline, dates, By lines and notes, and where the body starts."""
    reader = HeaderReader(lines)
    start = reader.read()
    reader.story.start = start
    return reader.story
