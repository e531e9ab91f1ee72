"""Reading rendered pages in tests: parse HTML as a browser would and find parts of it."""

from __future__ import annotations

import json
import re
from xml.etree.ElementTree import Element

import html5lib


def parse(content: bytes | str) -> Element:
    """The page as a browser parses it (HTML5 rules), without XHTML namespaces."""
    return html5lib.parse(content, namespaceHTMLElements=False)


def parse_errors(content: bytes | str) -> list:
    """HTML5 parse errors: mis-nested or unclosed elements, stray end tags, bad doctype."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(content)
    return parser.errors


def by_class(root: Element, name: str) -> list[Element]:
    return [el for el in root.iter() if name in (el.get("class") or "").split()]


def one_by_class(root: Element, name: str) -> Element:
    found = by_class(root, name)
    assert len(found) == 1, f"expected one .{name}, found {len(found)}"
    return found[0]


def text(element: Element) -> str:
    return "".join(element.itertext())


def squash(value: str) -> str:
    return " ".join(value.split())


def json_ld(content: bytes | str) -> list[dict]:
    """Every JSON-LD block in the page, parsed."""
    root = parse(content)
    return [
        json.loads(script.text or "")
        for script in root.iter("script")
        if script.get("type") == "application/ld+json"
    ]


def assert_in_order(content: str, *needles: str) -> None:
    """Each needle occurs in ``content``, each after the one before."""
    position = -1
    for needle in needles:
        found = content.find(needle, position + 1)
        assert found != -1, f"{needle!r} missing after position {position}"
        position = found


def heading_levels(root: Element) -> list[int]:
    return [int(el.tag[1]) for el in root.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]


def news_article_ld(content: bytes | str) -> dict:
    """The page's one ``NewsArticle`` JSON-LD block (a story page also has breadcrumbs)."""
    (block,) = [block for block in json_ld(content) if block.get("@type") == "NewsArticle"]
    return block
