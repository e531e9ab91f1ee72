"""Photo credits as printed by agencies, split into their parts.

Agencies print credits in several layouts; we keep the credit exactly as
printed and derive agency, photographer and the file-photo flag from it:

    NORTHWIND/Lena Fischer/File Photo   agency first (Reuters layout)
    (AP Photo/Jane Roe)                 AP layout
    Jane Roe / AFP                      photographer first (AFP layout)
    Jane Roe/AFP via Getty Images
    REUTERS/Jane Roe/Pool, Handout via NORTHWIND, NORTHWIND/File Photo
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import file_photo_words

# Archive pictures, in the words agencies print: "File", "File Photo", EFE's "Archivo",
# ANSA's "Archivio", TT's "Arkivbild", NTB's "Arkivfoto" (the words come from the table
# of agencies, so a new agency's word is one entry there).
_FILE_PHOTO = re.compile(
    r"^(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in file_photo_words())
    + r"|archiv(?:bild|foto)?|photo\s+d'archives?|foto\s+de\s+archivo)$",
    re.IGNORECASE,
)
_NOT_A_NAME = re.compile(
    r"^(pool|handout|reuters\s+tv|staff|stringer|str|illustration|photo\s+illustration)$",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"^(?:(?:photo|photograph|picture|image|credit|foto|bild)\s*[:\-]"
    r"|(?:photo|picture|image)s?\s+by\s)\s*",
    re.IGNORECASE,
)
_AGENCY_SUFFIX = re.compile(r"\s+(photo|photos|images|pictures)$", re.IGNORECASE)


@dataclass(frozen=True)
class Credit:
    agency: str = ""
    photographer: str = ""
    file_photo: bool = False


def _looks_like_agency(part: str) -> bool:
    """Agencies print their name in capitals ("NORTHWIND", "AP Photo", "AFP via Getty")."""
    head = _AGENCY_SUFFIX.sub("", part.split(" via ")[0]).strip()
    letters = [c for c in head if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def split_credit(printed: str) -> Credit:
    """Split a printed credit into agency, photographer and file-photo flag."""
    text = " ".join((printed or "").split())
    text = text.strip().strip("()[]").strip()
    text = _PREFIX.sub("", text)
    if not text:
        return Credit()
    parts = [p.strip() for p in text.split("/") if p.strip()]
    # AP marks archive pictures with a trailing ", File": "AP Photo/Jane Roe, File".
    file_photo = bool(parts) and bool(re.search(r",\s*file$", parts[-1], re.IGNORECASE))
    if file_photo:
        parts[-1] = re.sub(r",\s*file$", "", parts[-1], flags=re.IGNORECASE)
    file_photo = file_photo or any(_FILE_PHOTO.match(p) for p in parts)
    parts = [p for p in parts if not _FILE_PHOTO.match(p)]
    agencies = [p for p in parts if _looks_like_agency(p)]
    names = [p for p in parts if not _looks_like_agency(p) and not _NOT_A_NAME.match(p)]
    if not agencies and len(names) >= 2:  # "Harbour Ledger/Sam Okafor": agency comes first
        agencies, names = names[:1], names[1:]
    agency = ""
    if agencies:
        agency = _AGENCY_SUFFIX.sub("", agencies[0].split(" via ")[0]).strip()
    elif " via " in text:
        agency = text.rsplit(" via ", 1)[1].strip()
    photographer = ""
    if names:
        photographer = names[0]
        if " via " in photographer:
            photographer = photographer.split(" via ")[0].strip()
    if photographer.lower() in {"handout", "pool"}:
        photographer = ""
    return Credit(agency=agency, photographer=photographer, file_photo=file_photo)
