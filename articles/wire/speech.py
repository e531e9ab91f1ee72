"""Who said a quote: the grammar of attributions in news copy.

A speaker is named with a speech verb before or after the quote ("...," said
Rui Matos, chairman of the cooperative; Mayor Ines Carvalho told reporters:
"..."), in reported speech ("Matos said the cooperative would ..."), by a
pronoun, a surname or a descriptor ("the mayor said"). The patterns here find
those phrases and read a name and a title out of them; ``quotes`` decides which
person they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markup import words
from .parts import ORG_WORDS, PARTICLES, one_line

OPEN, CLOSE, EITHER = "“„«", "”»", '"'
REACH = 300  # characters around a quote searched for its speaker
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
    rf"(?P<of>\s+(?:of|at|from|for|with)\s+(?:the\s+)?(?:[a-z][\w'’-]*\s+){{0,3}}{_ORG_RUN})?"
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
# A full quote alone, its speaker named in the sentence after it: "That was how Ana
# Lima described the night." or "Ana Lima said on Monday." (not "Lima said the ...").
# Only with a speech verb: "That is how Ana Lima put it." stays a warning (tests pin it).
_NEXT = [
    re.compile(
        rf"^(?:That|This|It|So)\s+(?:is|was|['’]s)\s+(?:how|what)\s+{_WHO}{_APPOSITIVE}"
        rf"\s+{_ADVERB}{_FINITE}"
    ),
    re.compile(
        rf"^{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_FINITE}(?:\s+(?:reporters|journalists))?"
        r"(?:\s+(?:on|in|at|later|afterwards|of|from|last|this|yesterday|today|then|again|with)"
        r"\b(?:(?!\bthat\b)[^.?!;:\x00])*)?\s*[.?!…]?\s*$"
    ),
]
# Reported speech ("Matos said the cooperative would ...") names a speaker too: the
# subject is looked for just before each speech verb.
_FINITE_VERB = re.compile(rf"\b{_FINITE}")
_REPORTED = re.compile(rf"{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_FINITE}")

# Lower-case words that end a title printed in small letters before a name are kept;
# these mean the words before the name are a clause, not a title.
_CLAUSE_WORDS = (
    words(
        """that which who whom and or but to in on at by as with from if when is was are were
    has had have said says told added also than then so for of after before while
    because include includes included including among like such met meets named
    appointed according how what why where"""
    )
    | set(FINITE_VERBS)
    | set(PARTICIPLES)
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


def is_title_word(word: str) -> bool:
    word = word.lower().rstrip(".")
    return word in TITLE_WORDS or (len(word) >= 6 and word.endswith("ist"))  # economist


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx"})
_ADDRESS = frozenset({"dr", "rev", "revd", "fr"})  # forms of address, not jobs
_STOP = words(
    """the a an in on at but and for with from after before when while if as this that
    these those it its our their his her by to of under over since during last next so
    yet still however meanwhile monday tuesday wednesday thursday friday saturday sunday"""
)


@dataclass
class Who:
    kind: str  # name | surname | pronoun | descriptor | organisation
    name: str
    title: str = ""


def who_of(match: re.Match, rest: str = "") -> Who:
    groups = match.groupdict()
    words = match["who"].split()
    if words[0].lower() in {"he", "she", "they"}:
        return Who("pronoun", words[0].lower())  # the pronoun itself, to tell people apart
    if words[0] in {"the", "The"} and all(w[:1].islower() for w in words[1:]):
        # "The regional prefect, Sophie Arnaud-Lenoir, said": the name is in the appositive
        named = re.fullmatch(rf"(?P<who>{_NAME_RUN})", (groups.get("app") or "").strip(" ,"))
        who = who_of(named) if named else None
        if who is not None and who.kind in {"name", "surname"}:
            return Who(who.kind, who.name, " ".join(words[1:]))
        return Who("descriptor", words[-1].lower())
    small = (groups.get("ltitle") or "").split()
    words = words[len(small) : len(words) - len((groups.get("of") or "").split())]
    clause = (i + 1 for i, w in enumerate(small) if w.lower() in _CLAUSE_WORDS)
    small = small[max(clause, default=0) :]
    if small and small[0].lower() in {"a", "an", "the"}:
        small = small[1:]
    while words and words[0].lower().rstrip(".") in _STOP:
        words = words[1:]
    titled = [i for i, w in enumerate(words[:-1]) if is_title_word(w)]
    title_words, name_words = (
        (words[: titled[-1] + 1], words[titled[-1] + 1 :]) if titled else ([], words)
    )
    if title_words and title_words[-1].lower().rstrip(".") in _HONORIFICS:
        title_words = []
    while len(name_words) > 1 and name_words[0].lower().rstrip(".") in _HONORIFICS:
        name_words = name_words[1:]  # "Mr Ravi Chandra", "Mr Chandra"
    if not name_words:
        return Who("organisation", "")
    if any(re.sub(r"['’]s$", "", w.lower()).strip(".") in ORG_WORDS for w in name_words):
        return Who("organisation", " ".join(name_words))
    if all(w.lower().rstrip(".") in _ADDRESS for w in title_words) and small:
        title_words = []  # "hydrologist Dr. Renata Aguiar": the job, not the form of address
    title = " ".join(title_words or small)
    if title and groups.get("of"):
        title += " " + one_line(groups["of"])  # "Hydrologist ... of the University of Sarlat"
    appositive = rest or (groups.get("app") or "")
    # "Dr. Felicia Amato, the pool's chief operating officer": the appositive says more
    if appositive and all(w.lower().rstrip(".") in _ADDRESS for w in title.split()):
        title = _appositive_title(appositive) or title
    kind = "name" if len(name_words) > 1 else "surname"
    return Who(kind, " ".join(name_words).strip(".,"), title)


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


# A name, with the title printed in small letters before it: "Fisheries commissioner Henrik Vaske"
MENTION = re.compile(
    rf"(?<![\w'’-])(?P<who>(?P<ltitle>(?:(?!(?:He|She|They|It|We|I)\b){UP}[\w'’-]*\s+)?(?:[a-z][\w'’-]*\s+){{1,3}}?)?{_NAME_RUN})"
)


def reported(text: str):
    """Subjects of speech verbs, searched only in the stretch of text before each verb."""
    windows: list[list[int]] = []
    for verb in _FINITE_VERB.finditer(text):
        start, end = max(0, verb.start() - REACH), verb.end()
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    for start, end in windows:
        yield from _REPORTED.finditer(text, start, end)


def attribution(head: str, pre: str, post: str, full: bool, last_text: str) -> Who | None:
    """The speaker named after the quote (``post``) or before it (``pre``, or ``head``,
    the start of the sentence); for a full quote the words after it come first."""
    post = post.replace(MASK, " ").lstrip(" ,—–-")
    after = None
    if post and (re.search(r"[,?!—–…-]['’]?$", last_text.strip()) or post[:1].islower()):
        for pattern in _POST:
            match = pattern.match(one_line(post))
            if match:
                after = who_of(match, match.groupdict().get("rest") or "")
                break
    pre, head = one_line(pre.replace(MASK, " ")), one_line(head.replace(MASK, " "))
    before = None
    for pattern in _PRE:
        match = pattern.search(head if pattern.pattern[0] == "^" else pre)
        if match:
            before = who_of(match, match.groupdict().get("rest") or "")
            break
    ordered = [after, before] if full else [before, after]
    return next((w for w in ordered if w and w.kind != "organisation"), ordered[0] or ordered[1])


def next_sentence(sentence: str) -> Who | None:
    """The speaker of a full quote that ends a sentence, named in ``sentence``, the
    one after it, when that sentence opens with a clear attribution."""
    sentence = one_line(sentence.replace(MASK, " ")).strip()
    for pattern in _NEXT:
        match = pattern.match(sentence)
        if match:
            return who_of(match)
    return None
