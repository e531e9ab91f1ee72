"""Caption, credit and creator embedded in an agency picture (IPTC IIM, then EXIF).

Agency photos carry their caption and credit inside the file. When an editor
uploads a picture without typing them, we take them from there rather than
publish a photo without its credit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, IptcImagePlugin, UnidentifiedImageError

IPTC_CAPTION = (2, 120)
IPTC_CREDIT = (2, 110)
IPTC_COPYRIGHT = (2, 116)
IPTC_CREATOR = (2, 80)
IPTC_SOURCE = (2, 115)
EXIF_DESCRIPTION, EXIF_ARTIST, EXIF_COPYRIGHT = 270, 315, 33432


@dataclass(frozen=True)
class EmbeddedMetadata:
    caption: str = ""
    credit: str = ""
    creator: str = ""
    copyright: str = ""


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else b""
    if isinstance(value, bytes):
        for encoding in ("utf-8", "cp1252"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return " ".join(str(value or "").replace("\x00", "").split())


def read_embedded_metadata(file) -> EmbeddedMetadata:
    """Read what the picture says about itself; an unreadable file says nothing."""
    position = file.tell() if hasattr(file, "tell") else None
    try:
        with Image.open(file) as image:
            iptc = IptcImagePlugin.getiptcinfo(image) or {}
            exif = image.getexif()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return EmbeddedMetadata()
    finally:
        if position is not None:
            file.seek(position)
    creator = _text(iptc.get(IPTC_CREATOR)) or _text(exif.get(EXIF_ARTIST))
    credit = _text(iptc.get(IPTC_CREDIT))
    source = _text(iptc.get(IPTC_SOURCE))
    if credit and creator and creator not in credit:
        credit = f"{credit}/{creator}"  # agency credit line plus photographer, as printed
    elif not credit and (source or creator):
        credit = "/".join(part for part in (source, creator) if part)
    return EmbeddedMetadata(
        caption=_text(iptc.get(IPTC_CAPTION)) or _text(exif.get(EXIF_DESCRIPTION)),
        credit=credit,
        creator=creator,
        copyright=_text(iptc.get(IPTC_COPYRIGHT)) or _text(exif.get(EXIF_COPYRIGHT)),
    )
