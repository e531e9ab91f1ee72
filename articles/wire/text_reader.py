"""Plain-text wire copy (see docs/wire-format.md) to a ``WireStory``.

The layout is read, not the sample's lines: headline, date and ``By`` line at
the top (``header``); page furniture marked line by line and never published
(``lines``); then the body. Copy pasted from a web page has a paragraph a line.
Hard-wrapped copy marks its paragraphs with blank lines between short chunks,
or with an indented first line, where it has them; otherwise a paragraph ends
where a line ends a sentence and the next starts one, or where a line was left
short on purpose (a blank line always ends one). Subheads, photo captions,
closing credits and the rights notice are recognised by their shape wherever
they stand; the dateline opens the first paragraph, or follows a few short
ones (a summary in bullet points).

``published_at``: a date without a time is a naive datetime at 00:00 (the
store reads naive times in the newsroom's zone); see ``dates``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from ..conventions import agencies
from . import copy_parts, notices
from .captions import split_glued, unique
from .header import read_header
from .lines import Line, clean, repair
from .markup import PARAGRAPH, SUBHEAD, Block, escape_block_start, escape_inline, render
from .story_quotes import find_quotes
from .wire_story import WireError, WirePhoto, WireStory

_SENTENCE_END = re.compile(r"(\S*?)[.?!…]['\"”’)\]]*$")
_BULLET = re.compile(r"[*•▪]\s")  # a line in a list of points: its own paragraph
# The agency's name alone, as a sign-off: "AFP", "-- Reuters", "(KYODO)"
_SIGN_OFF = re.compile(rf"^[-–—\s(=]*({agencies.names_pattern()})[)\s.]*$")
# Canadian Press's trailer, which names the agency.
_FIRST_PUBLISHED = re.compile(
    r"^this\s+(?:report|story|article)\s+by\s+(?P<agency>[^\W\d_][\w .'’&-]{1,60}?)\s+was\s+"
    r"first\s+published\s+[^.]{3,40}\.?$",
    re.IGNORECASE,
)
_WRAP_LIMIT = 100  # lines longer than this are whole paragraphs, not hard-wrapped copy
_CLOSED_END = re.compile(r"[.?!…:'\"”’)\]]$")
# A line that stops on a comma or a small word was broken by the wrapper.
_HANGING = re.compile(r"[,;:–—-]$|\b(?:and|or|but|the|a|an|of|to|in|on|at|for|by)$")


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
class _Para:
    kind: str  # p | h | credit
    lines: list[Line] = field(default_factory=list)
    quote_open: bool = False
    open_lines: int = 0  # lines since an unclosed quote mark opened
    override: str | None = None  # the text once a trailing notice was taken off it
    # The lines joined so far: lines are only ever added at the end, so the text of a
    # growing paragraph is extended, not joined again from its first line.
    _joined: tuple = field(default=(None, 0, ""), compare=False, repr=False)

    @property
    def text(self) -> str:
        if self.override is not None:
            return self.override
        lines, count, joined = self._joined
        if lines is not self.lines or count > len(self.lines):
            count, joined = 0, ""
        if count != len(self.lines) or lines is not self.lines:
            joined = _join_onto(joined, [line.text for line in self.lines[count:]])
            self._joined = (self.lines, len(self.lines), joined)
        return joined

    @property
    def line(self) -> int:
        return self.lines[0].no


def join_lines(texts: list[str]) -> str:
    """Wrapped lines on one line; a word the wrapper broke at its hyphen stays whole
    ("storm-" + "damaged" is "storm-damaged"), a dash keeps its spaces ("dams --")."""
    return _join_onto("", texts)


_HYPHEN_END = re.compile(r"[^\W\d_]-$")


def _join_onto(out: str, texts: list[str]) -> str:
    """``join_lines`` continued from ``out``, the lines joined so far."""
    pieces = [out]
    for text in texts:
        # only the last characters of what is joined so far can end in "x-"
        hyphen = _HYPHEN_END.search(out[-3:]) and text[:1].isalnum()
        piece = text if hyphen or not out else " " + text
        pieces.append(piece)
        out = out[-3:] + piece if len(piece) < 3 else piece
    return "".join(pieces)


_DOTTED = re.compile(r"(?:[A-Z]\.){2,}")  # "U.S."


def ends_sentence(line: str, following: str = "") -> bool:
    match = _SENTENCE_END.search(line)
    if not match:
        return False
    word = match[1].lstrip("([\"“‘'")
    if copy_parts.is_abbreviation(word) and not line.endswith(("?", "!")):
        return False
    # "the U.S." followed by "Treasury" is not a sentence end
    return not (following[:1].isupper() and _DOTTED.fullmatch(word + "."))


def _ends_paragraph(para: _Para, following: str) -> bool:
    """Whether ``para`` ends before the line ``following``."""
    last = para.lines[-1].text
    if _starts_sentence(following) and ends_sentence(last, following):
        return True
    # "(Reporting by ...; Editing by ...)" ends at its closing parenthesis.
    if para.lines[0].text.startswith("(") and last.endswith(")") and len(para.lines) <= 12:
        text = para.text
        if text.count("(") == text.count(")"):
            return True
    credits = following.startswith("(") and copy_parts.CREDITS_START.match(following)
    if credits or copy_parts.is_notice_start(following):
        return True
    # A notice over the story ("c.2024 The New York Times Company") ends before the dateline.
    return copy_parts.is_notice_start(para.text) and bool(copy_parts.split_dateline(following))


def _starts_sentence(line: str) -> bool:
    return bool(line) and not line[0].islower() and line[0] not in ",;:)]}%…"


_QUOTE_MARK = re.compile('["“„«”»]')


def _quote_state(para: _Para, line: str) -> None:
    for mark in _QUOTE_MARK.finditer(line):
        ch = mark[0]
        if ch == '"':
            para.quote_open = not para.quote_open
        elif ch in "“„«":
            para.quote_open = True
        else:
            para.quote_open = False
        para.open_lines = 0
    para.open_lines += para.quote_open


def _is_subhead(line: str, prev_ended: bool, following: str | None) -> bool:
    return _subhead_shape(line) and prev_ended and _subhead_before(following)


def _subhead_before(following: str | None) -> bool:
    return following is None or _starts_sentence(following)


def _subhead_shape(line: str) -> bool:
    """Whether ``line`` looks like a subhead: a few words in capitals."""
    core = line.strip("'\"‘’“”").strip()
    # not isupper(): a letter in small letters, or none in capitals, so not all are
    if len(core) > 60 or "/" in core or not core.isupper():
        return False
    letters = [c for c in core if c.isalpha()]
    if len(letters) < 3 or len(core.split()) > 8:
        return False
    if not all(c.isupper() for c in letters) or core.endswith((",", ";", "-")):
        return False
    if (
        copy_parts.split_dateline(line + " x")
        or copy_parts.is_notice_start(core)
        or core[:1] in "(["
    ):
        return False
    return not _SIGN_OFF.match(line)


@dataclass
class _Layout:
    """How the body marks its paragraphs."""

    wrapped: bool  # hard-wrapped lines; else every line is a paragraph
    width: int = 0  # the wrap width, from the longest lines
    mode: str = "sentence"  # sentence | blank | indent: what ends a paragraph


def _layout(lines: list[Line]) -> _Layout:
    """Blank lines between short chunks, or indented first lines, mark paragraphs where
    present; otherwise a line that ends a sentence before one that starts one does."""
    text = [line for line in lines if line.text]
    lengths = sorted(len(line.text) for line in text)
    # Lines wrapped wider than usual still end mid-sentence more often than not.
    open_ends = sum(not _CLOSED_END.search(line.text) for line in text)
    long = len(lengths) >= 3 and lengths[int(len(lengths) * 0.8)] > _WRAP_LIMIT
    if long and not (len(text) >= 6 and open_ends >= 0.4 * len(text)):
        return _Layout(False)
    widths = sorted(line.width for line in text)
    width = widths[int(len(widths) * 0.95)] if widths else 0
    indented = sum(line.indent for line in text)
    if 2 <= indented < len(text):  # all lines indented is a margin, not a mark
        return _Layout(True, width, "indent")
    chunks, size = [], 0
    for line in lines:
        if line.kind == "blank" and size:
            chunks.append(size)
            size = 0
        size += bool(line.text)
    chunks += [size] if size else []
    if len(chunks) >= 4 and max(chunks) <= 10 and max(chunks) > 1:
        return _Layout(True, width, "blank")
    return _Layout(True, width)


def _fits(current: _Para, line: Line, layout: _Layout) -> bool:
    """Whether the first word of ``line`` would have fitted on the line before it."""
    return current.lines[-1].width + 1 + len(line.text.split()[0]) <= layout.width


def _broken_on_purpose(current: _Para, line: Line, layout: _Layout) -> bool:
    """A short line ("What happens next") where the next word would have fitted: the
    wrapper did not break it, the writer did. Not where furniture or a caption cut in,
    after "Dr." or a hanging word, or inside an open quote or parenthesis."""
    last = current.lines[-1].text
    if len(last) >= 60 or not line.text[:1].isupper() or line.no != current.lines[-1].no + 1:
        return False
    hanging = _HANGING.search(last)
    if hanging or (last.endswith(".") and not ends_sentence(last, line.text)):
        return False
    if current.text.count("(") > current.text.count(")"):
        return False
    in_quote = current.quote_open and line.text[:1] not in '"“„«'
    return not in_quote and _fits(current, line, layout)


def _new_paragraph(current: _Para, line: Line, layout: _Layout, ends: bool | None = None) -> bool:
    """Whether ``line`` starts a new paragraph after ``current``; ``ends`` is
    ``_ends_paragraph(current, line.text)`` where the caller already knows it."""

    def ends_before() -> bool:
        return _ends_paragraph(current, line.text) if ends is None else ends

    if not layout.wrapped or _BULLET.match(line.text):
        return True
    if _broken_on_purpose(current, line, layout):
        return True
    if layout.mode == "sentence":
        ended = ends_before()
    elif layout.mode == "indent" and line.indent:
        return True
    else:
        ended = _fits(current, line, layout) and ends_before()
        starts = line.text.startswith("(") and copy_parts.CREDITS_START.match(line.text)
        ended = ended or bool(starts) or copy_parts.is_notice_start(line.text)
    continues_quote = current.quote_open and current.open_lines <= 6
    return ended and not (continues_quote and line.text[:1] not in '"“„«')


def _paragraphs(lines: list[Line]) -> list[_Para]:
    """Hard-wrapped lines into paragraphs, subheads and stand-alone photo credits."""
    layout = _layout(lines)
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
        ends = None  # whether ``current`` ends before this line, worked out once if needed
        if _subhead_shape(line.text):
            ends = current is not None and _ends_paragraph(current, line.text)
            if (current is None or ends) and _subhead_before(following):
                paras.append(_Para("h", [line]))
                current = None
                continue
        if copy_parts.is_credit_only(line.text):
            paras.append(_Para("credit", [line]))
            current = None
            continue
        if current is not None and _new_paragraph(current, line, layout, ends):
            current = None
        if current is None:
            current = _Para("p", [])
            paras.append(current)
        current.lines.append(line)
        _quote_state(current, line.text)
        tail = " ".join(x.text for x in current.lines[-2:])
        if copy_parts.split_caption(tail) and not copy_parts.is_credit_only(tail):
            current = None  # a caption that ends in its credit
    return paras


@dataclass
class _Tail:
    """What the body's closing parts gave: returned by ``_tail_parts``, applied by the caller."""

    kept: list[_Para] = field(default_factory=list)  # the paragraphs that stay in the body
    photos: list[WirePhoto] = field(default_factory=list)
    bylines: list = field(default_factory=list)  # closing credits and contributor lines
    notice: list[str] = field(default_factory=list)  # the rights notice, paragraph by paragraph
    sources: list[str] = field(default_factory=list)  # agencies named by sign-offs and trailers
    warnings: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _tail_parts(paras: list[_Para]) -> _Tail:
    """Take photo captions, closing credits, sign-offs and the rights notice out of the body."""
    tail = _Tail()
    kept, notice = tail.kept, tail.notice
    in_notice = False
    for i, para in enumerate(paras):
        text = para.text
        if para.kind == "credit":
            credit = copy_parts.split_caption(text)[1]
            if i and kept and kept[-1] is paras[i - 1] and kept[-1].kind == "p":
                tail.photos.append(WirePhoto(caption=kept.pop().text, credit=credit))
            else:
                tail.photos.append(WirePhoto(caption="", credit=credit))
                tail.warnings.append(f"Line {para.line}: photo credit “{credit}” has no caption.")
            in_notice = False
            continue
        if para.kind == "h":
            kept.append(para)
            in_notice = False
            continue
        if text.startswith("((") and text.endswith("))"):
            continue  # the reporter's contact details: "((jane.roe@example.com; +44 ...))"
        signed = _SIGN_OFF.match(text)
        first = _FIRST_PUBLISHED.match(text)
        if signed or first:  # "-- Reuters"; "This report by The Canadian Press was first ..."
            tail.sources.append(agencies.canonical(signed[1] if signed else first["agency"]))
            tail.dropped.append(f"Line {para.line}: {text}")
            continue
        trailing = notices.split_trailing(text) if para.kind == "p" else None
        if trailing:  # "... a ride. © KYODO", "... hurt. © Provided by Harbour Ledger"
            text, kind, taken = trailing
            para.override = text
            if kind == "notice":
                notice.append(taken)
            else:
                tail.dropped.append(f"Line {para.line}: {taken}")
        if copy_parts.is_notice_start(text) or (in_notice and copy_parts.is_notice_part(text)):
            notice.append(text)
            in_notice = True
            continue
        in_notice = False
        glued = split_glued(text)
        if glued:  # "... the port.(EFE/Archivo)EFE – The strike ..."
            tail.photos.append(WirePhoto(caption=glued[0], credit=glued[1]))
            text = glued[2]
            dateline = copy_parts.split_dateline(text)
            if dateline and not dateline[0] and agencies.find(dateline[1]):  # "EFE – The ..."
                tail.sources.append(dateline[1])
                text = dateline[2]
            para.override = text
        caption = copy_parts.split_caption(text)
        credits = copy_parts.parse_closing_credits(text) if text.lstrip("(")[:1].isalpha() else None
        contributors = None if credits else copy_parts.parse_contributors(text)
        if caption:
            tail.photos.append(WirePhoto(caption=caption[0], credit=caption[1]))
        elif credits or contributors:
            tail.bylines += credits or contributors
        else:
            kept.append(para)
    tail.photos, repeats = unique(tail.photos)
    tail.dropped += [f"the caption printed again: {p.caption} {p.credit}" for p in repeats]
    tail.kept = _mend(kept, paras)
    return tail


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
            and prev.override is None
            and para.override is None
        ):
            prev.lines += para.lines
            continue
        mended.append(para)
    return mended


def _dateline_at(body: list[_Para]) -> _Para | None:
    """The paragraph that opens with the dateline: the first, or one after a few short
    ones (a summary in bullet points, a standfirst) that come before it."""
    paragraphs = [para for para in body if para.kind == "p"][:6]
    for para in paragraphs:
        if copy_parts.split_dateline(para.text):
            return para
        if len(para.text) > 250:
            return None
    return None


def _summary_points(body: list[_Para], at: _Para | None, story: WireStory) -> list[_Para]:
    """Bullet points above the dateline paragraph are the story's summary: they become
    the standfirst (where the copy has none), one sentence a point."""
    if at is None or story.standfirst:
        return body
    before = body[: body.index(at)]
    if not before or not all(p.kind == "p" and _BULLET.match(p.text) for p in before):
        return body
    points = [_BULLET.sub("", p.text, count=1).strip() for p in before]
    story.standfirst = " ".join(p if re.search(r"[.!?…]$", p) else p + "." for p in points)
    return body[len(before) :]


def agency_named(story: WireStory) -> str:
    """The agency a story names outside its dateline: in a By-line title ("Associated
    Press Writers") or as the notice's holder ("© KYODO"); "" if none of the table."""
    for byline in story.bylines:
        agency = agencies.writer_of(byline.title)
        if agency:
            return agency.name
    return notices.agency_of(story.rights)


def parse_text(text: str) -> WireStory:
    """Turn plain-text wire copy into a ``WireStory``; ``WireError`` if it has no story."""
    if not isinstance(text, str):
        raise WireError("plain-text copy must be given as text, not bytes (decode it first)")
    text, notes = repair(text)
    lines = clean(text)
    if not any(line.text for line in lines):
        furniture = any(line.kind == "furniture" for line in lines)
        raise WireError("the copy holds only page furniture" if furniture else "the copy is empty")
    story = WireStory(headline="", body="", format="text", warnings=notes)
    story.dropped = [f"Line {line.no}: {line.dropped}" for line in lines if line.dropped]
    header = read_header(lines)
    story.headline, story.published_at = header.headline, header.published_at
    story.standfirst, story.source = header.standfirst, header.source
    story.bylines = header.bylines
    story.warnings += header.warnings
    start = header.start
    if not story.headline:
        raise WireError("no headline: the copy holds only a date", line=lines[-1].no)
    if story.published_at is None:
        story.warnings.append("No date line found: set the publication time by hand.")
    if len(story.headline) > 300:
        story.warnings.append("The headline is over 300 characters: is the first line one?")
    tail = _tail_parts(_paragraphs(lines[start:]))
    body = tail.kept
    story.photos += tail.photos
    story.bylines += tail.bylines
    story.warnings += tail.warnings
    story.dropped += tail.dropped
    story.source = story.source or next(iter(tail.sources), "")
    if tail.notice:
        story.rights = copy_parts.make_rights(" ".join(tail.notice))
    at = _dateline_at(body)
    body = _summary_points(body, at, story)
    blocks: list[Block] = []
    for para in body:
        text = para.text
        if para.kind == "h":
            core = text.strip("'\"‘’“”").strip()
            blocks.append(Block(SUBHEAD, escape_inline(core), para.line))
            continue
        if para is at:
            place, source, text = copy_parts.split_dateline(text)
            story.dateline, story.source = place, source or story.source
            if not text.strip():
                continue
        blocks.append(Block(PARAGRAPH, escape_block_start(escape_inline(text)), para.line))
    if not any(b.kind == PARAGRAPH for b in blocks):
        at = max(line.no for line in lines if line.text)
        raise WireError("no body text after the headline, date and byline", line=at)
    story.body = render(blocks)
    story.source = story.source or agency_named(story)
    story.quotes, warnings = find_quotes(blocks)
    story.warnings += warnings
    return story
