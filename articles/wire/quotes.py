"""Direct quotes in a story's paragraphs and who said them.

A quote is one stretch of text between double quote marks, stored exactly as
printed (without the marks), so it always appears word for word in the body.
A quote that runs over several paragraphs (opening mark at the start of each,
closing mark only at the end) gives one quote per paragraph, all with the same
speaker. The speaker is named in the same sentence with a speech verb, before
or after the quote (see ``speech``); a pronoun or a quote standing alone after an
attributed one refers to the most recent speaker, unless the paragraph names
only someone else ("Whitcomb paused. “...,” he said.") or a later sentence opens
with someone new ("Mayor Ines Carvalho disagreed. “...,” she said."), and a pronoun
that could mean two people is not guessed at; a surname alone ("Matos said") or a
descriptor ("the mayor said") is resolved to the full name and title of the
earliest mention. A full quote that ends a sentence may be attributed by the next
one ("“...” That was how Ana Lima described the night."; only with a speech verb).
In a paragraph with no double quote marks, British quotes in single marks count
when a speaker is named with them (``_scan_single``). Quotes whose speaker cannot
be found are left out with a warning: an editor adds them by hand rather than under
a wrong name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .markup import PARAGRAPH, Block, words
from .parts import is_abbreviation
from .speech import (
    CLOSE,
    EITHER,
    MASK,
    MENTION,
    OPEN,
    REACH,
    UP,
    Who,
    attribution,
    is_title_word,
    next_sentence,
    reported,
    who_of,
)
from .story import WireQuote


@dataclass
class _Span:
    para: int  # index into the paragraph list
    start: int  # first character of the quote text
    end: int  # the closing mark (or the paragraph's end)
    closed: bool
    next: _Span | None = None  # the same quote continued in the next paragraph
    continued: bool = False  # this span continues one from the paragraph before


def _scan(text: str, para: int, warn) -> list[_Span]:
    spans, open_at = [], None
    for i, ch in enumerate(text):
        if ch in OPEN or (ch == EITHER and open_at is None):
            if open_at is not None:
                warn()
            open_at = i
        elif ch in CLOSE or ch == EITHER:
            if open_at is None:
                warn()
            else:
                spans.append(_Span(para, open_at + 1, i, True))
                open_at = None
    if open_at is not None:
        spans.append(_Span(para, open_at + 1, len(text), False))
    return spans


_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))['‘](?=[^\W\d_])")
_SINGLE_CLOSE = re.compile(r"(?<=[,.?!…])['’](?![\w'’])")
_SENTENCE_STOP = re.compile(r"[.?!…]['’)\]]*(?:\s+|$)")


def _scan_single(text: str, para: int) -> list[_Span]:
    """British quotes in single marks ('We will build it,' she said.), in a paragraph
    with no double quote marks: a full sentence or more, in capitals and ending in a
    stop or a comma, with a speaker named before or after it. Apostrophes
    ("fishermen's", "the '90s", "rock 'n' roll") never qualify."""
    if any(ch in OPEN + CLOSE + EITHER for ch in text):
        return []
    spans: list[_Span] = []
    closers = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    stops = [m.end() for m in _SENTENCE_STOP.finditer(text)]
    budget = 200  # attributions tried in a paragraph full of apostrophes
    for opener in _SINGLE_OPEN.finditer(text):
        o = opener.start()
        if (spans and o <= spans[-1].end) or budget <= 0:
            continue
        # "'We will,' she said, 'build it.'": small letters only to finish a quote
        if text[o + 1].islower() and not (spans and text[:o].rstrip().endswith(",")):
            continue
        i = bisect.bisect_right(stops, o)
        head = text[stops[i - 1] if i else 0 : o]
        pre = text[max(0, o - REACH) : o]
        full = not pre.rstrip() or pre.rstrip().endswith((":", ",", "—", "–"))
        for c in [c for c in closers if o + 1 < c <= o + 2 * REACH][:8]:
            budget -= 1
            j = bisect.bisect_right(stops, c + 1)
            post = text[c + 1 : min(stops[j] if j < len(stops) else len(text), c + 1 + REACH)]
            if attribution(head, pre, post, full, text[c - 3 : c]):
                spans.append(_Span(para, o + 1, c, True))
                break
    return spans


def _mask(text: str, spans: list[_Span]) -> str:
    chars = list(text)
    for span in spans:
        chars[span.start - 1 : span.end + 1] = MASK * len(chars[span.start - 1 : span.end + 1])
    return "".join(chars)[: len(text)]


def _sentence_ends(text: str, masked: str, spans: list[_Span]) -> list[int]:
    """Where the sentences of a paragraph end; a quote ending in a full stop ends one."""
    ends = [
        m.end()
        for m in re.finditer(r"(\w*)[.?!…][)\]'’]*(?=\s)", masked)
        if not is_abbreviation(m[1])
    ]
    # '"Who will pay?" asked Marc Delorme.': a quote followed by small letters goes on.
    ends += [
        s.end + 1
        for s in spans
        if s.closed
        and re.search(r"[.?!…]['’]?$", text[s.start : s.end])
        and not re.match(r"\s*[a-z,]", text[s.end + 1 :])
    ]
    return sorted(ends)


def _bounds(ends: list[int], pos: int, length: int) -> tuple[int, int]:
    """Start and end of the sentence around ``pos``."""
    i = bisect.bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else length)


class _Speakers:
    """Names met so far: the full name and first title behind a surname or a descriptor."""

    def __init__(self, mentions: list[tuple[tuple[int, int], str, str]]):
        # mentions: ((para, pos), full name, title) of every name in the text, in order
        self.by_surname: dict[str, list[tuple[tuple[int, int], str, str]]] = {}
        self.first_title: dict[str, str] = {}
        for mention in mentions:
            self.by_surname.setdefault(mention[1].split()[-1], []).append(mention)
            if mention[2]:
                self.first_title.setdefault(mention[1], mention[2])
        self.titled = [m for m in mentions if m[2]]
        self.titles: dict[str, str] = {}  # speakers found so far and their titles
        self.pronouns: dict[str, str] = {}  # "he" or "she" the copy already used for someone
        self.last: str | None = None

    def add(self, name: str, title: str) -> str:
        if not self.titles.get(name):
            self.titles[name] = title or self.first_title.get(name, "")
        return name

    def _named(self, text: str) -> dict[str, int]:
        """The people met so far that ``text`` names, full name or surname, and where."""
        names = {*self.titles, *(m[1] for mentions in self.by_surname.values() for m in mentions)}
        found = {}
        for name in names:
            hits = [m.start() for m in re.finditer(rf"\b{re.escape(name.split()[-1])}\b", text)]
            if hits:
                found[name] = hits[-1]
        return found

    def nearest(self, before: str, previous: str, pronoun: str = "") -> tuple[str | None, str]:
        """Who "he" or "she" is: the last speaker, unless the paragraph so far names only
        someone else ("Whitcomb paused. “...,” he said."); with no last speaker, the one
        person the paragraph before names. A reason where two people could be meant."""
        if self.last:  # "Mayor Ines Carvalho disagreed. “...,” she said."
            newer = self._newer_subject(before)
            newer = newer or (not self._named(before) and self._newer_subject(previous))
            if newer:
                return self._newer_or_last(newer, pronoun)
        last = self.last
        for text in (before, previous):
            found = self._named(text)
            if last in found or (not found and last):
                return last, ""
            if len(found) > 1:
                return None, "“he” or “she” could be " + " or ".join(sorted(found))
            if found:
                return self.add(next(iter(found)), ""), ""
        return None, ""

    def _newer_or_last(self, newer: str, pronoun: str) -> tuple[str | None, str]:
        """The newly named person, unless the pronouns the copy used say otherwise."""
        said_of_newer, said_of_last = self.pronouns.get(newer), self.pronouns.get(self.last)
        if pronoun in {"he", "she"} and said_of_newer not in (None, pronoun):
            return self.last, ""  # "she" was used for the newcomer: "he" is the last speaker
        if pronoun in {"he", "she"} and said_of_last == pronoun and said_of_newer is None:
            return None, f"“{pronoun}” could be {self.last} or {newer}"
        return self.add(newer, ""), ""

    def remember(self, name: str, pronoun: str) -> None:
        if pronoun in {"he", "she"}:
            self.pronouns.setdefault(name, pronoun)

    def _newer_subject(self, text: str) -> str | None:
        """The person a sentence of ``text`` opens with after the last speaker's last
        mention ("Mayor Ines Carvalho disagreed."): the one a later pronoun means."""
        names = {*self.titles, *(m[1] for mentions in self.by_surname.values() for m in mentions)}
        found = self._named(text)
        since = found.get(self.last, -1) if self.last else -1
        best, best_at = None, since
        for name in names - {self.last}:
            for match in _opener(name.split()[-1]).finditer(text):
                lead = match["lead"].lower().split()
                if match.start("name") > best_at and not _PLACE_WORDS.intersection(lead):
                    best, best_at = name, match.start("name")
        return best

    def resolve(self, who: Who | None, where: tuple[int, int]) -> str | None:
        if who is None or who.kind == "organisation":
            return None
        if who.kind == "pronoun":
            return self.last
        if who.kind == "name":
            return self.add(who.name, who.title)
        if who.kind == "surname":
            known = next((n for n in self.titles if n.split()[-1] == who.name), None)
            if known:
                return known
            found = sorted(self.by_surname.get(who.name, []), key=lambda m: m[0] > where)
            return self.add(found[0][1], found[0][2]) if found else None  # earliest first
        noun = re.compile(rf"\b{re.escape(who.name)}\b", re.IGNORECASE)
        people = [n for n, t in self.titles.items() if noun.search(t)]
        people += [n for w, n, t in self.titled if w < where and noun.search(t)]
        return self.add(people[-1], "") if people else None


# A sentence that opens with a name (and a title) followed by a verb in small letters.
def _opener(surname: str) -> re.Pattern:
    return re.compile(
        rf"(?:^|[.?!…][’'”)\x00]*\s+)(?P<lead>(?:{UP}[\w.'’-]*,?\s+){{0,4}}?)"
        rf"(?P<name>{re.escape(surname)})\b(?:,[^,\x00]{{1,80}},)?\s+[a-z]"
    )


_PLACE_WORDS = words("in at on from to for of by with near under since after before")


def _mentions(texts: list[str]) -> list[tuple[tuple[int, int], str, str]]:
    found = []
    for para, text in enumerate(texts):
        for match in MENTION.finditer(text):
            who = who_of(match)
            if who.kind == "name":
                title = who.title if any(map(is_title_word, who.title.split())) else ""
                found.append(((para, match.start()), who.name, title))
    return found


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
    spans = [_scan(text, i, lambda i=i: unbalanced.add(i)) for i, text in enumerate(texts)]
    spans = [
        s or _scan_single(text, i) for i, (s, text) in enumerate(zip(spans, texts, strict=True))
    ]
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
    speakers = _Speakers(_mentions(masked))
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
            name = speakers.resolve(who_of(event), (para, pos))
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
        if quote_text in known:
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
        name, doubt = speakers.resolve(who, (para, pos)), ""
        if who is not None and who.kind == "pronoun":
            previous = masked[para - 1] if para else ""
            name, doubt = speakers.nearest(masked[para][:opening], previous, who.name)
            if name:
                speakers.remember(name, who.name)
        if who is None and full and speakers.last and last_quote_para in (para, para - 1):
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
    "descriptor": "the speaker is not named",
    "surname": "no full name for the speaker",
    "pronoun": "no earlier speaker for “he” or “she”",
}


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77].rstrip() + "…"
