"""Which person a speaker reference means: the people a story names, and their titles.

``speech`` reads a reference out of an attribution (a full name, one part of a
name, a pronoun, a descriptor); ``Speakers`` turns it into the full name and
first title of someone the story names. Any part of a name refers back to it
("Arjun" or "Mehra" after "Arjun Singh Mehra", "Wang" after "Wang Yi", whose
family name comes first), but only when one person fits: "Berg" in a story about
Ana Berg and Tom Berg is left out with a reason, never guessed.

Every lookup goes through an index, so a story with thousands of names and
quotes is read in time linear in its length.
"""

from __future__ import annotations

import bisect
import re

from .copy_parts import PARTICLES
from .markup import words
from .speech import MENTION, UP, Who, is_title_word, who_of

Mention = tuple[tuple[int, int], str, str]  # ((paragraph, position), full name, title)

# How far back in a paragraph (and into the one before) a pronoun looks for people.
PRONOUN_REACH = 600
_WORD = re.compile(rf"{UP}[\w'’-]*")
# A sentence that opens with a name (and a title) followed by a verb in small letters.
_OPENER = re.compile(
    rf"(?:^|[.?!…][’'”)\x00]*\s+)(?P<lead>(?:{UP}[\w.'’-]*,?\s+){{0,4}}?)"
    rf"(?P<name>{UP}[\w'’-]*)\b(?:,[^,\x00]{{1,80}},)?\s+[a-z]"
)
_NONE: dict[str, tuple[int, int]] = {}
_PLACE_WORDS = words("in at on from to for of by with near under since after before")


def name_parts(name: str) -> list[str]:
    """The words of a name that can stand for it alone: no particles, no initials."""
    return [
        w
        for w in name.split()
        if w.lower() not in PARTICLES and len(w.rstrip(".")) > 1 and not w.endswith(".")
    ]


def mentions(texts: list[str]) -> list[Mention]:
    """Every full name in the paragraphs (quotes masked), with its title where printed."""
    found = []
    for para, text in enumerate(texts):
        for match in MENTION.finditer(text):
            who = who_of(match)
            if who.kind == "name":
                title = who.title if any(map(is_title_word, who.title.split())) else ""
                found.append(((para, match.start()), who.name, title))
    return found


def _runs(name: str) -> set[str]:
    """The shorter names inside a name: "Singh Mehra" and "Arjun Singh" in "Arjun Singh Mehra"."""
    parts = name.split()
    return {
        " ".join(parts[i:j])
        for i in range(len(parts))
        for j in range(i + 1, len(parts) + 1)
        if j - i < len(parts)
    }


class Speakers:
    """Names met so far: the full name and first title behind a part of a name or a descriptor."""

    def __init__(self, found: list[Mention]):
        # the last word of a name, and each word of the name of someone surely a person
        # (a speaker, or named with a title) -> the people it may be, first named where
        self.by_last: dict[str, dict[str, tuple[int, int]]] = {}
        self.by_person_part: dict[str, dict[str, tuple[int, int]]] = {}
        self.first_seen: dict[str, tuple[int, int]] = {}
        # "Singh Mehra" -> {"Arjun Singh Mehra"}, for speakers and people named with a title
        self.inside: dict[str, set[str]] = {}
        self.first_title: dict[str, str] = {}
        self.titled: dict[str, list[tuple[tuple[int, int], str]]] = {}  # title word -> people
        for where, name, title in found:
            name = self.canonical(name)
            if title:  # surely a person: "Singh Mehra" may mean them
                self._index(name)
            self._remember_name(name, where, person=bool(title))
            if title:
                self.first_title.setdefault(name, title)
                for word in _title_words(title):
                    self.titled.setdefault(word, []).append((where, name))
        self.titles: dict[str, str] = {}  # speakers found so far and their titles
        self.by_title: dict[str, list[str]] = {}  # title word -> speakers, in order found
        self.pronouns: dict[str, str] = {}  # "he" or "she" the copy already used for someone
        self.last: str | None = None

    def _index(self, name: str) -> None:
        for run in _runs(name):
            self.inside.setdefault(run, set()).add(name)

    def _remember_name(self, name: str, where: tuple[int, int], *, person: bool = False) -> None:
        parts = name_parts(name)
        self.first_seen.setdefault(name, where)
        for part in parts if person else ():
            self.by_person_part.setdefault(part, {}).setdefault(name, where)
        if parts:
            self.by_last.setdefault(parts[-1], {}).setdefault(name, where)

    def _mentions_of(self, part: str) -> dict[str, tuple[int, int]]:
        """The people ``part`` may refer back to, and where each is first named: the last
        word of any name ("Mehra"), and any word of the name of a speaker or of someone
        named with a title ("Arjun", "Sato" of Foreign Minister Sato Kenji). A company
        named like a person ("Corvina Mineração") is neither, so "Corvina said" is not it."""
        last, spoke = self.by_last.get(part, _NONE), self.by_person_part.get(part)
        if not spoke:
            return last
        return {**spoke, **last}

    def canonical(self, name: str) -> str:
        """The one longer name met before that ``name`` is part of, or ``name`` itself."""
        longer = self.inside.get(name, set())
        return next(iter(longer)) if len(longer) == 1 else name

    def add(self, name: str, title: str) -> str:
        if name not in self.titles:
            self._index(name)
            self._remember_name(name, self.first_seen.get(name, (-1, -1)), person=True)
        if not self.titles.get(name):
            self.titles[name] = title or self.first_title.get(name, "")
            for word in _title_words(self.titles[name]):
                self.by_title.setdefault(word, []).append(name)
        return name

    def _people(self, part: str, where: tuple[int, int]) -> list[str]:
        """The people ``part`` of a name may mean: those named before ``where``, or else
        those named after it."""
        found = self._mentions_of(part)
        return [n for n, w in found.items() if w < where] or list(found)

    def resolve(self, who: Who | None, where: tuple[int, int]) -> tuple[str | None, str]:
        """The full name ``who`` means, or None and the reason it is not sure."""
        if who is None or who.kind in {"organisation", "unclear"}:
            return None, ""
        if who.kind == "pronoun":
            return self.last, ""
        if who.kind == "name":
            name = self.canonical(who.name)
            return self.add(name, who.title if name == who.name else ""), ""
        if who.kind == "surname":
            names = self._people(who.name, where)
            if len(names) > 1:
                return None, f"“{who.name}” could be " + " or ".join(sorted(names))
            return (self.add(names[0], ""), "") if names else (None, "")
        people = self.by_title.get(who.name, [])[-1:]
        titled = self.titled.get(who.name, [])
        i = bisect.bisect_left(titled, (where, ""))
        people += [titled[i - 1][1]] if i else []
        return (self.add(people[-1], ""), "") if people else (None, "")

    def _named(self, text: str) -> dict[str, int]:
        """The people met so far that ``text`` names by any part of their name, and where."""
        found: dict[str, int] = {}
        for match in _WORD.finditer(text):
            word = match.group()
            if word in self.by_last or word in self.by_person_part:
                for name in self._mentions_of(word):
                    found[name] = match.start()
        return found

    def nearest(self, before: str, previous: str, pronoun: str = "") -> tuple[str | None, str]:
        """Who "he" or "she" is: the last speaker, unless the paragraph so far names only
        someone else ("Whitcomb paused. “...,” he said."); with no last speaker, the one
        person the paragraph before names. A reason where two people could be meant."""
        before, previous = before[-PRONOUN_REACH:], previous[-PRONOUN_REACH:]
        named: dict[str, dict[str, int]] = {}

        def named_in(text: str) -> dict[str, int]:
            if text not in named:
                named[text] = self._named(text)
            return named[text]

        if self.last:  # "Mayor Ines Carvalho disagreed. “...,” she said."
            newer = self._newer_subject(before, named_in(before))
            if not newer and not named_in(before):
                newer = self._newer_subject(previous, named_in(previous))
            if newer:
                return self._newer_or_last(newer, pronoun)
        last = self.last
        for text in (before, previous):
            found = named_in(text)
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

    def _newer_subject(self, text: str, named: dict[str, int]) -> str | None:
        """The person a sentence of ``text`` opens with after the last speaker's last
        mention ("Mayor Ines Carvalho disagreed."): the one a later pronoun means."""
        since = named.get(self.last, -1) if self.last else -1
        best, best_at = None, since
        for match in _OPENER.finditer(text):
            people = set(self._mentions_of(match["name"])) - {self.last}
            lead = match["lead"].lower().split()
            if (
                len(people) == 1
                and match.start("name") > best_at
                and not _PLACE_WORDS.intersection(lead)
            ):
                best, best_at = next(iter(people)), match.start("name")
        return best


def _title_words(title: str) -> set[str]:
    """The words of a title a descriptor may name: "vice-president" gives "president" too."""
    found = set()
    for word in re.findall(r"[\w-]+", title.lower()):
        found |= {word, *word.split("-")}
    return found
