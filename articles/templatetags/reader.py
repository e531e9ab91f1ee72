"""Template filters for the reader pages; the logic lives in ``articles.public.presentation``."""

from django import template
from django.utils import timezone

from ..conventions import rendering
from ..photos import renditions
from ..public import list_entries, presentation

register = template.Library()


@register.filter
def by_line(article):
    """``By A and B`` with links, from the page's prefetched bylines."""
    return presentation.by_line(presentation.authors(article))


@register.filter
def lead_photo(article):
    return presentation.lead_photo(article)


@register.filter
def photo_credit(photo):
    return presentation.credit_html(photo)


@register.filter
def needs_file_photo_label(photo):
    return presentation.shows_file_photo_label(photo)


@register.filter
def pull_quote_text(text):
    """A pull quote stands alone: the comma that led into "…, she said" goes."""
    return text.strip().rstrip(",;:").rstrip()


@register.filter
def html_datetime(value):
    """``<time datetime>`` text: ISO 8601 in local time, whole seconds (HTML allows 3 digits)."""
    if not value:
        return ""
    return timezone.localtime(value).isoformat(timespec="seconds")


@register.filter
def simple_page_html(text):
    """A simple page (About, Terms ...) is written like a story body: the same safe Markdown."""
    return rendering.render_body(text)


@register.simple_tag
def photo_picture(photo, use):
    """The ``<picture>`` data for a photo in one use (see ``articles.photos.renditions.CROPS``)."""
    return renditions.picture(photo, use)


@register.simple_tag
def story_entry(story, level, position):
    """The story's entry in a list (``articles/_story_item.html``), kept per change of it."""
    return list_entries.item_html(story, level, position)
