"""Photo captions and the credits that end them, as agencies print them.

A caption is a paragraph of its own ending in a credit ("REUTERS/Jane Roe/File
Photo", "(AP Photo/Jane Roe)", "Jane ROE / AFP", "Photo: Jane Roe/dpa"). The
credit follows a finished caption sentence, or stands in parentheses after an
agency's name, so that prose with a slash ("US/EU talks") is never taken for one.
"""

from __future__ import annotations

import re

from ..conventions import agencies
from .markup import one_line

_CAPS = r"[A-Z][A-Z0-9&'’.-]+(?:[ ][A-Z][A-Z0-9&'’.-]+){0,3}"
_WORDS = r"[A-Z][\w&'’.-]*(?:[ ](?:[A-Z][\w&'’.-]*|via|de|da|van|von|der|di|du|le|la|al|bin))*"
_PERSON = (
    r"(?:[A-Z][\w'’.-]*(?:[ ](?:[A-Z][\w'’.-]*|de|da|van|von|der|di|du|le|la|al|bin)){1,3}"
    r"|STR|HO|HANDOUT|POOL|-)"  # AFP's stringers and unknown photographers: "STR / AFP"
)
# Agencies whose credit may end a caption that has no full stop: "(Jane Roe/PA Wire)".
_PHOTO_AGENCIES = re.compile(
    rf"/\s*(?:{agencies.names_pattern()}|{'|'.join(agencies.PHOTO_ONLY)})"
    r"(?:\s+(?:Wire|Media|Archive|Images))?(?:/|$)"
)
# A credit glued between a caption and the story, as some pages print them:
# "Ships wait at the port.(EFE/Archivo)EFE – The strike ..."
_GLUED = re.compile(
    rf"(?<=[.!?\"”’])\((?P<credit>(?:{agencies.names_pattern()})(?:\s*/\s*[^()/\n]{{1,40}}){{0,2}})\)"
    r"(?=[^\W\d_])"
)
_FINISHED = re.compile(r"[.!?)\]\"”’]$")  # a caption sentence that is finished
_CREDIT_REACH = 400  # longer than any credit the patterns below accept
_ARCHIVE = "|".join(re.escape(w) for w in agencies.file_photo_words())
_CREDITS = [
    # AP: "(AP Photo/Jane Roe)", "(AP Photo/Jane Roe, File)"
    re.compile(r"(?:^|\s)\((?P<credit>[A-Z][\w&.' -]{0,30}Photo\s*/\s*[^()/]{2,80})\)$"),
    # "Photo: Jane Roe/dpa", "Credit: Handout", "Foto: Lina Ek/TT/Arkivbild"
    re.compile(
        r"(?:^|\s)\(?(?:Photo|Picture|Image|Credit|Foto|Bild)s?:\s*(?P<credit>\w[^.!?():]{1,80}?)\)?$"
    ),
    # AFP and others: "Jane Roe / AFP", "(Photo by Jane ROE / AFP)", "STR / AFP/File",
    # "Jane Roe/AFP via Getty Images", "(Jane Roe/PA Wire)"
    re.compile(
        r"(?:^|\s)\(?(?:(?:Photo|Picture)s?\s+by\s+)?(?P<credit>"
        rf"{_PERSON}\s*/\s*[A-Z]{{2,}}(?:[ ][A-Z][A-Za-z]+)?(?:\s*/\s*[A-Z][A-Za-z]+){{0,2}}"
        rf"(?:\s+via\s+{_WORDS})?)\)?$"
    ),
    # An agency of the table first, in brackets, then an archive word or a photographer:
    # "(AFP/File)", "(EFE/Archivo)", "(TT/Lina Ek)"; not a poll's "(Reuters/Ipsos)"
    re.compile(
        rf"(?:^|\s)\((?P<credit>(?:{agencies.names_pattern()})(?:\s*/\s*(?:{_ARCHIVE}"
        r"|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})){1,2})\)$"
    ),
    # Agency first: "NORTHWIND/Lena Fischer/File Photo", "REUTERS/Jane Roe/Pool"
    re.compile(rf"(?:^|\s)(?P<credit>{_CAPS}(?:\s*/\s*{_WORDS},?){{1,4}})$"),
]


def split_caption(text: str) -> tuple[str, str] | None:
    """(caption, credit) for a paragraph that ends in a photo credit; None otherwise.

    A credit follows a finished caption sentence, or stands in parentheses
    ("A nurse walks along a corridor (Jane Roe/PA Wire)").
    """
    text = one_line(text)
    if len(text) > 1500:
        return None
    # Every credit shape ends the paragraph and holds a "/" or a "Photo:"-style colon within
    # its last few hundred characters: most paragraphs are ruled out without a regex.
    tail = text[-_CREDIT_REACH:]
    if "/" not in tail and ":" not in tail:
        return None
    for pattern in _CREDITS:
        match = pattern.search(text)
        if not match:
            continue
        credit = match["credit"].strip().rstrip(",")
        if pattern is _CREDITS[-1] and not any(c.islower() for c in credit):
            continue  # "US/EU" is not a credit: a name or "File Photo" has small letters
        caption = text[: match.start()].strip()
        bracketed = match[0].lstrip().startswith("(") and text.endswith(")")
        bracketed = bracketed and (pattern is _CREDITS[0] or bool(_PHOTO_AGENCIES.search(credit)))
        if caption and not _FINISHED.search(caption) and not bracketed:
            continue  # the credit follows a finished caption sentence (or stands alone)
        # Galleries number their pictures: "[1/5]" or "Item 1 of 5".
        return re.sub(r"^(?:\[\d+/\d+\]|item\s+\d+\s+of\s+\d+)\s*", "", caption, flags=re.I), credit
    return None


def is_credit_only(text: str) -> bool:
    found = split_caption(text)
    return found is not None and not found[0]


def split_glued(text: str) -> tuple[str, str, str] | None:
    """(caption, credit, rest) for a paragraph that opens with a caption glued to the
    story's text by its credit; None otherwise. The caption is at most two sentences."""
    match = _GLUED.search(text)
    if not match or match.start() > 400:
        return None
    caption = text[: match.start()].strip()
    if len(re.findall(r"[.!?](?:\s|$)", caption + " ")) > 2:
        return None
    return caption, match["credit"], text[match.end() :].strip()


def unique(photos: list) -> tuple[list, list]:
    """(photos, repeats): a caption printed twice (over and under the picture, or in a
    gallery and in the text) is one photo; the repeats are returned to be listed."""
    seen, kept, repeats = set(), [], []
    for photo in photos:
        key = (one_line(photo.caption).lower(), one_line(photo.credit).lower(), photo.href)
        if photo.caption and key in seen:
            repeats.append(photo)
            continue
        seen.add(key)
        kept.append(photo)
    return kept, repeats
