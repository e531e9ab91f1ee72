"""A parsed story's parts, laid out for a person to check before it is stored.

Used by ``import_wire --dry-run`` (as text) and by the admin's import page (as
a template context); no database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from ..conventions.credits import split_credit
from ..models import Byline
from .wire_story import WireStory

ROLE_LABELS = dict(Byline.Role.choices)


@dataclass(frozen=True)
class PreviewBlock:
    kind: str  # "paragraph" | "subhead" | "quote"
    text: str


def body_blocks(body: str) -> list[PreviewBlock]:
    """The body's paragraphs and subheads, in order (blank lines split them)."""
    blocks = []
    for chunk in (body or "").split("\n\n"):
        text = chunk.strip()
        if not text:
            continue
        if text.startswith("#"):
            blocks.append(PreviewBlock("subhead", text.lstrip("#").strip()))
        elif text.startswith(">"):
            blocks.append(
                PreviewBlock("quote", " ".join(line.lstrip("> ") for line in text.splitlines()))
            )
        else:
            blocks.append(PreviewBlock("paragraph", text))
    return blocks


def _when(value) -> str:
    if value is None:
        return ""
    if timezone.is_naive(value):
        return value.strftime("%Y-%m-%d %H:%M") + " " + _("(newsroom time)")
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")


def story_parts(story: WireStory) -> dict:
    """Everything an editor checks before importing, as plain data for a template."""
    blocks = body_blocks(story.body)
    return {
        "headline": story.headline,
        "standfirst": story.standfirst,
        "format": story.format,
        "source": story.source,
        "source_identifier": story.source_identifier,
        "pubstatus": story.pubstatus,
        "published_at": _when(story.published_at),
        "embargo_until": _when(story.embargo_until),
        "dateline": story.dateline,
        "bylines": [{"byline": b, "role": ROLE_LABELS.get(b.role, b.role)} for b in story.bylines],
        "blocks": blocks,
        "paragraph_count": sum(1 for b in blocks if b.kind == "paragraph"),
        "subheads": [b.text for b in blocks if b.kind == "subhead"],
        "quotes": story.quotes,
        "photos": [
            {"photo": photo, "credit": split_credit(photo.credit)} for photo in story.photos
        ],
        "rights": story.rights,
        "tags": story.tags,
        "warnings": story.warnings,
        "dropped": story.dropped,  # page furniture and trailers, as printed
    }


def describe(story: WireStory) -> list[str]:
    """The parts as lines of text, for the import command's dry run."""
    parts = story_parts(story)
    lines = [f"headline:  {story.headline}"]
    if story.standfirst:
        lines.append(f"summary:   {story.standfirst}")
    source = story.source or "—"
    if story.source_identifier:
        source += f" (id {story.source_identifier})"
    lines.append(f"source:    {source}  [{story.format}, {story.pubstatus}]")
    if parts["published_at"]:
        lines.append(f"date:      {parts['published_at']}")
    if parts["embargo_until"]:
        lines.append(f"embargo:   {parts['embargo_until']}")
    lines.append(f"dateline:  {story.dateline or '—'}")
    for byline in story.bylines:
        extra = "".join(
            f", {value}"
            for value in (byline.location and f"in {byline.location}", byline.title)
            if value
        )
        role = ROLE_LABELS.get(byline.role, byline.role)
        lines.append(f"byline:    {byline.name} ({role}{extra})")
    lines.append(
        f"body:      {parts['paragraph_count']} paragraph(s), {len(parts['subheads'])} subhead(s)"
        + (f": {', '.join(parts['subheads'])}" if parts["subheads"] else "")
    )
    for quote in story.quotes:
        who = quote.speaker + (f", {quote.speaker_title}" if quote.speaker_title else "")
        text = quote.text if len(quote.text) <= 70 else quote.text[:69] + "…"
        partial = " (partial)" if quote.partial else ""
        lines.append(f"quote:     {who}{partial}: “{text}”")
    for photo in story.photos:
        caption = " ".join(photo.caption.split())
        caption = caption if len(caption) <= 70 else caption[:69] + "…"
        lines.append(f"photo:     {caption} — {photo.credit or 'no credit'}")
    if story.rights:
        lines.append(f"rights:    {' '.join(story.rights.notice.split())}")
    else:
        lines.append("rights:    none")
    if story.tags:
        lines.append(f"tags:      {', '.join(story.tags)}")
    lines.extend(f"dropped:   {dropped}" for dropped in story.dropped)
    lines.extend(f"warning:   {warning}" for warning in story.warnings)
    return lines
