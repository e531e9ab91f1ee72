"""One entry point for a wire file: tell the format from its content, then parse it."""

from __future__ import annotations

import codecs
import os
import re

from .ninjs_reader import parse_ninjs
from .nitf_reader import parse_nitf
from .text_reader import decode_bytes, parse_text
from .wire_story import WireError, WireStory

MAX_BYTES = 5 * 1024 * 1024
FORMATS = ("text", "ninjs", "nitf")
_EXTENSIONS = {".txt": "text", ".text": "text", ".json": "ninjs", ".ninjs": "ninjs"}
_EXTENSIONS |= {".xml": "nitf", ".nitf": "nitf"}
# What a folder import reads without being told the format: other files (README.md, a
# script, a spreadsheet) are passed over with a note.
KNOWN_EXTENSIONS = frozenset(_EXTENSIONS)
_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def _head(data: bytes) -> str:
    """The start of the file as text, enough to see what it is."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) : len(bom) + 4096].decode(codec, errors="ignore")
    return data[:4096].decode("utf-8", errors="ignore")


def detect_format(data: bytes, filename: str = "") -> str:
    """Which format ``data`` is in (text, ninjs or nitf): content decides, the name breaks ties."""
    head = _head(data).lstrip()
    lower = head.lower()
    if head.startswith("{"):
        return "ninjs"
    if head.startswith("<"):
        if "<nitf" in lower:
            return "nitf"
        if re.match(r"<(?:!doctype\s+html|html|head|body|div|p)\b", lower):
            raise WireError(
                "this is an HTML page, not wire copy: save the story as plain text, "
                "or import the agency's NITF or ninjs file"
            )
        return "nitf"  # other XML: the NITF parser says what it lacks
    return _EXTENSIONS.get(os.path.splitext(filename.lower())[1], "text")


def _size(data: bytes | str) -> int:
    return len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))


def parse(data: bytes | str, *, format: str = "auto", filename: str = "") -> WireStory:
    """Parse wire copy in any supported format; every problem is a ``WireError``."""
    if not isinstance(data, bytes | str):
        raise WireError("wire copy must be bytes or text")
    size = _size(data)
    if size > MAX_BYTES:
        raise WireError(
            f"file is too large ({size / 1024 / 1024:.1f} MB; "
            f"the limit is {MAX_BYTES // 1024 // 1024} MB)"
        )
    if format == "auto":
        sample = data if isinstance(data, bytes) else data[:4096].encode("utf-8", "replace")
        format = detect_format(sample, filename)
    if format == "text":
        return parse_text(decode_bytes(data) if isinstance(data, bytes) else data)
    if format == "ninjs":
        return parse_ninjs(data)
    if format == "nitf":
        return parse_nitf(data)
    raise WireError(f"unknown format “{format}”: use auto, {', '.join(FORMATS)}")
