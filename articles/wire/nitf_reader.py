"""NITF 3.x (News Industry Text Format, XML) documents to a ``WireStory``.

Parsed with defusedxml: entity declarations (billion laughs, external
entities) are refused. A plain ``<!DOCTYPE nitf SYSTEM "nitf-3-6.dtd">`` is
accepted because agencies send one with every file; the DTD is never read,
and HTML's named characters (``&nbsp;``) are known without it.
"""

from __future__ import annotations

import html.entities
import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..conventions import agencies
from .copy_parts import make_rights, parse_byline, split_people, take_body_parts, tidy_name
from .dates import parse_iso
from .markup import (
    BLOCKQUOTE,
    PARAGRAPH,
    SUBHEAD,
    Block,
    emphasis,
    escape_block_start,
    escape_inline,
    link,
    one_line,
    render,
)
from .notices import restriction_sentences
from .story_quotes import find_quotes
from .wire_story import AUTHOR, WireByline, WireError, WirePhoto, WireQuote, WireStory

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = {"usable": "usable", "embargoed": "usable", "withheld": "withheld"}
_STATUS |= {"canceled": "canceled", "cancelled": "canceled"}
_MAX_DEPTH = 100  # real NITF nests a dozen levels
_BLOCK_TAGS = {"p", "pre", "li", "dt", "dd", "tr", "caption", "tagline", "note", "fn", "abstract"}
_SKIP = {"bibliography", "hr", "media-metadata", "media-object", "classifier", "ed-msg"}


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Element | None) -> str:
    return one_line("".join(el.itertext())) if el is not None else ""


def _find(el: Element, name: str) -> Element | None:
    return next((e for e in el.iter() if _local(e.tag) == name), None)


def _find_all(el: Element, name: str) -> list[Element]:
    return [e for e in el.iter() if _local(e.tag) == name]


def _line_of(raw: bytes, needle: bytes) -> int | None:
    at = raw.find(needle)
    return raw[:at].count(b"\n") + 1 if at >= 0 else None


# Distribution notes for web producers: "Embed:" over escaped HTML ("&lt;iframe ...&gt;").
_EMBED = re.compile(
    r"^(?:embed(?:ded)?(?:\s+\w+)?\s*:.*|<\s*/?\s*(?:iframe|script|div|blockquote|img|embed"
    r"|object|video|figure|span|a|p|style)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _is_embed(text: str) -> bool:
    """A block that holds a web producer's embed code, not story text."""
    return bool(_EMBED.match(text.strip()))


def _load(data: str | bytes) -> Element:
    if not isinstance(data, bytes | str):
        raise WireError("NITF must be given as bytes or text")
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    parser = DefusedXMLParser(forbid_dtd=False, forbid_entities=True, forbid_external=True)
    parser.entity.update({name: chr(code) for name, code in html.entities.name2codepoint.items()})
    try:
        if isinstance(data, str):  # the declaration's encoding no longer applies to text
            data = re.sub(r"^\s*<\?xml[^>]*\?>", "", data, count=1)
        parser.feed(data)
        root = parser.close()
    except ParseError as error:
        message = re.sub(r":\s*line \d+, column \d+$", "", str(error))
        raise WireError(f"invalid XML: {message}", line=error.position[0]) from None
    except DefusedXmlException as error:
        raise WireError(
            f"the XML declares entities ({type(error).__name__}); NITF files must not, "
            "as entities can expand without limit or read other files",
            line=_line_of(raw, b"<!ENTITY"),
        ) from None
    except (ValueError, LookupError) as error:  # unknown or multi-byte encodings
        raise WireError(f"unreadable XML: {error}") from None
    depths = [(root, 1)]  # defusedxml builds pure-Python elements, whose iter() recurses
    while depths:
        el, depth = depths.pop()
        if depth > _MAX_DEPTH:
            raise WireError("the NITF document is nested too deeply")
        depths += [(child, depth + 1) for child in el]
    if _local(root.tag) != "nitf":
        raise WireError(
            f"not a NITF document: the root element is <{_local(root.tag)}>, not <nitf>"
        )
    return root


class _Body:
    """Walks body.content into blocks, quotes and photos."""

    def __init__(self, story: WireStory):
        self.story = story
        self.blocks: list[Block] = []
        self.quotes: list[WireQuote] = []

    def inline(self, el: Element) -> str:
        """Markdown for the mixed content of ``el``."""
        parts = [escape_inline(el.text or "")]
        for child in el:
            tag = _local(child.tag)
            if tag == "br":
                parts.append(" ")
            elif tag == "em":
                parts.append(emphasis(self.inline(child), "*"))
            elif tag == "a":
                parts.append(link(self.inline(child), child.get("href", "")))
            elif tag == "q":
                inner = one_line(self.inline(child))
                self._q(child, inner, one_line("".join(parts)))
                parts.append(f'"{inner}"')
            elif tag not in _SKIP:
                parts.append(self.inline(child))
            parts.append(escape_inline(child.tail or ""))
        return "".join(parts)

    def _q(self, el: Element, inner: str, before: str) -> None:
        speaker = tidy_name(el.get("quote-source", ""))
        if speaker and inner:
            full = inner[:1].isupper() and (not before or before.endswith((":", ",", ".")))
            self.quotes.append(WireQuote(inner, speaker, partial=not full))

    def add(self, kind: str, text: str) -> None:
        text = one_line(text)
        if text:
            text = escape_block_start(text) if kind != SUBHEAD else text
            self.blocks.append(Block(kind, text))

    def walk(self, el: Element, kind: str = PARAGRAPH) -> None:
        for child in el:
            tag = _local(child.tag)
            if tag in {"hl1", "hl2", "p"} and _is_embed(_text(child)):
                self.story.dropped.append(f"<{tag}>: {_text(child)[:200]}")
            elif tag in {"hl1", "hl2"}:
                self.add(SUBHEAD, self.inline(child))
            elif tag == "bq":
                self.bq(child)
            elif tag == "media":
                self.media(child)
            elif tag in _BLOCK_TAGS:
                self.add(kind, self.inline(child))
            elif tag in {"block", "ol", "ul", "dl", "table", "tbody", "thead", "tfoot", "body.end"}:
                self.walk(child, kind)
            elif tag not in _SKIP and tag != "credit":
                self.add(kind, self.inline(child))

    def bq(self, el: Element) -> None:
        credit = _text(next((c for c in el if _local(c.tag) == "credit"), None)).lstrip("—–- ")
        name, _, title = credit.partition(",")
        speaker = tidy_name(name or el.get("quote-source", ""))
        start = len(self.blocks)
        self.walk(el, BLOCKQUOTE)
        if el.text and el.text.strip():  # a bq holding text directly
            self.blocks.insert(start, Block(BLOCKQUOTE, escape_inline(one_line(el.text))))
        if speaker:
            for block in self.blocks[start:]:
                self.quotes.append(WireQuote(block.text, speaker, one_line(title)))
        else:
            self.story.warnings.append("A block quote has no credit: its speaker is not recorded.")
        if credit:
            self.blocks.append(Block(BLOCKQUOTE, "— " + escape_inline(credit)))

    def media(self, el: Element) -> None:
        if el.get("media-type", "image").lower() not in {"image", "photo", "graphic", "picture"}:
            return
        reference = _find(el, "media-reference")
        self.story.photos.append(
            WirePhoto(
                caption=_text(_find(el, "media-caption")),
                credit=_text(_find(el, "media-producer")),
                href=(reference.get("source") or reference.get("data") or "")
                if reference is not None
                else "",
                alt_text=reference.get("alternate-text", "") if reference is not None else "",
            )
        )


def parse_nitf(data: str | bytes) -> WireStory:
    """Turn a NITF document into a ``WireStory``; ``WireError`` for what cannot be one."""
    root = _load(data)
    story = WireStory(headline="", body="", format="nitf")
    _head(root, story)

    body_head = _find(root, "body.head")
    hedline = _find(body_head if body_head is not None else root, "hedline")
    if hedline is not None:
        story.headline = _text(_find(hedline, "hl1"))
        story.standfirst = _text(_find(hedline, "hl2"))
        if _is_embed(story.standfirst):  # a web producer's note, not a standfirst
            story.dropped.append(f"<hl2>: {story.standfirst[:200]}")
            story.standfirst = ""
    story.headline = story.headline or _text(_find(root, "title"))
    abstract = _find(body_head, "abstract") if body_head is not None else None
    story.standfirst = story.standfirst or _text(abstract)
    for byline in _find_all(root, "byline"):
        _byline(byline, story)
    dateline = _find(root, "dateline")
    if dateline is not None:
        story.dateline = _text(_find(dateline, "location"))
        when = _find(dateline, "story.date")
        if not story.dateline:  # "PORT ALDER, March 3, 2025" without <location>
            story.dateline = _text(dateline).replace(_text(when), "").strip(" ,")
        if story.published_at is None and when is not None:
            story.published_at = parse_iso(when.get("norm"))
    story.source = _text(_find(root, "distributor"))
    doc_id, copyright = _find(root, "doc-id"), _find(root, "doc.copyright")
    for named in (
        doc_id.get("regsrc", "") if doc_id is not None else "",
        copyright.get("holder", "") if copyright is not None else "",
    ):
        story.source = story.source or agencies.canonical(named.strip())

    body = _Body(story)
    for name in ("body.content", "body.end"):
        part = _find(root, name)
        if part is not None:
            body.walk(part)
    copyrite = _find(root, "copyrite")
    if copyrite is not None:
        year = _text(_find(copyrite, "copyrite.year"))
        story.rights = make_rights(
            _text(copyrite),
            holder=_text(_find(copyrite, "copyrite.holder")),
            year=int(year) if year.isdigit() and len(year) == 4 else None,
        )
    blocks = take_body_parts(body.blocks, story)
    if story.rights is None:
        story.rights = _restriction_notice(root, story)
    if story.rights is None and copyright is not None and copyright.get("holder"):
        year = copyright.get("year", "")
        story.rights = make_rights(
            "", holder=copyright.get("holder", ""), year=int(year) if year.isdigit() else None
        )
        story.warnings.append(
            "The file names a copyright holder but prints no notice: add it before publishing."
        )
    story.body = render(blocks)
    story.quotes, warnings = find_quotes(blocks, known={q.text for q in body.quotes})
    story.quotes = body.quotes + story.quotes
    story.warnings += warnings

    if story.pubstatus != "canceled":
        if not story.headline:
            raise WireError("the NITF document has no headline (hedline/hl1)")
        if not any(b.kind == PARAGRAPH for b in blocks):
            raise WireError("the NITF document has no body text (body.content)")
    elif not (story.headline or story.source_identifier):
        raise WireError("the kill notice has neither a doc-id nor a headline")
    return story


def _restriction_notice(root: Element, story: WireStory):
    """A notice from ``doc.rights`` limitations or an ``ed-msg`` that restricts use, where
    the file prints no ``copyrite``: "may not be redistributed" must not arrive as nothing."""
    rights, copyright = _find(root, "doc.rights"), _find(root, "doc.copyright")
    messages = [e.get("info", "") or _text(e) for e in _find_all(root, "ed-msg")]
    texts = [rights.get("limitations", "") if rights is not None else "", *messages]
    restriction = next((r for t in texts if (r := restriction_sentences(t))), "")
    if not restriction:
        return None
    holder = (copyright.get("holder", "") if copyright is not None else "") or (
        rights.get("owner", "") if rights is not None else ""
    )
    year = copyright.get("year", "") if copyright is not None else ""
    story.warnings.append(
        f"The file prints no copyright notice; its restriction “{restriction}” was taken as "
        "the notice: check it before publishing."
    )
    return make_rights(
        restriction, holder=holder.strip(), year=int(year) if year.isdigit() else None
    )


def _head(root: Element, story: WireStory) -> None:
    docdata = _find(root, "docdata")
    if docdata is not None:
        status = docdata.get("management-status", "").lower()
        element = _find(docdata, "management-status")
        status = status or (element.get("value", "") if element is not None else "").lower()
        story.pubstatus = _STATUS.get(status, "usable")
        if status and status not in _STATUS:
            story.warnings.append(f"Unknown management-status “{status}”: read as usable.")
        doc_id = _find(docdata, "doc-id")
        story.source_identifier = (
            doc_id.get("id-string", "") if doc_id is not None else ""
        ).strip()
        for name, field in (("date.issue", "published_at"), ("date.release", "embargo_until")):
            element = _find(docdata, name)
            if element is not None and element.get("norm"):
                value = parse_iso(element.get("norm"))
                if value is None:
                    story.warnings.append(
                        f"<{name}> has an unreadable date: “{element.get('norm')}”."
                    )
                setattr(story, field, value)
        story.tags = [
            k.get("key", "").strip()
            for k in _find_all(docdata, "keyword")
            if k.get("key", "").strip()
        ]
    for el in (root, _find(root, "body"), _find(root, "body.content")):
        if el is not None and el.get(_XML_LANG):
            story.language = el.get(_XML_LANG)
            break
    if not story.source_identifier:
        story.warnings.append("The file has no doc-id: a later update will not be recognised.")


def _byline(el: Element, story: WireStory) -> None:
    title = _text(_find(el, "byttl"))
    people = [tidy_name(_text(p)) for p in _find_all(el, "person") if _text(p)]
    if people:
        story.bylines += [WireByline(name, AUTHOR, "", title) for name in people]
        return
    text = _text(el)
    if title and text.endswith(title):
        text = text[: -len(title)].strip(" ,")
    found = parse_byline(text if text.lower().startswith("by ") else f"By {text}")
    if not found:
        found = [WireByline(n, AUTHOR, p) for n, p in split_people(text) or []]
    for byline in found:
        byline.title = byline.title or title
    story.bylines += found
    if text and not found:
        story.warnings.append(f"No person's name found in the byline “{text}”.")
