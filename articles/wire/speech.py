"""Who said a quote: the grammar of attributions in news copy.

A speaker is named with a speech verb before or after the quote ("...," said
Rui Matos, chairman of the cooperative; Mayor Ines Carvalho told reporters:
"..."), in reported speech ("Matos said the cooperative would ..."), by a
pronoun, a part of a name or a descriptor ("the mayor said"), in any language of
``speech_verbs`` (the one table of verbs, pronouns and articles: no verb is named
here). The patterns find those phrases and read a name and a title out of them
("Ambassador to the U.N. Jane Roe", "Harbour Rowing's Ana Lobo", "quoted Ken Sato
as saying"); ``speakers`` decides which person they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .copy_parts import ORG_WORDS, PARTICLES, one_line
from .markup import words
from .speech_verbs import FRENCH_INVERSION, alternation, entries, pronoun_gender

OPEN, CLOSE, EITHER = "“„«", "”»", '"'
REACH = 300  # characters around a quote searched for its speaker
MASK = "\x00"
_ACRONYM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,}")
_POSSESSIVE = re.compile(r"\w['’]s$")
_S_END = re.compile(r"['’]s$")
_OPEN_END = re.compile(r"[,?!—–…-]['’]?$")  # a quote that goes on: "...," said


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
# A full stop belongs to a name word only in an initial ("S."), a dotted acronym ("U.N.")
# or an abbreviation ("Dr.", "Jr."): "said Weber. Jonas Keller said" is two names.
_NAME_ABBREVIATIONS = words(
    "Mr Mrs Ms Mx Dr Prof Gov Sen Rep Gen Lt Col Sgt Capt Cmdr Adm Rev St Hon Pres Supt "
    "Det Insp Cpl Pvt Maj Brig Fr Jr Sr"
)
_NAME_WORD = (
    rf"(?:(?:{UP}\.){{2,}}|(?:{'|'.join(sorted(_NAME_ABBREVIATIONS))})\.|{UP}\.(?=\s)"
    rf"|{UP}(?:[^\W\d_]|['’-](?=[^\W\d_])|\.(?=[^\W\d_]))*)"
)
_PARTICLE = "|".join(sorted(PARTICLES))
_NAME_RUN = rf"{_NAME_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)?{_NAME_WORD}){{0,6}}"
_ORG_RUN = rf"{_NAME_RUN}(?:\s+(?:of|for|and|on|de)\s+(?:the\s+)?{_NAME_RUN}){{0,3}}"
_FINITE = rf"(?:{alternation(entries('finite'))})(?![\w'’-])"
_VERB = rf"(?:{alternation(entries('finite') + entries('participles'))})(?![\w'’-])"
FINITE_VERBS = entries("finite")
PARTICIPLES = entries("participles")
PRONOUNS = frozenset(entries("he") + entries("she") + entries("they"))
_ENGLISH_PRONOUN = r"(?:[Hh]e|[Ss]he|[Tt]hey)\b"
# Other languages' pronouns are also words of their own ("il sindaco", "die Stadt") and
# names ("Han", "Lei", "Ela"): a pronoun in small letters where a verb or a stop follows
# ("sagte er.", "säger hon,"), or capitalised before a verb of its own languages ("Hon
# säger", "Elle a déclaré"), never before an English one ("Han said" is Mr Han).
_OTHER_VERB = rf"(?:{alternation(entries('finite', besides='en'))})(?![\w'’-])"
_OTHER_PRONOUNS = sorted(PRONOUNS - {"he", "she", "they"})
_OTHER_PRONOUN = (
    rf"(?:(?:{'|'.join(map(re.escape, _OTHER_PRONOUNS))})(?=\s*(?:[.,;:!?…—–]|$)|\s+{_VERB})"
    rf"|(?:{'|'.join(re.escape(p.title()) for p in _OTHER_PRONOUNS)})(?=\s+{_OTHER_VERB}))"
)


def _capitalised_or_not(word: str) -> str:
    return f"[{word[0].upper()}{word[0]}]{re.escape(word[1:])}"


_ARTICLE = "|".join(map(_capitalised_or_not, entries("articles")))
# A speaker: pronoun, name (after a title in small letters, before "of the Institute"),
# or a descriptor such as "the mayor" ("il sindaco", "der Bürgermeister" stay descriptors).
_WHO = (
    rf"(?<![\w'’-])(?P<who>(?P<pronoun>{_ENGLISH_PRONOUN}|{_OTHER_PRONOUN})"
    rf"|(?P<ltitle>(?:{UP}[\w'’-]*\s+)?(?:[a-z][\w'’-]*\s+){{1,4}}?)?{_NAME_RUN}"
    rf"(?P<of>\s+(?:of|at|from|for|with)\s+(?:the\s+)?(?:[a-z][\w'’-]*\s+){{0,3}}{_ORG_RUN})?"
    rf"|(?:{_ARTICLE})\s+(?:[a-z][\w'’-]*\s+){{0,2}}?[a-z][\w-]*)"
)
# "according to", "secondo", "selon" ..., capitalised or not
_ACCORDING = "|".join(f"[{p[0].upper()}{p[0]}]{alternation([p])[1:]}" for p in entries("according"))
_ACCORDING_WORDS = frozenset(w for p in entries("according") for w in p.split())
_APPOSITIVE = r"(?P<app>,\s[^,\x00]{1,120},)?"
_ADVERB = r"(?:(?:also|later|then|previously|once|again|earlier|recently|[a-z]+ly)\s+)?"
# "Kyodo quoted Foreign Minister Ken Sato as saying": Sato speaks, not Kyodo.
_QUOTED_AS = rf"\bquoted\s+{_WHO}{_APPOSITIVE}\s+as\s+(?:saying|telling\s+[\w'’]+)"
_POST = [
    re.compile(rf"^{FRENCH_INVERSION}"),  # "« ... », a-t-elle déclaré"
    re.compile(rf"^(?:[^\x00.?!;:]{{1,80}}?\s)?{_QUOTED_AS}"),
    re.compile(rf"^{_ADVERB}{_VERB}\s+{_WHO}(?P<rest>.*)$", re.DOTALL),
    re.compile(rf"^{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_VERB}"),
    re.compile(rf"^(?:{_ACCORDING})\s+{_WHO}(?P<rest>.*)$", re.DOTALL),
]
_PRE = [
    re.compile(rf"{_QUOTED_AS}(?:\s+[\w'’]+){{0,3}}?\s*[:,]?\s*$"),
    re.compile(rf"{_WHO}{_APPOSITIVE}\s+{_ADVERB}{_VERB}(?:\s+[\w'’]+){{0,3}}?\s*[:,]?\s*$"),
    re.compile(rf"{_VERB}\s+{_WHO}(?P<rest>,\s[^,]{{1,120}})?\s*[:,]\s*$"),
    re.compile(rf"(?<![\w'’-])(?:{_ACCORDING})\s+{_WHO}\s*,?\s*$"),
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
    | words("che que qui dass som att at e et y und og och")  # "that", "and" elsewhere
    | {w for verb in FINITE_VERBS for w in verb.split()}
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
    analyst historian librarian prosecutor spokesperson curator architect
    bürgermeister ministerpräsident präsident kanzler sprecher direktor chef vorsitzender
    vorsitzende landrat stadtrat bundesrat staatssekretär"""
)


def is_title_word(word: str) -> bool:
    word = word.lower().rstrip(".")
    if word.endswith("in") and word[:-2] in TITLE_WORDS:
        return True  # the German feminine: "Bürgermeisterin", "Ministerin"
    return word in TITLE_WORDS or (len(word) >= 6 and word.endswith("ist"))  # economist


_ORGANISATIONS = ORG_WORDS | frozenset(entries("organisations"))
_ARTICLES = frozenset({"a", "an", *entries("articles")})
_LINKS = words("to of for at the")
_TITLE_MODIFIERS = words(
    """former acting interim outgoing incoming deputy vice assistant associate senior junior
    chief then retired first second"""
)
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx"})
_ADDRESS = frozenset({"dr", "rev", "revd", "fr"})  # forms of address, not jobs
_STOP = words(
    """the a an in on at but and for with from after before when while if as this that
    these those it its our their his her by to of under over since during last next so
    yet still however meanwhile monday tuesday wednesday thursday friday saturday sunday"""
)


@dataclass(frozen=True)
class Who:
    kind: str  # name | surname | pronoun | descriptor | organisation
    name: str
    title: str = ""


def _is_acronym(word: str) -> bool:
    """ "U.N.", "U.S.", "EU", "NATO": part of a title before a name, never a name."""
    return _ACRONYM.fullmatch(word) is not None


def _small_title(small: list[str], before_acronym: bool) -> list[str]:
    """The title printed in small letters before a name, from the words that lead to it:
    what follows the last clause word ("told reporters"), keeping "to the" in
    "Ambassador to the U.N. Jane Roe"."""
    end = len(small)
    if before_acronym:
        while end and small[end - 1].lower() in _LINKS:
            end -= 1
        if end == len(small) or not end or not is_title_word(small[end - 1]):
            end = len(small)
    clause = (i + 1 for i, w in enumerate(small[:end]) if w.lower() in _CLAUSE_WORDS)
    small = small[max(clause, default=0) :]
    if small and small[0].lower() in _ARTICLES:
        small = small[1:]
    return small


def _title_lead(small: list[str]) -> list[str]:
    """The small words that belong to a capitalised title after them: "deputy" in
    "deputy U.S. Ambassador Jane Roe", "former acting" in "former acting Mayor ..."."""
    start = len(small)
    while start and (
        small[start - 1].lower() in _TITLE_MODIFIERS or is_title_word(small[start - 1])
    ):
        start -= 1
    return small[start:]


def who_of(match: re.Match, rest: str = "") -> Who:
    """The speaker a match of one of the patterns names (``rest``: what follows it)."""
    groups = match.groupdict()
    key = (match["who"], *(groups.get(g) for g in ("pronoun", "ltitle", "of", "app")), rest)
    return _who(*key)


_NAME_ONLY = re.compile(rf"(?P<who>{_NAME_RUN})")


# The same phrase ("said Rui Matos", "Matos said") is read again and again in a story
# and across a batch: its reading depends only on the phrase, so it is kept.
@lru_cache(maxsize=8192)
def _who(
    who: str, pronoun: str | None, ltitle: str | None, of: str | None, app: str | None, rest: str
) -> Who:
    groups = {"pronoun": pronoun, "ltitle": ltitle, "of": of, "app": app}
    words = who.split()
    if groups.get("pronoun"):
        return Who("pronoun", pronoun_gender(words[0]))  # "he", "she", "they"
    if words[0].lower() in _ARTICLES and all(w[:1].islower() for w in words[1:]):
        # "The regional prefect, Sophie Arnaud-Lenoir, said": the name is in the appositive
        named = _NAME_ONLY.fullmatch((groups.get("app") or "").strip(" ,"))
        who = who_of(named) if named else None
        if who is not None and who.kind in {"name", "surname"}:
            return Who(who.kind, who.name, " ".join(words[1:]))
        if words[-1].lower() in _ORGANISATIONS:  # "the ministry said", "la préfecture"
            return Who("organisation", " ".join(words[1:]))
        return Who("descriptor", words[-1].lower())
    raw_small = (groups.get("ltitle") or "").split()
    words = words[len(raw_small) : len(words) - len((groups.get("of") or "").split())]
    small = _small_title(raw_small, bool(words) and _is_acronym(words[0]))
    # "Der Kämmerer Jonas Keller": after an article, a capitalised noun is the job
    job = len(words) >= 3 and words[0].lower() in _ARTICLES - {"a", "an"}
    while words and words[0].lower().rstrip(".") in _STOP | _ARTICLES | _ACCORDING_WORDS:
        words = words[1:]
    owner: list[str] = []  # "Harbour Rowing's Ana Lobo": the club is not the name
    owned = [i for i, w in enumerate(words) if _POSSESSIVE.search(w)]
    if owned and owned[-1] == len(words) - 1:
        return Who("unclear", "")  # "Ana Lobo's coach said": the coach is not named
    if owned:
        owner, words = words[: owned[-1] + 1], words[owned[-1] + 1 :]
    titled = [i for i, w in enumerate(words[:-1]) if is_title_word(w) or (job and i == 0)]
    title_words, name_words = (
        (words[: titled[-1] + 1], words[titled[-1] + 1 :]) if titled else ([], words)
    )
    while len(name_words) > 1 and _is_acronym(name_words[0]):
        title_words.append(name_words.pop(0))  # "U.N. Jane Roe" after "Ambassador to the"
    if title_words and title_words[-1].lower().rstrip(".") in _HONORIFICS:
        title_words = []
    while len(name_words) > 1 and name_words[0].lower().rstrip(".") in _HONORIFICS:
        name_words = name_words[1:]  # "Mr Ravi Chandra", "Mr Chandra"
    if not name_words:
        return Who("organisation", "")
    if any(_S_END.sub("", w.lower()).strip(".") in _ORGANISATIONS for w in name_words):
        return Who("organisation", " ".join(name_words))
    if title_words and owner:
        title_words = owner + title_words  # "Harbour Rowing's head coach"
    if title_words and small and not all(w.lower().rstrip(".") in _ADDRESS for w in title_words):
        linked = small[-1].lower() in _LINKS and _is_acronym(title_words[0])
        title_words = (small if linked else _title_lead(small)) + title_words
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
    title = re.split(r",|;|\s[—–-]\s|[—–]", text.strip().lstrip(",").strip(), maxsplit=1)[0]
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
    if post and (_OPEN_END.search(last_text.strip()) or post[:1].islower()):
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


def names_a_speaker(text: str) -> bool:
    """Whether ``text`` (the words after a quote) has a speech verb: an attribution that
    could not be read, so the quote is not simply the last speaker's."""
    return _FINITE_VERB.search(text.replace(MASK, " ")) is not None


def next_sentence(sentence: str) -> Who | None:
    """The speaker of a full quote that ends a sentence, named in ``sentence``, the
    one after it, when that sentence opens with a clear attribution."""
    sentence = one_line(sentence.replace(MASK, " ")).strip()
    for pattern in _NEXT:
        match = pattern.match(sentence)
        if match:
            return who_of(match)
    return None
