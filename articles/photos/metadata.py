"""What an agency picture says about itself: IPTC IIM, then XMP, then EXIF.

Agency photos carry their caption, credit, creator and copyright inside the file. When an
editor uploads a picture without typing them, we take them from there rather than publish
a photo without its credit. Pure functions: a file in, an ``EmbeddedMetadata`` out.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from defusedxml import ElementTree
from PIL import Image, IptcImagePlugin, UnidentifiedImageError

IPTC_CHARSET = (1, 90)
IPTC_CAPTION = (2, 120)
IPTC_CREDIT = (2, 110)
IPTC_COPYRIGHT = (2, 116)
IPTC_CREATOR = (2, 80)
IPTC_CREATOR_TITLE = (2, 85)
IPTC_SOURCE = (2, 115)
IPTC_HEADLINE = (2, 105)
EXIF_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT = 270, 315, 33432
UTF8_MARKER = b"\x1b%G"  # ISO 2022 escape for UTF-8 in record 1:90

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}


@dataclass(frozen=True)
class EmbeddedMetadata:
    caption: str = ""
    credit: str = ""
    creator: str = ""
    creator_title: str = ""
    copyright: str = ""
    source: str = ""
    headline: str = ""
    alt_text: str = ""


def _text(value, encoding: str | None = None) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        for candidate in (encoding, "utf-8", "cp1252"):
            if not candidate:
                continue
            try:
                value = value.decode(candidate)
                break
            except UnicodeDecodeError:
                continue
    return " ".join(str(value or "").replace("\x00", "").split())


def iptc_fields(iptc: dict) -> dict[str, str]:
    """IPTC IIM datasets by our names, decoded in the character set record 1:90 declares."""
    charset = iptc.get(IPTC_CHARSET) or b""
    if isinstance(charset, list):
        charset = charset[0] if charset else b""
    # Without 1:90 the text is, by the standard, ASCII; agencies' Latin-1 is the usual reality.
    encoding = "utf-8" if UTF8_MARKER in charset else None
    names = {
        "caption": IPTC_CAPTION,
        "credit": IPTC_CREDIT,
        "creator": IPTC_CREATOR,
        "creator_title": IPTC_CREATOR_TITLE,
        "copyright": IPTC_COPYRIGHT,
        "source": IPTC_SOURCE,
        "headline": IPTC_HEADLINE,
    }
    return {name: _text(iptc.get(key), encoding) for name, key in names.items()}


def _xmp_value(root, tag: str) -> str:
    """An XMP property, whether an attribute, a plain element, or an rdf Alt/Seq/Bag list."""
    prefix, name = tag.split(":")
    qualified = f"{{{NS[prefix]}}}{name}"
    for description in root.iter(f"{{{NS['rdf']}}}Description"):
        if qualified in description.attrib:
            return _text(description.attrib[qualified])
        element = description.find(qualified)
        if element is not None:
            items = [li.text or "" for li in element.iter(f"{{{NS['rdf']}}}li")]
            return _text(items[0] if items else element.text or "")
    return ""


def xmp_fields(xmp: bytes | str) -> dict[str, str]:
    """XMP (dc:, photoshop:, Iptc4xmpCore:) by our names; a broken packet says nothing."""
    if not xmp:
        return {}
    try:
        root = ElementTree.fromstring(xmp.encode() if isinstance(xmp, str) else xmp.strip(b"\x00"))
    except (ElementTree.ParseError, ValueError, TypeError):
        return {}
    return {
        "caption": _xmp_value(root, "dc:description"),
        "creator": _xmp_value(root, "dc:creator"),
        "copyright": _xmp_value(root, "dc:rights"),
        "credit": _xmp_value(root, "photoshop:Credit"),
        "source": _xmp_value(root, "photoshop:Source"),
        "headline": _xmp_value(root, "photoshop:Headline"),
        "creator_title": _xmp_value(root, "photoshop:AuthorsPosition"),
        "alt_text": _xmp_value(root, "Iptc4xmpCore:AltTextAccessibility"),
    }


def exif_fields(exif) -> dict[str, str]:
    return {
        "caption": _text(exif.get(EXIF_DESCRIPTION)),
        "creator": _text(exif.get(EXIF_ARTIST)),
        "copyright": _text(exif.get(EXIF_COPYRIGHT)),
    }


def _raw_xmp(image) -> bytes | str:
    return image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""


def combine(*sources: dict[str, str]) -> EmbeddedMetadata:
    """The first non-empty value of each field, sources in order of trust (IPTC, XMP, EXIF)."""
    values = {
        field.name: next((s[field.name] for s in sources if s.get(field.name)), "")
        for field in fields(EmbeddedMetadata)
    }
    credit, creator, source = values["credit"], values["creator"], values["source"]
    if credit and creator and creator not in credit:
        values["credit"] = f"{credit}/{creator}"  # agency credit line plus photographer, as printed
    elif not credit and (source or creator):
        values["credit"] = "/".join(part for part in (source, creator) if part)
    return EmbeddedMetadata(**values)


def read_embedded_metadata(file) -> EmbeddedMetadata:
    """Read what the picture says about itself; an unreadable file says nothing."""
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
            xmp = _raw_xmp(image)
            exif = image.getexif()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return EmbeddedMetadata()
    finally:
        if position is not None:
            file.seek(position)
    return combine(iptc_fields(iptc), xmp_fields(xmp), exif_fields(exif))
