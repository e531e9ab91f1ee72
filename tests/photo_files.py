"""Picture files the photo tests need, written with Pillow (original, invented content)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

GPS_IFD = 0x8825


def jpeg(size=(640, 480), color="teal", *, mode="RGB", exif=None, **options) -> bytes:
    image = Image.new(mode, size, color)
    buffer = io.BytesIO()
    if exif is not None:
        options["exif"] = exif
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def jpeg_with_gps(size=(640, 480)) -> bytes:
    """A JPEG that says where it was taken, and with which camera."""
    exif = Image.Exif()
    exif[0x010F] = "Harbour Optics"  # Make
    exif[0xA431] = "SN-00042"  # BodySerialNumber
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 26.0, 12.5), 3: "E", 4: (24.0, 44.0, 3.0)})
    return jpeg(size, exif=exif)


def jpeg_turned(orientation=6, size=(600, 400)) -> bytes:
    """A picture stored landscape that the camera says to show turned (6: 90° clockwise)."""
    image = Image.new("RGB", size, "white")
    image.paste(Image.new("RGB", (size[0] // 2, size[1]), "red"), (0, 0))  # left half red
    exif = image.getexif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png(size=(320, 200), color="navy", mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb."""
    data = bytearray(png((1, 1)))
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


def truncated_jpeg() -> bytes:
    whole = jpeg((800, 600), "olive", quality=95)
    return whole[: len(whole) // 2]


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)


def xmp_packet(**values: str) -> bytes:
    """An XMP packet with Dublin Core, Photoshop and IPTC Core properties."""
    parts = {
        "description": "dc:description",
        "creator": "dc:creator",
        "rights": "dc:rights",
    }
    body = ""
    for key, tag in parts.items():
        if key in values:
            kind = "Seq" if key == "creator" else "Alt"
            lang = ' xml:lang="x-default"' if kind == "Alt" else ""
            body += f"<{tag}><rdf:{kind}><rdf:li{lang}>{values[key]}</rdf:li></rdf:{kind}></{tag}>"
    if "alt_text" in values:
        body += (
            '<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{values['alt_text']}</rdf:li></rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
        )
    attributes = ""
    if "credit" in values:
        attributes += f' photoshop:Credit="{values["credit"]}"'
    if "headline" in values:
        attributes += f' photoshop:Headline="{values["headline"]}"'
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"'
        f"{attributes}>{body}</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()


def jpeg_with_xmp(**values: str) -> bytes:
    return jpeg((64, 48), xmp=xmp_packet(**values))
