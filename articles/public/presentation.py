"""How a story's parts are laid out for readers: by line, credits, dateline, body, photos.

Everything here works on parts already loaded (prefetched) on the article, so
presentation never adds a query. Text from the database is escaped here with
``format_html`` / ``conditional_escape``; the body HTML comes sanitised from
``render_body`` and is only split and added to, never re-parsed into markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conventions.quote_check import normalise_for_match
from ..models import Article, Byline, PhotoCaption, Quote

# The order of the closing credits, as agencies print them.
CREDIT_ROLES = [
    (Byline.Role.REPORTING, gettext_lazy("Reporting by")),
    (Byline.Role.ADDITIONAL_REPORTING, gettext_lazy("Additional reporting by")),
    (Byline.Role.WRITING, gettext_lazy("Writing by")),
    (Byline.Role.EDITING, gettext_lazy("Editing by")),
    (Byline.Role.PHOTOGRAPHY, gettext_lazy("Photography by")),
    (Byline.Role.CONTRIBUTOR, gettext_lazy("Contributions by")),
]


def join_names(names: list) -> SafeString:
    """``A``, ``A and B``, ``A, B and C`` (each name escaped unless already safe)."""
    names = [conditional_escape(name) for name in names]
    if len(names) < 2:
        return mark_safe("".join(names))
    return mark_safe(f"{', '.join(names[:-1])} {_('and')} {names[-1]}")


def _person(person, *, links: bool):
    if links:
        return format_html('<a href="{}">{}</a>', person.get_absolute_url(), person.name)
    return person.name


def authors(article: Article) -> list[Byline]:
    """The ``By`` line's people, in order, from whichever prefetch the page used."""
    if hasattr(article, "author_bylines"):
        return list(article.author_bylines)
    return [b for b in article.bylines.all() if b.role == Byline.Role.AUTHOR]


def by_line(bylines: list[Byline], *, links: bool = True) -> SafeString:
    """``By Ana Reyes and Omar Silva, Northwind writer``; empty without authors."""
    if not bylines:
        return mark_safe("")
    names = []
    for byline in bylines:
        name = _person(byline.person, links=links)
        names.append(format_html("{}, {}", name, byline.title) if byline.title else name)
    return format_html("{} {}", _("By"), join_names(names))


def closing_credits(bylines: list[Byline], *, links: bool = True) -> SafeString:
    """``(Reporting by A in Port Alder and B in Lisbon; Editing by D)``; empty without any."""
    groups = []
    for role, label in CREDIT_ROLES:
        people = []
        for byline in bylines:
            if byline.role != role:
                continue
            name = _person(byline.person, links=links)
            people.append(
                format_html("{} in {}", name, byline.location) if byline.location else name
            )
        if people:
            groups.append(format_html("{} {}", label, join_names(people)))
    if not groups:
        return mark_safe("")
    return format_html("({})", mark_safe("; ".join(groups)))


def dateline_text(article: Article) -> str:
    """``PORT ALDER (Northwind) - `` for agency copy, ``PORT ALDER - `` for our own stories."""
    if article.source:
        place = f"{article.dateline} " if article.dateline else ""
        return f"{place}({article.source}) - "
    return f"{article.dateline} - " if article.dateline else ""


# -- photos ----------------------------------------------------------------


def shown_photos(article: Article) -> list[PhotoCaption]:
    """Photos readers see: those whose image file has arrived, lead first."""
    return [photo for photo in article.photos.all() if photo.is_ready]


def lead_photo(article: Article) -> PhotoCaption | None:
    """The lead photo, whichever prefetch loaded it (story page or list)."""
    photos = article.lead_photos if hasattr(article, "lead_photos") else article.photos.all()
    return next((photo for photo in photos if photo.is_lead and photo.is_ready), None)


def credit_html(photo: PhotoCaption) -> SafeString:
    """The credit as printed, with the photographer's name linked to their page."""
    credit = conditional_escape(photo.credit)
    person = photo.photographer
    if person is None or not photo.photographer_name:
        return credit
    # Match whole words of the escaped text only, never inside an entity such as "&amp;".
    name = re.compile(
        rf"(?<![\w&#]){re.escape(conditional_escape(photo.photographer_name))}(?![\w;])"
    )
    link = format_html('<a href="{}">{}</a>', person.get_absolute_url(), photo.photographer_name)
    return mark_safe(name.sub(lambda _match: link, credit, count=1))


def shows_file_photo_label(photo: PhotoCaption) -> bool:
    """Agencies open a file photo's caption with ``FILE PHOTO:``; add it unless already there."""
    return photo.is_file_photo and not photo.caption.lstrip().upper().startswith("FILE PHOTO")


# -- the body --------------------------------------------------------------


class _TopLevelBlocks(HTMLParser):
    """Offsets of the top-level elements of sanitised body HTML."""

    VOID = frozenset({"br", "hr", "img", "wbr"})

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.depth = 0
        self.start = 0
        self.spans: list[tuple[int, int]] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth == 0:
            self.start = self._offset()
        self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.text.index(">", self._offset()) + 1
            self.spans.append((self.start, end))


def split_blocks(body_html: str) -> list[str]:
    """Sanitised HTML cut into its top-level blocks; stray top-level text is kept as a block."""
    spans = _TopLevelBlocks(body_html).spans
    blocks, cursor = [], 0
    for start, end in spans:
        if body_html[cursor:start].strip():
            blocks.append(body_html[cursor:start].strip())
        blocks.append(body_html[start:end])
        cursor = end
    if body_html[cursor:].strip():
        blocks.append(body_html[cursor:].strip())
    return blocks


_FIRST_TEXT_ELEMENT = re.compile(r"<(p|li|h[2-6])>")


def _after_first_opening_tag(block: str, insert: str) -> str:
    match = _FIRST_TEXT_ELEMENT.search(block)
    if match is None:
        return insert + block
    return block[: match.end()] + insert + block[match.end() :]


@dataclass
class StorySegment:
    """One piece of the story column: body HTML, a pull quote or a photo."""

    kind: str  # "html", "pull_quote" or "photo"
    html: SafeString = field(default_factory=lambda: mark_safe(""))
    quote: Quote | None = None
    photo: PhotoCaption | None = None


def story_segments(
    article: Article, *, quotes: list[Quote], photos: list[PhotoCaption]
) -> list[StorySegment]:
    """The body with the dateline opening its first paragraph, quotes anchored, and the
    pull quotes and other photos placed between paragraphs.

    A pull quote follows the paragraph that says it (or the second block when the words
    are no longer in the body); the photos are spread evenly through the story.
    """
    blocks = split_blocks(str(article.body_as_html()))
    texts = [normalise_for_match(html.unescape(strip_tags(block))) for block in blocks]

    # The dateline opens the first paragraph (it is not stored in the body).
    opening = dateline_text(article)
    if opening:
        span = format_html('<span class="dateline">{}</span>', opening)
        first = next((i for i, block in enumerate(blocks) if block.startswith("<p>")), None)
        if first is None:
            blocks.insert(0, format_html("<p>{}</p>", span))
            texts.insert(0, "")
        else:
            blocks[first] = "<p>" + span + blocks[first][len("<p>") :]

    def block_saying(quote: Quote) -> int | None:
        needle = normalise_for_match(quote.text)
        return next((i for i, text in enumerate(texts) if needle and needle in text), None)

    after: dict[int, list[StorySegment]] = {}
    unplaced_anchors = []
    for quote in quotes:
        index = block_saying(quote)
        if quote.is_pull_quote:
            place = index if index is not None else min(1, len(blocks) - 1)
            after.setdefault(place, []).append(StorySegment("pull_quote", quote=quote))
        elif index is None:
            unplaced_anchors.append(format_html('<span id="quote-{}"></span>', quote.pk))
        else:
            anchor = format_html('<span id="quote-{}"></span>', quote.pk)
            blocks[index] = _after_first_opening_tag(blocks[index], anchor)

    count = len(blocks)
    for i, photo in enumerate(photos):
        place = max(0, (i + 1) * count // (len(photos) + 1) - 1) if count else -1
        after.setdefault(place, []).append(StorySegment("photo", photo=photo))

    segments = [StorySegment("html", html=mark_safe("".join(unplaced_anchors)))]
    segments += after.pop(-1, [])
    for index, block in enumerate(blocks):
        segments.append(StorySegment("html", html=mark_safe(block)))
        segments += after.pop(index, [])
    return [s for s in segments if s.kind != "html" or s.html]


def feed_html(article: Article) -> SafeString:
    """The full text for feeds: dateline, body and closing credits (no relative links)."""
    blocks = split_blocks(str(article.body_as_html()))
    opening = dateline_text(article)
    if opening:
        first = next((i for i, block in enumerate(blocks) if block.startswith("<p>")), None)
        if first is None:
            blocks.insert(0, format_html("<p>{}</p>", opening))
        else:
            blocks[first] = format_html("<p>{}", opening) + blocks[first][len("<p>") :]
    credits = closing_credits(list(article.bylines.all()), links=False)
    if credits:
        blocks.append(format_html("<p>{}</p>", credits))
    return mark_safe("\n".join(blocks))
