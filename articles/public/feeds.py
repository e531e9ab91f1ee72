"""RSS 2.0 and Atom feeds for the site, per tag, per source and per section.

Every entry carries its rights notice (Atom ``<rights>``, RSS ``<dc:rights>``),
its authors (Atom ``<author>``, ``<dc:creator>``) and its lead photo as Media
RSS with credit and copyright. The story text goes out only where the notice
allows redistribution (``RightsNotice.allows_full_text``); otherwise an entry
is headline, summary and link.
"""

from __future__ import annotations

import io
import mimetypes
from contextvars import ContextVar
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..delivery import surrogate_keys
from ..models import Article, Byline, PhotoCaption, Section
from ..photos.renditions import public_image
from . import list_entries, presentation, selectors

FEED_LENGTH = 30
# The request a feed is being written for: its entries name their keys on it.
_request: ContextVar = ContextVar("feed_request")
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"


def _add_media(handler, item, base_url: str) -> None:
    """The lead photo as ``<media:content>`` with caption, credit and copyright."""
    photo = item.get("photo")
    if not photo:
        return
    url = urljoin(base_url, photo["url"])
    attrs = {"url": url, "medium": "image"}
    mime_type = mimetypes.guess_type(photo["url"])[0]
    if mime_type:
        attrs["type"] = mime_type
    if photo["width"] and photo["height"]:
        attrs.update(width=str(photo["width"]), height=str(photo["height"]))
    handler.startElement("media:content", attrs)
    handler.addQuickElement("media:description", photo["caption"], {"type": "plain"})
    if photo["photographer"]:
        handler.addQuickElement(
            "media:credit", photo["photographer"], {"role": "photographer", "scheme": "urn:ebu"}
        )
    if photo["credit"] and photo["credit"] != photo["photographer"]:
        # The credit exactly as the agency prints it ("NORTHWIND/Lena Fischer/File Photo").
        handler.addQuickElement("media:credit", photo["credit"])
    if photo["copyright"]:
        handler.addQuickElement("media:copyright", photo["copyright"])
    handler.endElement("media:content")


class StoryRssFeed(Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:dc": DC,
            "xmlns:media": MEDIA,
            "xmlns:content": CONTENT,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _url in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item["item_copyright"]:
            handler.addQuickElement("dc:rights", item["item_copyright"])
        if item["full_text"]:
            handler.addQuickElement("content:encoded", item["full_text"])
        _add_media(handler, item, item["link"])


class StoryAtomFeed(Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, url in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.addQuickElement("uri", urljoin(item["link"], url))
            handler.endElement("author")
        if item["full_text"]:
            handler.addQuickElement("content", item["full_text"], {"type": "html"})
        _add_media(handler, item, item["link"])


class LatestStoriesFeed(Feed):
    """The newest public stories."""

    feed_type = StoryRssFeed

    def __call__(self, request, *args, **kwargs):
        """Django's, with the XML written to memory first: the writer emits it in thousands
        of small pieces, and a response's every piece is a write to the socket (26% of a
        feed's time under gunicorn). No ``Last-Modified``: ``public_page`` drops it."""
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        feed = self.get_feed(obj, request)
        out = io.StringIO()
        feed.write(out, "utf-8")
        return HttpResponse(out.getvalue(), content_type=feed.content_type)

    def title(self, obj=None):
        return settings.NEWSROOM_NAME

    def link(self, obj=None):
        return reverse("articles:home")

    def about(self, obj) -> str:
        """What the feed holds, as plain text."""
        return _("The latest stories from %(name)s.") % {"name": settings.NEWSROOM_NAME}

    def description(self, obj=None):
        # Feed readers treat RSS descriptions as HTML: a tag or source name is escaped.
        return escape(self.about(obj))

    def feed_copyright(self, obj=None):
        return _("© %(name)s. Each story carries its own rights notice.") % {
            "name": settings.NEWSROOM_NAME
        }

    def author_name(self, obj=None):
        # Atom wants an author; entries without a byline are the newsroom's.
        return settings.NEWSROOM_NAME

    def stories(self, obj):
        return selectors.public_stories()

    def get_feed(self, obj, request):
        token = _request.set(request)
        try:
            return super().get_feed(obj, request)
        finally:
            _request.reset(token)

    def items(self, obj=None):
        """The newest entries; each names its story, people, tags and notice (a rename
        of any of them purges the feed). What an entry says is kept per change of its
        story (``list_entries``): only the stories without one load their parts."""
        stories = list(self.stories(obj).select_related("rights_notice")[:FEED_LENGTH])
        list_entries.attach(stories, FEED_ENTRY)
        surrogate_keys.add(_request.get(), *list_entries.keys_of(stories))
        return stories

    # -- one entry (its fields: ``_entry`` below) --------------------------------
    def item_title(self, item: Article):
        return _fields(item)["title"]

    def item_description(self, item: Article):
        return _fields(item)["description"]

    item_guid_is_permalink = False

    def item_guid(self, item: Article):
        return _fields(item)["guid"]

    def item_link(self, item: Article):
        return _fields(item)["link"]

    def item_pubdate(self, item: Article):
        return _fields(item)["pubdate"]

    def item_updateddate(self, item: Article):
        return _fields(item)["updateddate"]

    def item_copyright(self, item: Article):
        return _fields(item)["copyright"]

    def item_categories(self, item: Article):
        return _fields(item)["categories"]

    def item_extra_kwargs(self, item: Article):
        return _fields(item)["extra"]


def _fields(item: Article) -> dict:
    return item.list_entry.rendered["feed"]


def _entry(item: Article) -> dict:
    """A story's entry in every feed, from the story and its parts alone (kept per change)."""
    notice = item.rights_notice
    lead = presentation.lead_photo(item)
    authors = presentation.authors(item)
    host = urlsplit(settings.NEWSROOM_URL).hostname or "localhost"
    fields = {
        "title": item.headline,
        # The summary as HTML (feed readers read it so): the standfirst, escaped.
        "description": escape(item.standfirst or item.headline),
        # A tag URI (RFC 4151) that survives a corrected date or slug, so no reader sees a
        # story twice.
        "guid": f"tag:{host},{item.created_at:%Y-%m-%d}:article:{item.pk}",
        "link": item.get_absolute_url(),
        "pubdate": item.published_at,
        # The last correction or update readers were told of (else publication): the feed's
        # own updated time (Atom ``<updated>``, RSS ``<lastBuildDate>``) is the newest of these.
        "updateddate": item.modified_at,
        "copyright": notice.notice if notice else None,
        "categories": [tag.name for tag in item.tags.all()],
        "extra": {
            "authors": [(b.person.name, b.person.get_absolute_url()) for b in authors],
            "full_text": (
                str(presentation.feed_html(item)) if notice and notice.allows_full_text else ""
            ),
            "photo": lead
            and {
                **_public_image_fields(lead),
                "caption": lead.caption,
                "credit": lead.credit,
                "photographer": lead.photographer_name or lead.creator,
                "copyright": lead.copyright_notice or (notice.notice if notice else ""),
            },
        },
    }
    return {"feed": fields}


# What an entry is made from: every byline (authors, and the closing credits of the full
# text), the lead photo, the tags; the notice comes with the stories (select_related).
FEED_ENTRY = list_entries.Kind(
    "feed",
    (
        Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        Prefetch(
            "photos", queryset=PhotoCaption.objects.filter(is_lead=True), to_attr="lead_photos"
        ),
        "tags",
    ),
    _entry,
    with_image=False,
)


def _public_image_fields(photo) -> dict:
    image = public_image(photo)
    return {"url": image.url, "width": image.width, "height": image.height}


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = StoryAtomFeed

    def subtitle(self, obj=None):
        return self.about(obj)  # Atom text: plain, escaped once by the XML writer


class TagFeed(LatestStoriesFeed):
    """Public stories with one tag; a tag only unpublished stories carry is a 404."""

    def get_object(self, request, slug):
        tag = selectors.public_tags().filter(slug=slug).first()
        if tag is None:
            raise Http404("No such tag.")
        return tag

    def title(self, obj=None):
        return f"{settings.NEWSROOM_NAME}: {obj.name}"

    def link(self, obj=None):
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def about(self, obj) -> str:
        return _("The latest stories tagged “%(tag)s”.") % {"tag": obj.name}

    def stories(self, obj):
        return selectors.tag_stories(obj)


class TagAtomFeed(TagFeed):
    feed_type = StoryAtomFeed

    def subtitle(self, obj=None):
        return self.about(obj)  # Atom text: plain, escaped once by the XML writer


@dataclass(frozen=True)
class Source:
    slug: str
    name: str


class SourceFeed(LatestStoriesFeed):
    """Public stories from one agency."""

    def get_object(self, request, slug):
        name = selectors.source_stories(slug).values_list("source", flat=True).first()
        if not name:
            raise Http404("No such source.")
        return Source(slug=slug, name=name)

    def title(self, obj=None):
        return f"{settings.NEWSROOM_NAME}: {obj.name}"

    def link(self, obj=None):
        return reverse("articles:source", kwargs={"slug": obj.slug})

    def about(self, obj) -> str:
        return _("The latest stories from %(source)s.") % {"source": obj.name}

    def stories(self, obj):
        return selectors.source_stories(obj.slug)


class SourceAtomFeed(SourceFeed):
    feed_type = StoryAtomFeed

    def subtitle(self, obj=None):
        return self.about(obj)  # Atom text: plain, escaped once by the XML writer


class SectionFeed(LatestStoriesFeed):
    """Public stories of one active section (primary or secondary)."""

    def get_object(self, request, slug):
        section = Section.objects.active().filter(slug=slug).first()
        if section is None:
            raise Http404("No such section.")
        return section

    def title(self, obj=None):
        return f"{settings.NEWSROOM_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def about(self, obj) -> str:
        return _("The latest stories in %(section)s.") % {"section": obj.name}

    def stories(self, obj):
        return selectors.section_stories(obj)


class SectionAtomFeed(SectionFeed):
    feed_type = StoryAtomFeed

    def subtitle(self, obj=None):
        return self.about(obj)  # Atom text: plain, escaped once by the XML writer
