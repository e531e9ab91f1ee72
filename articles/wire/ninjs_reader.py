"""IPTC ninjs (News in JSON) items to a ``WireStory``: versions 1.x, 2.x and 3.x.

Version 3 spells its properties in camelCase (``versionCreated``, ``pubStatus``,
``embargoedUntil``), versions 1 and 2 in lower case (``versioncreated``,
``embargoed``); keys are read case-insensitively so one reader serves all.
Version 1 shapes (``headline``, ``body_html``, associations and renditions as
objects keyed by name) are read too, since older feeds still send them.

Only the properties we use are checked, lightly and with messages editors can
act on; the full JSON Schemas are in ``schemas/`` for tests and tools.
"""

from __future__ import annotations

import json
import re

from ..conventions import agencies
from .copy_parts import make_rights, parse_byline, split_people, take_body_parts, tidy_name
from .dates import MAX_YEAR, MIN_YEAR, parse_iso
from .markup import PARAGRAPH, Block, html_blocks, html_text, one_line, plain_blocks, render
from .notices import restriction_sentences
from .story_quotes import find_quotes
from .text_reader import decode_bytes
from .wire_story import AUTHOR, WireByline, WireError, WirePhoto, WireStory

PUBSTATUS = {"usable": "usable", "withheld": "withheld", "canceled": "canceled"}
PUBSTATUS["cancelled"] = "canceled"
_MAIN_ROLES = {"", "main", "default", "headline", "body", "text", "full"}
_SUB_ROLES = {"sub", "subheadline", "subhead", "standfirst", "deck", "summary", "abstract"}
_RENDITION_NAMES = ("original", "baseimage", "highres", "hires", "main", "viewimage", "preview")


def _lower_keys(value, depth: int = 0):
    """The item with every key in lower case (ninjs 3 camelCase -> ninjs 2 names)."""
    if depth > 40:
        return value
    if isinstance(value, dict):
        return {str(k).lower(): _lower_keys(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_lower_keys(v, depth + 1) for v in value]
    return value


class NinjsItemReader:
    """Typed access to the item, with errors that name the property and its line."""

    def __init__(self, item: dict, raw: str | None):
        self.item = item
        self.raw = raw or ""

    def line(self, name: str) -> int | None:
        match = re.search(rf'"{re.escape(name)}"\s*:', self.raw, re.IGNORECASE)
        return self.raw[: match.start()].count("\n") + 1 if match else None

    def fail(self, name: str, problem: str):
        raise WireError(f"ninjs property “{name}” {problem}", line=self.line(name.split("[")[0]))

    def string(self, obj: dict, name: str, where: str = "") -> str:
        value = obj.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(where + name, f"must be a string, not {type(value).__name__}")
        return value.strip()

    def objects(self, obj: dict, name: str, where: str = "") -> list[dict]:
        """An array of objects; version 1's objects keyed by name are taken as their values."""
        value = obj.get(name)
        if value is None:
            return []
        if isinstance(value, dict):
            value = [
                dict(v, name=v.get("name", k)) for k, v in value.items() if isinstance(v, dict)
            ]
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(where + name, "must be an array of objects")
        return value

    def values(self, obj: dict, name: str, where: str = "") -> list[tuple[str, str, str]]:
        """(role, contenttype, value) for headlines, bodies and descriptions."""
        found = []
        for i, entry in enumerate(self.objects(obj, name, where)):
            text = self.string(entry, "value", f"{where}{name}[{i}].")
            role = self.string(entry, "role", f"{where}{name}[{i}].").lower()
            found.append((role, self.string(entry, "contenttype").lower(), text))
        return found


def _is_html(value: str, contenttype: str) -> bool:
    return "html" in contenttype or (
        not contenttype and bool(re.search(r"<(?:p|br|div|h\d)\b", value))
    )


def _story_body(read: NinjsItemReader, item: dict) -> tuple[str, str, str] | None:
    """The story's body among ``bodies[]``, ``body_html`` and ``body_text``: the richest
    HTML one (a plain body beside it is a copy that lost its markup), unless the HTML one
    is much shorter (a teaser)."""
    bodies = [b for b in read.values(item, "bodies") if b[2]]
    main = [b for b in bodies if b[0] in _MAIN_ROLES] or bodies
    html, text = read.string(item, "body_html"), read.string(item, "body_text")
    main += [("", "text/html", html)] if html else []
    main += [("", "text/plain", text)] if text else []
    if not main:
        return None
    length = {id(b): len(html_text(b[2]) if _is_html(b[2], b[1]) else b[2]) for b in main}
    longest = max(length.values())

    def richness(body: tuple[str, str, str]) -> tuple[bool, int]:
        return _is_html(body[2], body[1]) and length[id(body)] >= longest / 2, length[id(body)]

    return max(main, key=richness)


def _pick(entries: list[tuple[str, str, str]], roles: set[str]) -> tuple[str, str, str] | None:
    chosen = [e for e in entries if e[0] in roles and e[2]]
    return chosen[0] if chosen else None


def _text_of(value: str, contenttype: str) -> list[Block]:
    if _is_html(value, contenttype):
        return html_blocks(value)
    return plain_blocks(value)


def _plain(value: str, contenttype: str) -> str:
    """A headline, caption or standfirst as plain text, whatever markup the feed used."""
    if "html" in contenttype or (not contenttype and re.search(r"</?[a-z][^>]*>", value)):
        return html_text(value)
    return one_line(value)


def _load(data: str | bytes | dict) -> tuple[dict, str | None]:
    raw = None
    if isinstance(data, bytes | bytearray):
        raw = decode_bytes(bytes(data))
    elif isinstance(data, str):
        raw = data
    elif not isinstance(data, dict):
        raise WireError("a ninjs item must be JSON text or a dict")
    if raw is None:
        return data, None
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as error:
        raise WireError(
            f"invalid JSON: {error.msg} (column {error.colno})", line=error.lineno
        ) from None
    except (ValueError, RecursionError) as error:  # numbers too long, nesting too deep
        raise WireError(f"invalid JSON: {error}") from None
    if not isinstance(item, dict):
        raise WireError(
            "a ninjs item must be a JSON object { ... }, not an array or a value", line=1
        )
    return item, raw


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value, found: list[int], depth: int = 0):
    """The item with lone surrogates ("\\ud800", which no database or page can hold)
    replaced by U+FFFD; ``found`` counts them."""
    if depth > 40:
        return value
    if isinstance(value, str):
        cleaned, count = _SURROGATE.subn("\ufffd", value)
        found[0] += count
        return cleaned
    if isinstance(value, dict):
        return {
            _without_surrogates(k, found, depth + 1): _without_surrogates(v, found, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_without_surrogates(v, found, depth + 1) for v in value]
    return value


def parse_ninjs(data: str | bytes | dict) -> WireStory:
    """Turn one ninjs item into a ``WireStory``; ``WireError`` for what cannot be a story."""
    item, raw = _load(data)
    surrogates = [0]
    item = _lower_keys(_without_surrogates(item, surrogates))
    read = NinjsItemReader(item, raw)
    story = WireStory(headline="", body="", format="ninjs")
    if surrogates[0]:
        at = re.search(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}", raw or "")
        where = f"Line {(raw or '')[: at.start()].count(chr(10)) + 1}: " if at else ""
        story.warnings.append(
            f"{where}{surrogates[0]} broken character(s) (lone UTF-16 surrogates such as "
            "“\\ud800”) were replaced with “\ufffd”: check the text."
        )

    uri = read.string(item, "uri") or read.string(item, "guid")
    story.source_identifier = uri
    if not uri:
        story.warnings.append("The item has no uri: a later update will not be recognised.")
    status = read.string(item, "pubstatus").lower() or "usable"
    if status not in PUBSTATUS:
        read.fail("pubstatus", f"is “{status}”; ninjs allows usable, withheld or canceled")
    story.pubstatus = PUBSTATUS[status]
    story.language = read.string(item, "language")
    _dates(read, item, story)

    headlines = read.values(item, "headlines")
    main = _pick(headlines, _MAIN_ROLES) or (headlines[0] if headlines else None)
    story.headline = _plain(main[2], main[1]) if main else read.string(item, "headline")
    sub = _pick([h for h in headlines if h is not main], _SUB_ROLES)
    sub = sub or _pick(read.values(item, "descriptions"), _SUB_ROLES | _MAIN_ROLES)
    if sub:
        story.standfirst = _plain(sub[2], sub[1])
    elif read.string(item, "description_text"):
        story.standfirst = read.string(item, "description_text")

    blocks = _text_of(body[2], body[1]) if (body := _story_body(read, item)) else []

    story.dateline = read.string(item, "located")
    sources = [read.string(s, "name") for s in read.objects(item, "infosources")]
    _bylines(read, item, story)
    holder, notice = read.string(item, "copyrightholder"), read.string(item, "copyrightnotice")
    usage = read.string(item, "usageterms")
    if notice:
        story.rights = make_rights(notice, holder=holder, usage_terms=usage)
    blocks = take_body_parts(blocks, story)
    provider = item.get("provider")
    provider = provider.get("name") if isinstance(provider, dict) else provider
    named = [*sources, provider if isinstance(provider, str) else "", holder]
    story.source = story.source or agencies.canonical(next((s for s in named if s), ""))
    restriction = restriction_sentences(usage) or restriction_sentences(read.string(item, "ednote"))
    if story.rights is None and restriction:
        # "may not be redistributed" in the usage terms or the editor's note is the licence
        story.rights = make_rights(restriction, holder=holder, usage_terms=usage)
        story.warnings.append(
            f"The item has no copyright notice; its restriction “{restriction}” was taken as "
            "the notice: check it before publishing."
        )
    if story.rights is None and (holder or usage):
        story.rights = make_rights("", holder=holder, usage_terms=usage)
        story.warnings.append(
            "The item names a copyright holder or usage terms but no copyright notice: "
            "add the notice before publishing."
        )
    story.body = render(blocks)
    story.photos = _photos(read, item)
    story.tags = list(
        dict.fromkeys(n for s in read.objects(item, "subjects") if (n := read.string(s, "name")))
    )
    story.quotes, warnings = find_quotes(blocks)
    story.warnings += warnings

    if story.pubstatus != "canceled":
        if not story.headline:
            raise WireError("the item has no headline", line=read.line("headlines"))
        if not any(b.kind == PARAGRAPH for b in blocks):
            raise WireError("the item has no body text", line=read.line("bodies"))
    elif not (story.headline or story.source_identifier):
        raise WireError("the kill notice has neither a uri nor a headline")
    return story


def _dates(read: NinjsItemReader, item: dict, story: WireStory) -> None:
    for names, field in (
        (("firstcreated", "versioncreated", "contentcreated"), "published_at"),
        (("embargoeduntil", "embargoed"), "embargo_until"),
    ):
        for name in names:
            value = read.string(item, name)
            if not value:
                continue
            when = parse_iso(value)
            if when is None:
                story.warnings.append(
                    f"“{name}” is not a usable ISO 8601 date and time (years {MIN_YEAR}–"
                    f"{MAX_YEAR}): “{value[:40]}”."
                )
                continue
            setattr(story, field, when)
            break


# The By word of the item's language, so that "A und B", "A y B", "A og B" are two people.
_BY_WORD = {"de": "Von", "es": "Por", "pt": "Por", "fr": "Par", "sv": "Av", "no": "Av"}
_BY_WORD |= {"nb": "Av", "nn": "Av", "da": "Af"}


def _bylines(read: NinjsItemReader, item: dict, story: WireStory) -> None:
    by = read.string(item, "by")
    if by:
        word = _BY_WORD.get(story.language.split("-")[0].lower(), "By")
        story.bylines = parse_byline(by if by.lower().startswith("by ") else f"{word} {by}")
        if not story.bylines:
            people = split_people(by)
            story.bylines = [WireByline(n, AUTHOR, p) for n, p in people or []]
        if not story.bylines:
            story.warnings.append(f"No person's name found in the byline “{by}”.")
        return
    for person in read.objects(item, "people"):
        if read.string(person, "rel").lower() in {"author", "creator", "byline", "writer"}:
            name = tidy_name(read.string(person, "name"))
            if name:
                story.bylines.append(WireByline(name, AUTHOR))


def _photos(read: NinjsItemReader, item: dict) -> list[WirePhoto]:
    photos = []
    for i, assoc in enumerate(read.objects(item, "associations")):
        where = f"associations[{i}]."
        kind = read.string(assoc, "type", where).lower()
        renditions = read.objects(assoc, "renditions", where)
        if kind not in {"picture", "graphic"} and not (not kind and renditions):
            continue
        descriptions = read.values(assoc, "descriptions", where)
        caption = _pick(descriptions, {"caption", "description", "summary", "", "main"})
        if caption:
            caption_text = _plain(caption[2], caption[1])
        else:
            caption_text = read.string(assoc, "description_text", where) or read.string(
                assoc, "body_text", where
            )
            bodies = read.values(assoc, "bodies", where)
            headlines = read.values(assoc, "headlines", where)
            fallback = bodies[0] if bodies else headlines[0] if headlines else None
            if not caption_text and fallback:
                caption_text = _plain(fallback[2], fallback[1])
            caption_text = caption_text or read.string(assoc, "headline", where)
        alt = _pick(descriptions, {"alt", "alttext", "alternative", "alt_text"})
        credit = read.string(assoc, "credit", where) or read.string(assoc, "creditline", where)
        if not credit:
            byline = read.string(assoc, "byline", where) or read.string(assoc, "by", where)
            holder = read.string(assoc, "copyrightholder", where)
            # "AGENCY/Name" is already a credit as printed (our own export sends it so,
            # beside the story's copyright holder); else agency first, as split_credit reads.
            credit = byline if "/" in byline else "/".join(p for p in (holder, byline) if p)
        photos.append(
            WirePhoto(
                caption=caption_text,
                credit=credit,
                href=_rendition(renditions),
                alt_text=alt[2] if alt else read.string(assoc, "alt_text", where),
            )
        )
    return photos


def _rendition(renditions: list[dict]) -> str:
    """The largest or original rendition's address."""
    usable = [r for r in renditions if isinstance(r.get("href"), str) and r["href"].strip()]
    for name in _RENDITION_NAMES:
        for rendition in usable:
            if str(rendition.get("name", "")).lower() == name:
                return rendition["href"].strip()

    def area(r: dict) -> float:
        w, h = r.get("width"), r.get("height")
        ok = isinstance(w, int | float) and isinstance(h, int | float)
        return float(w) * float(h) if ok else 0.0

    return max(usable, key=area)["href"].strip() if usable else ""
