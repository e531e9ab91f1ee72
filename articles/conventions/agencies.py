"""The news agencies the parsers know, in one table that every rule reads.

An agency is printed in many places of its copy: the dateline ("(AP) —"),
the By line ("Associated Press Writers"), a sign-off line ("-- Reuters",
"AAP RTV ar"), the photo credit ("(AP Photo/Jane Roe)", "TT/Arkivbild") and
the notice ("© KYODO", "RIPRODUZIONE RISERVATA © Copyright ANSA"). Adding a
layout is one entry here (and test copy); the rules in ``header``, ``parts``,
``captions``, ``notices`` and ``text`` build their patterns from this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Agency:
    name: str  # as the story's source: "AP", "Reuters", "Kyodo"
    printed: tuple[str, ...] = ()  # other names it signs with: "The Associated Press"
    writer: tuple[str, ...] = ()  # By-line titles: "Associated Press Writer"
    sign_off: str = ""  # regex for a desk sign-off line: AAP's "AAP RTV ar"
    file_photo: tuple[str, ...] = ()  # words marking an archive picture: "Arkivbild"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.printed)


AGENCIES: tuple[Agency, ...] = (
    Agency(
        "AP",
        ("The Associated Press", "Associated Press"),
        writer=("Associated Press Writer", "AP Writer"),
    ),
    Agency("Reuters", ("REUTERS", "Thomson Reuters")),
    Agency("AFP", ("Agence France-Presse", "Agence France Presse")),
    Agency("dpa", ("DPA", "Deutsche Presse-Agentur")),
    Agency("ANSA", ("Agenzia ANSA",)),
    Agency("EFE", ("Agencia EFE",), file_photo=("Archivo",)),
    Agency("Kyodo", ("KYODO", "Kyodo News")),
    Agency("PTI", ("Press Trust of India",)),
    Agency("IANS", ()),
    Agency("Xinhua", ("XINHUA", "Xinhua News Agency")),
    Agency(
        "AAP",
        ("Australian Associated Press",),
        writer=("AAP Writer",),
        # "AAP RTV ar", "AAP ar/jk": the agency, a desk code and the sub-editor's initials
        sign_off=r"AAP(?:\s+[A-Z]{2,4})?\s+[a-z]{2,3}(?:/[a-z]{2,3})?",
    ),
    Agency("Canadian Press", ("The Canadian Press", "CP"), writer=("The Canadian Press",)),
    Agency("UPI", ("United Press International",)),
    Agency("NTB", ("NTB Scanpix",), file_photo=("Arkivfoto", "Arkiv")),
    Agency("TT", ("TT Nyhetsbyrån",), file_photo=("Arkivbild",)),
    Agency("Yonhap", ("YONHAP", "Yonhap News Agency")),
    Agency("Bloomberg", ("Bloomberg News",)),
    Agency("PA Media", ("Press Association", "PA")),
    Agency("EPA", ("EPA-EFE",)),
)
# Photo agencies that print credits but file no text.
PHOTO_ONLY = ("Getty Images", "Shutterstock", "Alamy")
# Words any agency prints after its name for an archive picture.
FILE_PHOTO_WORDS = ("File", "File Photo", "Archive", "Archive Photo", "Archivo", "Archivio")


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


@cache
def names_pattern() -> str:
    """Every printed agency name, longest first, as a regex alternation."""
    return _alternation(n for a in AGENCIES for n in a.names)


@cache
def writer_pattern() -> str:
    """By-line titles that name an agency: "Associated Press Writers", "AAP Writer"."""
    titles = [t for a in AGENCIES for t in a.writer]
    titles += [f"{n} {w}" for a in AGENCIES for n in a.names for w in ("Writer", "Reporter")]
    return rf"(?:{_alternation(titles)})s?|{_alternation(n for a in AGENCIES for n in a.names)}"


@cache
def file_photo_words() -> tuple[str, ...]:
    return tuple(dict.fromkeys((*FILE_PHOTO_WORDS, *(w for a in AGENCIES for w in a.file_photo))))


@cache
def _by_name() -> dict[str, Agency]:
    return {n.lower(): a for a in AGENCIES for n in a.names}


def find(printed: str) -> Agency | None:
    """The agency printed as ``printed`` ("The Associated Press", "KYODO"), or None."""
    return _by_name().get(" ".join((printed or "").split()).lower())


def canonical(printed: str) -> str:
    """The source name for an agency as printed; the text as given if not in the table."""
    agency = find(printed)
    return agency.name if agency else " ".join((printed or "").split())


@cache
def _sign_off() -> re.Pattern:
    rules = [a.sign_off for a in AGENCIES if a.sign_off]
    return re.compile(rf"^(?:{'|'.join(rules)})$")


def is_desk_sign_off(line: str) -> bool:
    """A desk's sign-off line ("AAP RTV ar"): the agency, a desk code and initials."""
    return bool(_sign_off().match(line.strip()))


@cache
def _named() -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{names_pattern()})(?![\w-])")


def named_in(text: str) -> Agency | None:
    """The first known agency named in ``text`` as a whole word ("© KYODO 2024")."""
    match = _named().search(text or "")
    return find(match[0]) if match else None


@cache
def _writer() -> re.Pattern:
    return re.compile(rf"^(?:{writer_pattern()})$", re.IGNORECASE)


def writer_of(title: str) -> Agency | None:
    """The agency a By-line title names: "Associated Press Writers", "AAP", "dpa"."""
    title = " ".join((title or "").split()).strip(" ,.")
    if not _writer().match(title):
        return None
    return (
        find(title)
        or named_in(title)
        or find(re.sub(r"\s+(?:writer|reporter)s?$", "", title, flags=re.I))
    )
