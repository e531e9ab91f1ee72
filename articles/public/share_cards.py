"""What a link to a page shows when shared: Open Graph, Twitter card, meta description,
canonical URL — one ``ShareCard`` per page, printed by ``articles/_share_card.html``.

The description is the same text everywhere (meta description, ``og:description``,
``twitter:description``, JSON-LD ``description``): a story's standfirst, else the first
sentence of its body; a front's own line. A page without a picture shows the logo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ..conventions.rendering import render_body
from ..models import Article, PhotoCaption
from ..photos.renditions import public_image

DESCRIPTION_LENGTH = 200  # search engines show about 160; a sentence is rarely longer
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s")
# Only what says where a reader is: a cursor, a search; never tracking parameters.
CANONICAL_PARAMETERS = ("q", "before", "after", "page")


@dataclass(frozen=True)
class CardImage:
    url: str
    width: int | None = None
    height: int | None = None
    alt: str = ""
    is_logo: bool = False


@dataclass
class ShareCard:
    title: str
    description: str
    url: str  # canonical and absolute
    type: str = "website"  # og:type: article, profile or website
    image: CardImage | None = None
    site_name: str = field(default_factory=lambda: settings.NEWSROOM_NAME)
    # og:locale is language_TERRITORY ("en_GB"); a bare language ("en") says nothing more.
    locale: str = field(
        default_factory=lambda: (
            settings.LANGUAGE_CODE.replace("-", "_") if "-" in settings.LANGUAGE_CODE else ""
        )
    )
    twitter_site: str = field(default_factory=lambda: settings.NEWSROOM_TWITTER)
    published_time: str = ""
    modified_time: str = ""
    section: str = ""
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # profile URLs

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image and not self.image.is_logo else "summary"


def one_line(text: str) -> str:
    return " ".join((text or "").split())


def photo_url(photo: PhotoCaption) -> str:
    """The (relative) URL of the picture a card or JSON-LD shows: a public rendition
    (``articles.photos.renditions``), never the original with its private metadata."""
    return public_image(photo).url


def logo(absolute=None) -> CardImage:
    """The newsroom's logo (``NEWSROOM_LOGO``, a static file)."""
    url = static(settings.NEWSROOM_LOGO)
    return CardImage(
        url=absolute(url) if absolute else url,
        width=settings.NEWSROOM_LOGO_WIDTH,
        height=settings.NEWSROOM_LOGO_HEIGHT,
        alt=settings.NEWSROOM_NAME,
        is_logo=True,
    )


def photo_image(photo: PhotoCaption | None, absolute) -> CardImage | None:
    if photo is None:
        return None
    image = public_image(photo)
    return CardImage(
        url=absolute(image.url),
        width=image.width,
        height=image.height,
        alt=one_line(photo.alt_text or photo.caption),
    )


def first_sentence(body: str) -> str:
    """The first sentence of the first paragraph of ``body`` (Markdown), as plain text."""
    html = str(render_body(body))
    match = re.search(r"<p>(.*?)</p>", html, flags=re.S)
    text = one_line(strip_tags(match.group(1) if match else html))
    # strip_tags leaves entities: the description is escaped again when printed.
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = text.replace("&quot;", '"').replace("&#x27;", "'")
    end = _SENTENCE_END.search(text + " ")
    sentence = text[: end.start()] if end else text
    return sentence.rstrip()


def story_description(article: Article) -> str:
    """The standfirst, else the first sentence of the body, at most ~200 characters."""
    text = one_line(article.standfirst)
    if not text and "body" in article.__dict__:  # lists defer the body
        text = first_sentence(article.body)
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def _time(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def section_name(article: Article) -> str:
    """The story's primary section, where stories have sections."""
    section = getattr(article, "section", None)
    return one_line(getattr(section, "name", "") or str(section or ""))


def story_card(
    article: Article, *, absolute, lead: PhotoCaption | None, authors, tags
) -> ShareCard:
    """The card of a story page, from the parts the page has already loaded."""
    return ShareCard(
        title=one_line(article.headline),
        description=story_description(article) or default_description(),
        url=absolute(article.get_absolute_url()),
        type="article",
        image=photo_image(lead, absolute) or logo(absolute),
        published_time=_time(article.published_at),
        modified_time=_time(article.modified_at),
        section=section_name(article),
        tags=[one_line(tag.name) for tag in tags],
        authors=[absolute(byline.person.get_absolute_url()) for byline in authors],
    )


def default_description() -> str:
    return _("The latest news from %(name)s.") % {"name": settings.NEWSROOM_NAME}


def canonical_url(request) -> str:
    """The page's own URL without parameters that do not change what it shows."""
    query = request.GET.copy()
    for name in list(query):
        if name not in CANONICAL_PARAMETERS:
            del query[name]
    url = request.build_absolute_uri(request.path)
    return f"{url}?{query.urlencode()}" if query else url


def front_card(
    request, *, title: str, description: str, stories=(), kind: str = "website"
) -> ShareCard:
    """The card of a front (home, tag, person, source, search): its own line, and the
    picture of its first story that has one (from their list entries), else the logo."""
    absolute = request.build_absolute_uri
    image = next((s.list_entry.image for s in stories if s.list_entry.image), None)
    return ShareCard(
        title=one_line(title),
        description=Truncator(one_line(description)).chars(DESCRIPTION_LENGTH),
        url=canonical_url(request),
        type=kind,
        image=replace(image, url=absolute(image.url)) if image else logo(absolute),
    )
