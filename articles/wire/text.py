"""Plain-text wire copy (see ../shared/docs/wire-format.md) to a ``WireStory``.

The layout is read, not the sample's lines: headline, date and ``By`` line at
the top; hard-wrapped body lines joined into paragraphs where a line ends a
sentence and the next starts one (a blank line always ends one); subheads,
photo captions, closing credits and the rights notice recognised by their
shape wherever they stand. Page furniture is dropped and never published.

``published_at``: a date without a time is a naive datetime at 00:00 (the
store reads naive times in the newsroom's zone); see ``dates``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from . import parts
from .dates import parse_date_line
from .markup import PARAGRAPH, SUBHEAD, Block, escape_block_start, escape_inline, render
from .quotes import find_quotes
from .story import WireError, WirePhoto, WireStory

_FURNITURE = re.compile(
    r"^(?:send\s+(?:a\s+)?link\s+to\s+a\s+friend|share\s+this(?:\s+(?:article|story|page))?"
    r"|share(?:\s+on\s+\w+)?|advertisement|advertising|sponsored(?:\s+content)?"
    r"|story\s+continues\s+(?:below|after)(?:\s+(?:this\s+)?advertisement)?|continue\s+reading"
    r"|read\s+more|print(?:\s+this\s+(?:article|story|page))?|e-?mail(?:\s+this\s+(?:article|story))?"
    r"|reprints?(?:\s+(?:&|and)\s+permissions)?|related\s+(?:coverage|stories|articles|content)"
    r"|skip\s+to\s+(?:main\s+)?content|our\s+standards:.*|click\s+here\b.*|\[to\s+top\s+of\b[^\]]*\]"
    r"|\[(?:photo|image|video|graphic|gallery)s?\b[^\]]*\]|\d+\s+min(?:ute)?s?\s+read"
    r"|listen\s+to\s+(?:this\s+)?(?:article|story).*|[|\s]*|[-_*=~#•·]{3,}"
    r"|purchase\s+licensing\s+rights.*|sign\s+up\s+here\.?|(?:advertisement\W*)?scroll\s+to\s+continue"
    r"|[a-z]{2,4}(?:[-/][a-z]{2,4})+)$",  # AFP's desk initials: "pv-ml/jr"
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\u00a0\u202f]+")  # runs of white space; no-break spaces are kept
_SENTENCE_END = re.compile(r"(\S*?)[.?!…]['\"”’)\]]*$")
_WRAP_LIMIT = 100  # lines longer than this are whole paragraphs, not hard-wrapped copy


_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Transmission codes that old wire systems put around a story (SOH, STX, ETX, EOT, SUB).
_TRANSMISSION = "\x01\x02\x03\x04\x1a\x1e\x1f"


def decode_bytes(data: bytes) -> str:
    """Text from a file: UTF-8 (with or without BOM), UTF-16/32 with BOM, else Windows-1252.

    Binary files (NUL bytes, many control characters) are refused with a ``WireError``
    that says so, rather than imported as gibberish.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:  # bytes Windows-1252 leaves undefined
                text = data.decode("latin-1")
    text = text.strip(_TRANSMISSION)
    if "\x00" in text:
        raise WireError(
            "the file contains NUL bytes: it is a binary file (or UTF-16 without a "
            "byte-order mark), not text",
            line=text[: text.index("\x00")].count("\n") + 1,
        )
    controls = _BINARY.findall(text)
    if len(controls) > max(3, len(text) // 1000):
        first = _BINARY.search(text)
        raise WireError(
            f"the file contains {len(controls)} control characters (the first is "
            f"U+{ord(first[0]):04X}): it looks like a binary file, not text",
            line=text[: first.start()].count("\n") + 1,
        )
    return text


@dataclass
class _Line:
    no: int
    text: str  # cleaned; "" for a break
    kind: str = "text"  # text | blank | furniture


@dataclass
class _Para:
    kind: str  # p | h | credit
    lines: list[_Line] = field(default_factory=list)
    quote_open: bool = False
    open_lines: int = 0  # lines since an unclosed quote mark opened

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def line(self) -> int:
        return self.lines[0].no


def _clean(text: str) -> list[_Line]:
    lines = []
    for no, raw in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        line = _SPACES.sub(" ", _CONTROL.sub(" ", raw)).strip()
        # Left over from web pages: " |", "Purchase Licensing Rights, opens new tab".
        line = re.sub(
            r"(?:\s\||,?\s*opens\s+new\s+tab|\s*purchase\s+licensing\s+rights)+$",
            "",
            line,
            flags=re.IGNORECASE,
        ).strip()
        if not line:
            lines.append(_Line(no, "", "blank"))
        elif _FURNITURE.match(line):
            lines.append(_Line(no, "", "furniture"))
        else:
            lines.append(_Line(no, line))
    return lines


def ends_sentence(line: str, following: str = "") -> bool:
    match = _SENTENCE_END.search(line)
    if not match:
        return False
    word = match[1].lstrip("([\"“‘'")
    if parts.is_abbreviation(word) and not line.endswith(("?", "!")):
        return False
    # "the U.S." followed by "Treasury" is not a sentence end
    return not (re.fullmatch(r"(?:[A-Z]\.){2,}", word + ".") and following[:1].isupper())


def _ends_paragraph(para: _Para, following: str) -> bool:
    """Whether ``para`` ends before the line ``following``."""
    last = para.lines[-1].text
    if ends_sentence(last, following) and _starts_sentence(following):
        return True
    # "(Reporting by ...; Editing by ...)" ends at its closing parenthesis.
    if para.lines[0].text.startswith("(") and last.endswith(")") and len(para.lines) <= 12:
        text = para.text
        if text.count("(") == text.count(")"):
            return True
    credits = following.startswith("(") and parts.CREDITS_START.match(following)
    return bool(credits) or parts.is_notice_start(following)


def _starts_sentence(line: str) -> bool:
    return bool(line) and not line[0].islower() and line[0] not in ",;:)]}%…"


def _quote_state(para: _Para, line: str) -> None:
    for ch in line:
        if ch == '"':
            para.quote_open = not para.quote_open
        elif ch in "“„«":
            para.quote_open = True
        elif ch in "”»":
            para.quote_open = False
        else:
            continue
        para.open_lines = 0
    para.open_lines += para.quote_open


def _is_subhead(line: str, prev_ended: bool, following: str | None) -> bool:
    core = line.strip("'\"‘’“”").strip()
    letters = [c for c in core if c.isalpha()]
    if len(letters) < 3 or len(core) > 60 or len(core.split()) > 8 or "/" in core:
        return False
    if not all(c.isupper() for c in letters) or core.endswith((",", ";", "-")):
        return False
    if parts.split_dateline(line + " x") or parts.is_notice_start(core) or core[:1] in "([":
        return False
    return prev_ended and (following is None or _starts_sentence(following))


def _paragraphs(lines: list[_Line]) -> list[_Para]:
    """Hard-wrapped lines into paragraphs, subheads and stand-alone photo credits."""
    lengths = sorted(len(line.text) for line in lines if line.text)
    wrapped = len(lengths) < 3 or lengths[int(len(lengths) * 0.8)] <= _WRAP_LIMIT
    # Page furniture is passed over as if it were not there: a paragraph it cuts in
    # two joins up again. Only a blank line is a break.
    lines = [line for line in lines if line.kind != "furniture"]
    paras: list[_Para] = []
    current: _Para | None = None
    for i, line in enumerate(lines):
        if not line.text:
            current = None
            continue
        following = lines[i + 1].text if i + 1 < len(lines) and lines[i + 1].text else None
        prev_ended = current is None or _ends_paragraph(current, line.text)
        if _is_subhead(line.text, prev_ended, following):
            paras.append(_Para("h", [line]))
            current = None
            continue
        if parts.is_credit_only(line.text):
            paras.append(_Para("credit", [line]))
            current = None
            continue
        if current is not None and (not wrapped or prev_ended):
            continues_quote = current.quote_open and current.open_lines <= 6
            if not (wrapped and continues_quote and line.text[:1] not in '"“„«'):
                current = None
        if current is None:
            current = _Para("p", [])
            paras.append(current)
        current.lines.append(line)
        _quote_state(current, line.text)
        tail = " ".join(x.text for x in current.lines[-2:])
        if parts.split_caption(tail) and not parts.is_credit_only(tail):
            current = None  # a caption that ends in its credit
    return paras


def _header(lines: list[_Line], story: WireStory) -> int:
    """Read headline, date and ``By`` line; return the index of the first body line."""
    i, n, headline_at, previous = 0, len(lines), None, ""
    while i < n:
        line = lines[i]
        i += 1
        if not line.text:
            continue
        is_date, value = parse_date_line(line.text)
        bylines = [] if story.bylines or is_date else parts.parse_byline(line.text)
        if is_date:
            if story.published_at is None and value is not None:
                story.published_at = value
            elif value is None:
                story.warnings.append(f"Line {line.no}: “{line.text}” is not a real date.")
        elif bylines:
            story.bylines = bylines
        elif previous == "byline" and _is_agency_line(line.text, lines[i:]):
            for byline in story.bylines:
                byline.title = byline.title or line.text
        elif headline_at is None:
            if parts.split_dateline(line.text) and "(" in line.text[:80]:
                raise WireError(
                    "no headline: the copy starts with the story's dateline", line=line.no
                )
            story.headline, headline_at = line.text, i - 1
        else:
            i -= 1
            break
        previous = "date" if is_date else "byline" if bylines else "other"
    if i < n and lines[i].text[:1].islower() and headline_at == i - 1:
        story.warnings.append(
            f"Line {lines[i].no} continues the first line: is “{story.headline}” a headline?"
        )
    return i


def _is_agency_line(text: str, rest: list[_Line]) -> bool:
    """Whether ``text`` is an agency ("Associated Press") on the line after a By line."""
    words = text.split()
    if not 0 < len(words) <= 5 or not any(line.text for line in rest):
        return False
    if not all(w[:1].isupper() or w in {"of", "the", "and", "&"} for w in words):
        return False
    return len(words) == 1 or any(w.lower().strip(".") in parts.ORG_WORDS for w in words)


def _tail_parts(paras: list[_Para], story: WireStory) -> list[_Para]:
    """Take photo captions, closing credits and the rights notice out of the body."""
    kept: list[_Para] = []
    notice: list[str] = []
    in_notice = False
    for i, para in enumerate(paras):
        text = para.text
        if para.kind == "credit":
            credit = parts.split_caption(text)[1]
            if i and kept and kept[-1] is paras[i - 1] and kept[-1].kind == "p":
                story.photos.append(WirePhoto(caption=kept.pop().text, credit=credit))
            else:
                story.photos.append(WirePhoto(caption="", credit=credit))
                story.warnings.append(f"Line {para.line}: photo credit “{credit}” has no caption.")
            in_notice = False
            continue
        if para.kind == "h":
            kept.append(para)
            in_notice = False
            continue
        if parts.is_notice_start(text) or (in_notice and parts.is_notice_part(text)):
            notice.append(text)
            in_notice = True
            continue
        in_notice = False
        caption = parts.split_caption(text)
        credits = parts.parse_closing_credits(text) if text.lstrip("(")[:1].isalpha() else None
        contributors = None if credits else parts.parse_contributors(text)
        if caption:
            story.photos.append(WirePhoto(caption=caption[0], credit=caption[1]))
        elif credits or contributors:
            story.bylines += credits or contributors
        else:
            kept.append(para)
    if notice:
        story.rights = parts.make_rights(" ".join(notice))
    return _mend(kept, paras)


def _mend(kept: list[_Para], original: list[_Para]) -> list[_Para]:
    """Join a paragraph that a photo caption cut in the middle of a sentence."""
    position = {id(p): i for i, p in enumerate(original)}
    mended: list[_Para] = []
    for para in kept:
        prev = mended[-1] if mended else None
        if (
            prev is not None
            and position[id(para)] > position[id(prev)] + 1
            and prev.kind == para.kind == "p"
            and para.text[:1].isalnum()
            and not ends_sentence(prev.text)
            and not prev.text.endswith(":")
        ):
            prev.lines += para.lines
            continue
        mended.append(para)
    return mended


def parse_text(text: str) -> WireStory:
    """Turn plain-text wire copy into a ``WireStory``; ``WireError`` if it has no story."""
    if not isinstance(text, str):
        raise WireError("plain-text copy must be given as text, not bytes (decode it first)")
    lines = _clean(text)
    if not any(line.text for line in lines):
        furniture = any(line.kind == "furniture" for line in lines)
        raise WireError("the copy holds only page furniture" if furniture else "the copy is empty")
    story = WireStory(headline="", body="", format="text")
    start = _header(lines, story)
    if not story.headline:
        raise WireError("no headline: the copy holds only a date", line=lines[-1].no)
    if story.published_at is None:
        story.warnings.append("No date line found: set the publication time by hand.")
    if len(story.headline) > 300:
        story.warnings.append("The headline is over 300 characters: is the first line one?")
    body = _tail_parts(_paragraphs(lines[start:]), story)
    blocks: list[Block] = []
    first = True
    for para in body:
        text = para.text
        if para.kind == "h":
            core = text.strip("'\"‘’“”").strip()
            blocks.append(Block(SUBHEAD, escape_inline(core), para.line))
            continue
        if first:
            first = False
            dateline = parts.split_dateline(text)
            if dateline:
                story.dateline, story.source, text = dateline
                if not text.strip():
                    continue
        blocks.append(Block(PARAGRAPH, escape_block_start(escape_inline(text)), para.line))
    if not any(b.kind == PARAGRAPH for b in blocks):
        at = max(line.no for line in lines if line.text)
        raise WireError("no body text after the headline, date and byline", line=at)
    story.body = render(blocks)
    story.quotes, warnings = find_quotes(blocks)
    story.warnings += warnings
    return story
