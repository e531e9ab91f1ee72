"""Body blocks and the Markdown subset they are stored in; HTML bodies turned into blocks.

Every parser produces a list of ``Block`` (paragraph, subhead, block quote) so
that datelines, closing credits, rights notices and quotes are found the same
way whatever the format. Text is escaped where Markdown would otherwise read
it as markup: an agency's ``*`` or a paragraph that starts ``1. `` must render
as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import quote

PARAGRAPH, SUBHEAD, BLOCKQUOTE = "p", "h", "bq"

_INLINE = re.compile(r"([\\`*_])")
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|[=~`]{3,}|[-_*](?:\s*[-_*]){2,}\s*$)"
)
_ORDERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def words(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


@dataclass
class Block:
    kind: str  # PARAGRAPH | SUBHEAD | BLOCKQUOTE
    text: str  # Markdown inline text, one line
    line: int | None = None  # where the block starts in the copy, 1-based


def escape_inline(text: str) -> str:
    """Escape the characters that would start emphasis or code spans."""
    return _INLINE.sub(r"\\\1", text)


def escape_block_start(text: str) -> str:
    """Keep a paragraph that starts like a list, heading or quote a plain paragraph."""
    if _BLOCK_START.match(text):
        return "\\" + text
    return _ORDERED.sub(r"\1\\\2", text, count=1)


# Small words inside people's and places' names: "Ana de Souza", "Ludwig van Beek".
PARTICLES = words("de da do dos das del della der den di du van von ter ten la le bin ibn al el y")


def one_line(text: str) -> str:
    return " ".join(text.split())


def render(blocks: list[Block]) -> str:
    """The stored body: paragraphs separated by a blank line, ``## `` subheads, ``> `` quotes."""
    prefix = {PARAGRAPH: "", SUBHEAD: "## ", BLOCKQUOTE: "> "}
    return "\n\n".join(prefix[b.kind] + b.text for b in blocks if b.text.strip())


def plain_blocks(text: str) -> list[Block]:
    """A plain-text body from a feed: blank lines part paragraphs, or else every line does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [
        Block(PARAGRAPH, escape_block_start(escape_inline(one_line(c))))
        for c in chunks
        if c.strip()
    ]


def link(text: str, href: str) -> str:
    """A Markdown link for http(s) and mailto addresses; other schemes keep only the text."""
    href = href.strip()
    if not text.strip() or not re.match(r"(?:https?://|mailto:)", href, re.IGNORECASE):
        return text
    href = quote(href, safe=":/?#[]@!$&'*+,;=%~.-_")  # spaces and parentheses would end it
    label = text.replace("[", "\\[").replace("]", "\\]")
    return f"[{label}]({href})"


def emphasis(text: str, mark: str) -> str:
    """``*text*`` with the spaces moved outside, as CommonMark needs them."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{stripped}{mark}{trail}"


class _HtmlBlocks(HTMLParser):
    """Collects blocks from simple news HTML; anything else is reduced to its text."""

    SKIP = words(
        "script style noscript template iframe object embed svg math figure picture video "
        "audio head title button form"
    )
    BLOCKS = words(
        "p div li tr section article header footer aside dd dt pre address table ul ol dl center"
    )
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    INLINE = {"em": "*", "i": "*", "cite": "*", "strong": "**", "b": "**"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.kind = PARAGRAPH
        self.quote_depth = 0
        self.skip_depth = 0
        self.stack: list[tuple[str, list[str], str]] = []  # open inline tags: tag, parts, href
        self.parts: list[str] = []

    def _flush(self):
        text = one_line("".join(self.parts))
        self.parts = []
        self.stack = []
        if text:
            if self.kind == SUBHEAD:
                kind = SUBHEAD
            else:
                kind = BLOCKQUOTE if self.quote_depth else PARAGRAPH
                text = escape_block_start(text)
            self.blocks.append(Block(kind, text, self.getpos()[0]))
        self.kind = PARAGRAPH

    def _target(self) -> list[str]:
        return self.stack[-1][1] if self.stack else self.parts

    def handle_starttag(self, tag, attrs):
        if self.skip_depth or tag in self.SKIP:
            self.skip_depth += tag in self.SKIP
            return
        if tag in self.BLOCKS or tag in self.HEADINGS or tag == "blockquote":
            self._flush()
            self.quote_depth += tag == "blockquote"
            if tag in self.HEADINGS:
                self.kind = SUBHEAD
        elif tag in self.INLINE or tag == "a":
            href = (dict(attrs).get("href") or "") if tag == "a" else ""
            self.stack.append((tag, [], href))
        elif tag in {"br", "td", "th"}:
            self._target().append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag not in self.SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.skip_depth:
            self.skip_depth -= tag in self.SKIP
            return
        if tag in self.BLOCKS or tag in self.HEADINGS or tag == "blockquote":
            self._flush()
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            return
        if not any(open_tag == tag for open_tag, _, _ in self.stack):
            return
        while self.stack:  # close everything opened inside, as browsers do
            open_tag, parts, href = self.stack.pop()
            inner = "".join(parts)
            self._target().append(
                link(inner, href) if open_tag == "a" else emphasis(inner, self.INLINE[open_tag])
            )
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.skip_depth:
            self._target().append(escape_inline(data))

    def close(self):
        super().close()
        while self.stack:
            self.handle_endtag(self.stack[-1][0])
        self._flush()


def html_blocks(html: str) -> list[Block]:
    """Blocks from an HTML body: p, h2/h3 (subheads), blockquote, em, strong and links."""
    parser = _HtmlBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


class _HtmlText(HTMLParser):
    """The words of an HTML fragment, for headlines and captions (no markup kept)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HtmlBlocks.SKIP:
            self.skip_depth += 1
        elif tag in _HtmlBlocks.BLOCKS or tag in _HtmlBlocks.HEADINGS or tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _HtmlBlocks.SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _HtmlBlocks.BLOCKS or tag in _HtmlBlocks.HEADINGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def html_text(html: str) -> str:
    """Plain text of an HTML fragment, on one line."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return one_line("".join(parser.parts))
