"""Public stories as IPTC ninjs 2.2, for partners: ``article_to_ninjs`` and its URL.

Only ``Article.objects.published()`` stories are exported. The rights notice
decides what goes out: the body only where it allows redistribution
(``RightsNotice.allows_full_text``), otherwise headline, summary and link with
``representationtype: "partial"``. The notice itself always travels as
``copyrightholder``, ``copyrightnotice`` and ``usageterms``.

ninjs has no place for direct quotes: they stay in the body text only.
"""

from __future__ import annotations

import html
import json
import mimetypes
from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.http import Http404, HttpResponse

from ..delivery import surrogate_keys
from ..models import Article
from ..photos.renditions import public_image
from .presentation import authors, by_line, feed_html
from .selectors import gone_story

NINJS_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
CONTENT_TYPE = "application/json; charset=utf-8"


def _absolute(url: str, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(url)
    return urljoin(settings.NEWSROOM_URL.rstrip("/") + "/", url)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _photo(photo, index: int, request=None, notice=None) -> dict:
    image = public_image(photo)  # a public rendition: the original keeps private EXIF
    url = _absolute(image.url, request)
    rendition = {"name": "lead" if image.content_type else "original", "href": url}
    content_type = image.content_type or mimetypes.guess_type(photo.image.name)[0]
    if content_type:
        rendition["contenttype"] = content_type
    if image.width and image.height:
        rendition["width"], rendition["height"] = image.width, image.height
    item = {
        "name": f"photo{index}",
        "uri": url,
        "type": "picture",
        "descriptions": [{"role": "caption", "value": photo.caption}],
        "renditions": [rendition],
    }
    if photo.credit:
        # The credit exactly as printed; ninjs 2.2 has no credit line of its own.
        item["by"] = photo.credit
    if photo.alt_text:
        item["descriptions"].append({"role": "alternative", "value": photo.alt_text})
    if photo.photographer_name or photo.creator:
        name = photo.photographer_name or photo.creator
        item["people"] = [{"name": name, "rel": "photographer"}]
    # The picture's own copyright line first; the story's notice covers its pictures too
    # (a partner stores each photo on its own).
    if notice and notice.holder:
        item["copyrightholder"] = notice.holder
    if photo.copyright_notice or notice:
        item["copyrightnotice"] = photo.copyright_notice or notice.notice
    return item


def _version(article: Article) -> str:
    """Partners' version number: 1 at publication, one more for each note to readers (the
    same changes as ``versioncreated``)."""
    return str(1 + len(article.corrections.all()))


def article_to_ninjs(article: Article, *, request=None) -> dict:
    """One public story as a ninjs 2.2 object (absolute URLs from ``request`` or NEWSROOM_URL)."""
    notice = article.rights_notice
    full_text = bool(notice and notice.allows_full_text)
    bylines = list(article.bylines.all())
    item = {
        "uri": _absolute(article.get_absolute_url(), request),
        "standard": {"name": "ninjs", "version": "2.2", "schema": NINJS_SCHEMA_URI},
        "type": "text",
        "representationtype": "full" if full_text else "partial",
        "version": _version(article),
        "firstcreated": _time(article.published_at),
        # A new version for partners is one readers were told of: a correction or update.
        "versioncreated": _time(article.modified_at),
        "pubstatus": "usable",
        "language": settings.LANGUAGE_CODE,
        "headlines": [{"role": "main", "value": article.headline}],
    }
    if article.standfirst:
        item["descriptions"] = [{"role": "summary", "value": article.standfirst}]
    by = html.unescape(str(by_line(authors(article), links=False)))
    if by:
        item["by"] = by
    if bylines:
        # Every credit with its role as data; the body ends with the closing credits in
        # words, as agencies print them.
        item["people"] = [
            {
                "name": b.person.name,
                "rel": b.role,
                **({"literal": b.location} if b.location else {}),
            }
            for b in bylines
        ]
    if article.dateline:
        item["located"] = article.dateline
    if full_text:
        item["bodies"] = [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": str(feed_html(article)),
                "wordcount": len(article.body.split()),
            }
        ]
    if notice:
        if notice.holder:
            item["copyrightholder"] = notice.holder
        item["copyrightnotice"] = notice.notice
        usage = notice.usage_terms or notice.restriction
        if usage:
            item["usageterms"] = usage
        if notice.licence_url:
            item["rightsinfo"] = {"linkedrights": notice.licence_url}
    item["infosources"] = [
        {"name": article.source, "role": "originator"}
        if article.source
        else {"name": settings.NEWSROOM_NAME, "role": "originator"}
    ]
    tags = list(article.tags.all())
    if tags:
        item["subjects"] = [{"name": tag.name, "literal": tag.slug} for tag in tags]
    photos = [photo for photo in article.photos.all() if photo.is_ready]
    if photos:
        item["associations"] = [
            _photo(photo, index, request, notice) for index, photo in enumerate(photos, start=1)
        ]
    return {key: value for key, value in item.items() if value is not None}


def canceled_ninjs(gone, *, request=None) -> dict:
    """A withdrawn or expired story as partners must see it: which item is cancelled, since
    when, and nothing of its text (the licence, or the withdrawal, covers that too)."""
    article = gone.article
    since = article.withdrawn_at if gone.is_withdrawn else article.licence_expires_at
    item = {
        "uri": _absolute(article.get_absolute_url(), request),
        "standard": {"name": "ninjs", "version": "2.2", "schema": NINJS_SCHEMA_URI},
        "type": "text",
        "pubstatus": "canceled",
        "versioncreated": _time(since or article.modified_at),
    }
    return {key: value for key, value in item.items() if value is not None}


def article_ninjs(request, year, month, day, slug):
    """``…/<slug>/ninjs.json``: the public story as ninjs; 410 once withdrawn or expired, else
    404."""
    article = (
        Article.objects.published()
        .with_story_parts()
        .select_related("section")
        .filter(slug=slug)
        .first()
    )
    if article is None or article.publication_date.timetuple()[:3] != (year, month, day):
        # As the story page: 410 only for a story partners could once fetch, never for
        # one killed while a draft or under embargo (that would confirm it exists).
        gone = gone_story(slug=slug)
        if gone is not None:  # nothing of the story's text goes out
            surrogate_keys.add(request, surrogate_keys.story(gone.article.pk))
            payload = json.dumps(canceled_ninjs(gone, request=request), ensure_ascii=False)
            return HttpResponse(payload, content_type=CONTENT_TYPE, status=410)
        raise Http404("No public story at this address.")
    surrogate_keys.add(request, *surrogate_keys.of_story_page(article))
    payload = json.dumps(article_to_ninjs(article, request=request), ensure_ascii=False, indent=2)
    return HttpResponse(payload, content_type=CONTENT_TYPE)
