"""Direct quotes in a story's paragraphs and who said them.

A quote is one stretch of direct speech, in any quote style of ``quote_marks``
(double marks and guillemets of every language, speech dashes, British single
marks), stored exactly as printed (without the marks), so it always appears word
for word in the body. A quote that runs over several paragraphs (opening mark at
the start of each, closing mark only at the end) gives one quote per paragraph,
all with the same speaker. The speaker is named in the same sentence with a
speech verb, before or after the quote (see ``speech``; which person is meant,
``speakers``); a pronoun or a quote standing alone after an attributed one refers
to the most recent speaker, unless the paragraph names only someone else
("Whitcomb paused. “...,” he said.") or a later sentence opens with someone new
("Mayor Ines Carvalho disagreed. “...,” she said."), and a pronoun that could
mean two people is not guessed at; a part of a name ("Matos said") or a
descriptor ("the mayor said") is resolved to the full name and title of the
earliest mention, only when one person fits. A full quote that ends a sentence
may be attributed by the next one ("“...” That was how Ana Lima described the
night."; only with a speech verb). Quotes whose speaker cannot be found are left
out with a warning: an editor adds them by hand rather than under a wrong name.
"""

from __future__ import annotations

import bisect
import re

from .copy_parts import is_abbreviation
from .markup import PARAGRAPH, Block
from .quote_marks import Span, scan_dash, scan_marks, scan_single
from .speakers import PRONOUN_REACH, Speakers, mentions
from .speech import MASK, REACH, attribution, names_a_speaker, next_sentence, reported, who_of
from .wire_story import WireQuote

_STOP = re.compile(r"(\w*)[.?!…][)\]'’]*(?=\s)")
_STOPPED = re.compile(r"[.?!…]['’]?$")
_GOES_ON = re.compile(r"\s*[a-z,]")


def _mask(text: str, spans: list[Span]) -> str:
    chars = list(text)
    for span in spans:
        chars[span.start - 1 : span.end + 1] = MASK * len(chars[span.start - 1 : span.end + 1])
    return "".join(chars)[: len(text)]


def _sentence_ends(text: str, masked: str, spans: list[Span]) -> list[int]:
    """Where the sentences of a paragraph end; a quote ending in a full stop ends one."""
    ends = [m.end() for m in _STOP.finditer(masked) if not is_abbreviation(m[1])]
    # '"Who will pay?" asked Marc Delorme.': a quote followed by small letters goes on.
    ends += [
        s.end + 1
        for s in spans
        if s.closed
        and _STOPPED.search(text[s.start : s.end].rstrip())
        and not _GOES_ON.match(text, s.end + 1)
    ]
    return sorted(ends)


def _bounds(ends: list[int], pos: int, length: int) -> tuple[int, int]:
    """Start and end of the sentence around ``pos``."""
    i = bisect.bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else length)


def find_quotes(
    blocks: list[Block], *, known: frozenset[str] | set[str] = frozenset()
) -> tuple[list[WireQuote], list[str]]:
    """The quotes in the paragraphs of ``blocks`` and warnings for those left out.

    ``known`` quote texts (marked up with their speaker in the feed) are passed over.
    """
    paragraphs = [b for b in blocks if b.kind == PARAGRAPH]
    texts = [b.text for b in paragraphs]
    warnings: list[str] = []
    unbalanced: set[int] = set()
    spans: list[list[Span]] = []
    dashed = False  # the paragraph before opened with dash speech
    for i, text in enumerate(texts):
        found = scan_marks(text, i, lambda i=i: unbalanced.add(i))
        dash = [] if found else scan_dash(text, i, dashed)
        spans.append(found or dash or scan_single(text, i))
        dashed = bool(dash)
    place = [k for k, b in enumerate(blocks) if b.kind == PARAGRAPH]  # position in blocks
    for i, para_spans in enumerate(spans):
        last = para_spans[-1] if para_spans else None
        if last is None or last.closed:
            continue
        following = spans[i + 1] if i + 1 < len(spans) else []
        adjacent = i + 1 < len(place) and place[i + 1] == place[i] + 1
        if adjacent and following and following[0].start == 1:
            last.next, following[0].continued = following[0], True
        else:
            unbalanced.add(i)
            para_spans.pop()
    for i in sorted(unbalanced):
        where = f" (line {paragraphs[i].line})" if paragraphs[i].line else ""
        warnings.append(
            f"Unbalanced quotation marks in paragraph {i + 1}{where}: check the quotes."
        )
    masked = [_mask(text, s) for text, s in zip(texts, spans, strict=True)]
    speakers = Speakers(mentions(masked))
    ends = [_sentence_ends(*args) for args in zip(texts, masked, spans, strict=True)]

    events = []  # (para, pos, span or reported-speech match), in text order
    for i, para_spans in enumerate(spans):
        events += [(i, s.start, s) for s in para_spans if not s.continued]
        events += [(i, m.start(), m) for m in reported(masked[i])]
    events.sort(key=lambda e: (e[0], e[1]))

    quotes: list[WireQuote] = []
    last_quote_para = None
    for para, pos, event in events:
        if isinstance(event, re.Match):
            name, _ = speakers.resolve(who_of(event), (para, pos))
            speakers.last = name or speakers.last
            continue
        chain = [event]
        while chain[-1].next:
            chain.append(chain[-1].next)
        first, final = chain[0], chain[-1]
        text = texts[para]
        start, _ = _bounds(ends[para], first.start - 1, len(text))
        opening = first.start - 1
        head = masked[para][start : min(opening, start + REACH)]  # the sentence's start
        pre = masked[para][max(start, opening - REACH) : opening]  # what leads to the quote
        ftext = texts[final.para]
        _, end = _bounds(ends[final.para], final.end, len(ftext))
        post = masked[final.para][final.end + 1 : min(end, final.end + 1 + REACH)]
        post = post if final.closed else ""
        quote_text = text[first.start : first.end].strip()
        if (not quote_text and not first.next) or quote_text in known:
            continue
        before = pre.replace(MASK, "").rstrip()
        full = quote_text[:1].isupper() or quote_text[:1].isdigit()
        full = full and (not before or before.endswith((":", ",", "—", "–")))
        # '"We will," she said, "build it."': the second piece finishes a full quote
        resumed = head.lstrip().startswith(MASK) and before.endswith(",")
        full = full or (resumed and quote_text[:1].islower())
        who = attribution(head, pre, post, full, texts[final.para][final.end - 3 : final.end])
        if who is None and full and final.closed and end == final.end + 1:
            # '"We lost the house." That was how Ana Lima described the night.'
            _, after = _bounds(ends[final.para], end, len(ftext))
            who = next_sentence(masked[final.para][end:after])
        name, doubt = speakers.resolve(who, (para, pos))
        if who is not None and who.kind == "pronoun":
            previous = masked[para - 1] if para else ""
            so_far = masked[para][max(0, opening - PRONOUN_REACH) : opening]
            name, doubt = speakers.nearest(so_far, previous, who.name)
            if name:
                speakers.remember(name, who.name)
        alone = who is None and not names_a_speaker(post)
        if alone and full and speakers.last and last_quote_para in (para, para - 1):
            name = speakers.last  # a quote standing alone continues the last speaker
        if name is None:
            if not full and len(quote_text.split()) <= 3:
                continue  # a word or two in scare quotes, or a title: not speech
            reason = doubt or _REASONS.get(who.kind if who else "", "no speaker found")
            warnings.append(f"Quote left out ({reason}): “{_short(quote_text)}”")
            continue
        speakers.last, last_quote_para = name, final.para
        for span in chain:
            piece = texts[span.para][span.start : span.end].strip()
            if piece:
                quotes.append(WireQuote(piece, name, "", partial=not full))
    for quote in quotes:
        quote.speaker_title = speakers.titles.get(quote.speaker, "")
    return quotes, warnings


_REASONS = {
    "organisation": "the speaker is an organisation",
    "unclear": "the speaker is not named",
    "descriptor": "the speaker is not named",
    "surname": "no full name for the speaker",
    "pronoun": "no earlier speaker for “he” or “she”",
}


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77].rstrip() + "…"
