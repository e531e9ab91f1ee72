"""Direct quotes in a story's paragraphs and who said them.

A quote is one stretch of text between double quote marks, stored exactly as
printed (without the marks), so it always appears word for word in the body.
A quote that runs over several paragraphs (opening mark at the start of each,
closing mark only at the end) gives one quote per paragraph, all with the same
speaker. The speaker is named in the same sentence with a speech verb, before
or after the quote; a pronoun or a quote standing alone after an attributed one
refers to the most recent speaker; a surname alone ("Matos said") or a
descriptor ("the mayor said") is resolved to the full name and title of the
earliest mention. Quotes whose speaker cannot be found are left out with a
warning: an editor adds them by hand rather than under a wrong name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .markup import PARAGRAPH, Block, words
from .parts import ORG_WORDS, PARTICLES, is_abbreviation, one_line
from .story import WireQuote

OPEN, CLOSE, EITHER = "“„«", "”»", '"'
_REACH = 300  # characters around a quote searched for its speaker
MASK = "\x00"


def _char_class(predicate) -> str:
    """A regex character class of the letters in Latin, Greek and Cyrillic that match."""
    ranges, start, last = [], None, None
    for code in [*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)]:
        if predicate(chr(code)):
            if start is not None and code == last + 1:
                last = code
                continue
            if start is not None:
                ranges.append((start, last))
            start = last = code
    ranges.append((start, last))
    return "[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges) + "]"


UP = _char_class(str.isupper)
_NAME_WORD = rf"{UP}(?:[^\W\d_]|['’.-](?=[^\W\d_]))*\.?"
_PARTICLE = "|".join(sorted(PARTICLES))
_NAME_RUN = rf"{_NAME_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)?{_NAME_WORD}){{0,6}}"
_ORG_RUN = rf"{_NAME_RUN}(?:\s+(?:of|for|and|on|de)\s+(?:the\s+)?{_NAME_RUN}){{0,3}}"
# A speaker: pronoun, name (after a title in small letters, before "of the Institute"),
# or a descriptor such as "the mayor".
_WHO = (
    r"(?<![\w'’-])(?P<who>(?:[Hh]e|[Ss]he|[Tt]hey)\b"
    rf"|(?P<ltitle>(?:{UP}[\w'’-]*\s+)?(?:[a-z][\w'’-]*\s+){{1,4}}?)?{_NAME_RUN}"
    rf"(?P<of>\s+(?:of|at|from|for|with)\s+(?:the\s+)?{_ORG_RUN})?"
    r"|[Tt]he\s+(?:[a-z][\w'’-]*\s+){0,2}?[a-z][\w-]*)"
)
_APPOSITIVE = r"(?P<app>,\s[^,\x00]{1,120},)?"
_ADVERB = r"(?:(?:also|later|then|previously|once|again|earlier|recently|[a-z]+ly)\s+)?"
FINITE_VERBS = sorted(
    words(
        "said says say told tells added adds asked asks wrote writes warned warns accused "
        "accuses explained noted insisted argued replied recalled declared claimed urged "
        "announced admitted acknowledged complained predicted stressed continued cautioned "
        "conceded vowed promised testified responded agreed suggested posted tweeted shouted "
        "remarked observed confirmed maintained countered quipped described called"
    )
)
PARTICIPLES = sorted(
    words("describing calling accusing warning adding saying telling writing asking")
)
_VERB = r"(?:" + "|".join(FINITE_VERBS + PARTICIPLES) + r")\b"
_FINITE = r"(?:" + "|".join(FINITE_VERBS) + r")\b"

_POST = [
    re.compile(rf"^{_ADVERB}{_VERB}\s+{_WHO}(?P<rest>.*)$", re.DOTALL),
    re.compile(rf"^{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_VERB}"),
    re.compile(rf"^according\s+to\s+{_WHO}(?P<rest>.*)$", re.DOTALL),
]
_PRE = [
    re.compile(rf"{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_VERB}(?:\s+[\w'’]+){{0,3}}?\s*[:,]?\s*$"),
    re.compile(rf"{_VERB}\s+{_WHO}(?P<rest>,\s[^,]{{1,120}})?\s*[:,]\s*$"),
    re.compile(rf"according\s+to\s+{_WHO}\s*,?\s*$", re.IGNORECASE),
    re.compile(
        rf"^(?:(?:But|And|Yet|Still|However|Meanwhile),?\s+)?{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_FINITE}"
    ),
]
# Reported speech ("Matos said the cooperative would ...") names a speaker too: the
# subject is looked for just before each speech verb.
_FINITE_VERB = re.compile(rf"\b{_FINITE}")
_REPORTED = re.compile(rf"{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_FINITE}")

# Lower-case words that end a title printed in small letters before a name are kept;
# these mean the words before the name are a clause, not a title.
_CLAUSE_WORDS = words(
    """that which who whom and or but to in on at by as with from if when is was are were
    has had have said says told added also than then so for of after before while
    because"""
)
TITLE_WORDS = words(
    """mayor deputy councillor councilor councilman councilwoman alderman president vice
    prime minister secretary senator sen rep representative governor gov judge justice
    chancellor king queen prince princess pope father rev reverend dr doctor professor
    prof general gen lt lieutenant colonel col captain capt sergeant sgt commissioner
    chief inspector detective det officer director ambassador chairman chairwoman chair
    chairperson ceo cfo coo cto executive lord lady sir dame speaker attorney sheriff
    coach bishop archbishop cardinal rabbi imam sheikh premier superintendent supt
    assemblyman assemblywoman congressman congresswoman mp mep delegate spokesman
    spokeswoman spokesperson manager founder head leader admiral adm major maj commander
    cmdr marshal constable emir sultan duke duchess baroness baron farmer resident
    lawyer teacher nurse engineer scientist researcher fisherman shopkeeper owner
    analyst historian librarian prosecutor spokesperson curator architect"""
)


def _is_title_word(word: str) -> bool:
    word = word.lower().rstrip(".")
    return word in TITLE_WORDS or (len(word) >= 6 and word.endswith("ist"))  # economist


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx"})
_STOP = words(
    """the a an in on at but and for with from after before when while if as this that
    these those it its our their his her by to of under over since during last next so
    yet still however meanwhile monday tuesday wednesday thursday friday saturday sunday"""
)


@dataclass
class _Span:
    para: int  # index into the paragraph list
    start: int  # first character of the quote text
    end: int  # the closing mark (or the paragraph's end)
    closed: bool
    next: _Span | None = None  # the same quote continued in the next paragraph
    continued: bool = False  # this span continues one from the paragraph before


@dataclass
class _Who:
    kind: str  # name | surname | pronoun | descriptor | organisation
    name: str
    title: str = ""


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
    ends += [
        s.end + 1 for s in spans if s.closed and re.search(r"[.?!…]['’]?$", text[s.start : s.end])
    ]
    return sorted(ends)


def _bounds(ends: list[int], pos: int, length: int) -> tuple[int, int]:
    """Start and end of the sentence around ``pos``."""
    i = bisect.bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else length)


def _who(match: re.Match, rest: str = "") -> _Who:
    groups = match.groupdict()
    words = match["who"].split()
    if words[0].lower() in {"he", "she", "they"}:
        return _Who("pronoun", "")
    if words[0] in {"the", "The"} and all(w[:1].islower() for w in words[1:]):
        return _Who("descriptor", words[-1].lower())
    small = (groups.get("ltitle") or "").split()
    words = words[len(small) : len(words) - len((groups.get("of") or "").split())]
    clause = (i + 1 for i, w in enumerate(small) if w.lower() in _CLAUSE_WORDS)
    small = small[max(clause, default=0) :]
    if small and small[0].lower() in {"a", "an", "the"}:
        small = small[1:]
    while words and words[0].lower().rstrip(".") in _STOP:
        words = words[1:]
    titled = [i for i, w in enumerate(words[:-1]) if _is_title_word(w)]
    title_words, name_words = (
        (words[: titled[-1] + 1], words[titled[-1] + 1 :]) if titled else ([], words)
    )
    if title_words and title_words[-1].lower().rstrip(".") in _HONORIFICS:
        title_words = []
    if not name_words:
        return _Who("organisation", "")
    if any(re.sub(r"['’]s$", "", w.lower()).strip(".") in ORG_WORDS for w in name_words):
        return _Who("organisation", " ".join(name_words))
    title = " ".join(title_words or small)
    if title and groups.get("of"):
        title += " " + one_line(groups["of"])  # "Hydrologist ... of the University of Sarlat"
    appositive = rest or (groups.get("app") or "")
    if not title and appositive:
        title = _appositive_title(appositive)
    kind = "name" if len(name_words) > 1 else "surname"
    return _Who(kind, " ".join(name_words).strip(".,"), title)


def _appositive_title(text: str) -> str:
    """The title in an appositive ("…, chairman of the Cooperative."); "" for "…, 54,"."""
    title = re.split(r",|;|\s[—–-]\s", text.strip().lstrip(",").strip(), maxsplit=1)[0]
    title = re.sub(r"^(?:a|an|the)\s+", "", title.strip(" .\x00"))
    first = title.split()[0].lower() if title.split() else ""
    if not title or first in {"one", "who", "which", "whose", "where", "when", "said", "adding"}:
        return ""
    if first[0].isdigit() or len(title) > 120 or not (title[0].islower() or first in TITLE_WORDS):
        return ""
    return title


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
        self.last: str | None = None

    def add(self, name: str, title: str) -> str:
        if not self.titles.get(name):
            self.titles[name] = title or self.first_title.get(name, "")
        return name

    def resolve(self, who: _Who | None, where: tuple[int, int]) -> str | None:
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


def _mentions(texts: list[str]) -> list[tuple[tuple[int, int], str, str]]:
    found = []
    for para, text in enumerate(texts):
        for match in re.finditer(rf"(?P<who>{_NAME_RUN})", text):
            who = _who(match)
            if who.kind == "name":
                found.append(((para, match.start()), who.name, who.title))
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
        events += [(i, m.start(), m) for m in _reported(masked[i])]
    events.sort(key=lambda e: (e[0], e[1]))

    quotes: list[WireQuote] = []
    last_quote_para = None
    for para, pos, event in events:
        if isinstance(event, re.Match):
            name = speakers.resolve(_who(event), (para, pos))
            speakers.last = name or speakers.last
            continue
        chain = [event]
        while chain[-1].next:
            chain.append(chain[-1].next)
        first, final = chain[0], chain[-1]
        text = texts[para]
        start, _ = _bounds(ends[para], first.start - 1, len(text))
        opening = first.start - 1
        head = masked[para][start : min(opening, start + _REACH)]  # the sentence's start
        pre = masked[para][max(start, opening - _REACH) : opening]  # what leads to the quote
        ftext = texts[final.para]
        _, end = _bounds(ends[final.para], final.end, len(ftext))
        post = masked[final.para][final.end + 1 : min(end, final.end + 1 + _REACH)]
        post = post if final.closed else ""
        quote_text = text[first.start : first.end].strip()
        if quote_text in known:
            continue
        before = pre.replace(MASK, "").rstrip()
        full = quote_text[:1].isupper() or quote_text[:1].isdigit()
        full = full and (not before or before.endswith((":", ",", "—", "–")))
        who = _attribution(head, pre, post, full, texts[final.para][final.end - 3 : final.end])
        name = speakers.resolve(who, (para, pos))
        if who is None and full and speakers.last and last_quote_para in (para, para - 1):
            name = speakers.last  # a quote standing alone continues the last speaker
        if name is None:
            if not full and len(quote_text.split()) <= 3:
                continue  # a word or two in scare quotes, or a title: not speech
            reason = _REASONS.get(who.kind if who else "", "no speaker found")
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


def _reported(text: str):
    """Subjects of speech verbs, searched only in the stretch of text before each verb."""
    windows: list[list[int]] = []
    for verb in _FINITE_VERB.finditer(text):
        start, end = max(0, verb.start() - _REACH), verb.end()
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    for start, end in windows:
        yield from _REPORTED.finditer(text, start, end)


def _attribution(head: str, pre: str, post: str, full: bool, last_text: str) -> _Who | None:
    """The speaker named after the quote (``post``) or before it (``pre``, or ``head``,
    the start of the sentence); for a full quote the words after it come first."""
    post = post.replace(MASK, " ").lstrip(" ,—–-")
    after = None
    if post and (re.search(r"[,?!—–…-]['’]?$", last_text.strip()) or post[:1].islower()):
        for pattern in _POST:
            match = pattern.match(one_line(post))
            if match:
                after = _who(match, match.groupdict().get("rest") or "")
                break
    pre, head = one_line(pre.replace(MASK, " ")), one_line(head.replace(MASK, " "))
    before = None
    for pattern in _PRE:
        match = pattern.search(head if pattern.pattern[0] == "^" else pre)
        if match:
            before = _who(match, match.groupdict().get("rest") or "")
            break
    ordered = [after, before] if full else [before, after]
    return next((w for w in ordered if w and w.kind != "organisation"), ordered[0] or ordered[1])


_REASONS = {
    "organisation": "the speaker is an organisation",
    "descriptor": "the speaker is not named",
    "surname": "no full name for the speaker",
    "pronoun": "no earlier speaker for “he” or “she”",
}


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77].rstrip() + "…"
