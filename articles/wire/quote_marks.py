"""Where direct speech is in a paragraph: the quote styles of every language the desk reads.

- double marks, each opener with the closers it takes: “English” and "straight",
  „German“ (and „Polish”), «French», «Italian» and «Spanish» (the spaces inside
  French marks are not part of the quote), »German« and Swedish »…» or ”…”;
- British single marks, only with a speaker named with them (``scan_single``);
- the dash that opens speech in Swedish, Norwegian, Spanish and Portuguese copy
  (``– Vi bygger bron, säger Anna Berg.``, ``—Vamos a ganar —dijo Ana Lobo—.``),
  only where a speech verb of those languages follows the speech (``scan_dash``).

Each scanner is one pass over the paragraph (the single-mark one tries a bounded
number of attributions), so scanning is linear in the length of the copy.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .speech import REACH, attribution
from .speech_verbs import alternation, entries

# Each opening mark and the marks that close it. A mark that only closes in English
# ("”", "»") opens a quote in Swedish and German copy when nothing is open and a word
# follows it at once.
CLOSERS = {
    "“": '”»"',
    '"': '”»"',
    "„": '“”"',
    "«": '»”"',
    "»": "«»",
    "”": "”",
}
ALWAYS_OPEN = "“„«"
MARKS = frozenset('“”„«»"')
_MARK = re.compile("[" + "".join(sorted(MARKS)) + "]")  # found by the regex engine, not a loop


@dataclass
class Span:
    para: int  # index into the paragraph list
    start: int  # first character of the quote text
    end: int  # the closing mark (or the paragraph's end)
    closed: bool
    next: Span | None = None  # the same quote continued in the next paragraph
    continued: bool = False  # this span continues one from the paragraph before


def scan_marks(text: str, para: int, warn) -> list[Span]:
    """Quotes between double marks; ``warn()`` where the marks do not pair up."""
    spans, open_at, opener = [], None, ""
    for mark in _MARK.finditer(text):
        i, ch = mark.start(), mark[0]
        if open_at is not None and ch in CLOSERS[opener]:
            spans.append(Span(para, open_at + 1, i, True))
            open_at = None
        elif ch in ALWAYS_OPEN or (ch == '"' and open_at is None):
            if open_at is not None:
                warn()
            open_at, opener = i, ch
        elif open_at is None and ch in "”»" and _opens(text, i):
            open_at, opener = i, ch
        elif open_at is None:
            warn()
    if open_at is not None:
        spans.append(Span(para, open_at + 1, len(text), False))
    return spans


def _opens(text: str, i: int) -> bool:
    """Whether a "”" or "»" at ``i`` opens a quote: after a space (or at the start),
    before a word."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–") and after.isalnum()


# "– Vi bygger bron, säger Anna Berg." / "—Vamos a ganar —dijo Ana Lobo—."
_DASH_OPEN = re.compile(r"^[–—]\s?(?=\w)")
_DASH_VERB = alternation(entries("finite", dash_quotes=True))
_DASH_END = re.compile(rf"(?:(?<=[,?!…])\s+|\s+(?=[–—]))(?=[–—]?(?:{_DASH_VERB})(?![\w'’-]))")


def scan_dash(text: str, para: int, after_dash_quote: bool) -> list[Span]:
    """Speech that opens a paragraph with a dash, up to the speech verb that attributes
    it; a dash paragraph with no verb only right after another dash quote (the same
    speaker goes on). Paragraphs with quote marks are left to ``scan_marks``."""
    opening = _DASH_OPEN.match(text)
    if opening is None or _MARK.search(text):
        return []
    end = _DASH_END.search(text, opening.end())
    if end is not None:
        return [Span(para, opening.end(), end.start(), True)]
    if after_dash_quote:
        return [Span(para, opening.end(), len(text), True)]
    return []


_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))['‘](?=[^\W\d_])")
_SINGLE_CLOSE = re.compile(r"(?<=[,.?!…])['’](?![\w'’])")
_SENTENCE_STOP = re.compile(r"[.?!…]['’)\]]*(?:\s+|$)")


def scan_single(text: str, para: int) -> list[Span]:
    """British quotes in single marks ('We will build it,' she said.), in a paragraph
    with no double quote marks: a full sentence or more, in capitals and ending in a
    stop or a comma, with a speaker named before or after it. Apostrophes
    ("fishermen's", "the '90s", "rock 'n' roll") never qualify."""
    if _MARK.search(text):
        return []
    spans: list[Span] = []
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    stops = [m.end() for m in _SENTENCE_STOP.finditer(text)]
    budget = 200  # attributions tried in a paragraph full of apostrophes
    for opener in _SINGLE_OPEN.finditer(text):
        o = opener.start()
        if (spans and o <= spans[-1].end) or budget <= 0:
            continue
        # "'We will,' she said, 'build it.'": small letters only to finish a quote
        before = text[max(0, o - REACH) : o].rstrip()
        if text[o + 1].islower() and not (spans and before.endswith(",")):
            continue
        i = bisect.bisect_right(stops, o)
        head = text[stops[i - 1] if i else 0 : o]
        pre = text[max(0, o - REACH) : o]
        full = not pre.rstrip() or pre.rstrip().endswith((":", ",", "—", "–"))
        first = bisect.bisect_right(closers, o + 1)
        for c in [c for c in closers[first : first + 8] if c <= o + 2 * REACH]:
            budget -= 1
            j = bisect.bisect_right(stops, c + 1)
            post = text[c + 1 : min(stops[j] if j < len(stops) else len(text), c + 1 + REACH)]
            if attribution(head, pre, post, full, text[c - 3 : c]):
                spans.append(Span(para, o + 1, c, True))
                break
    return spans
