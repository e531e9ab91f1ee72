"""schema.org JSON-LD: ``NewsArticle`` and ``BreadcrumbList`` for a story page (rights and
credits included), ``WebSite`` and ``Organization`` for the home page, ``ProfilePage`` for a
person's page.

Built from the parts the page has already loaded (no queries of its own) and
embedded with the same escaping as Django's ``json_script``, so no text from
the story can close the ``<script>`` element.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Article, Byline, Correction, Person, PhotoCaption
from ..photos.renditions import public_image
from .share_cards import logo, section_name

# As django.utils.html.json_script: <, > and & never appear raw inside the script element.
_SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """``<script type="application/ld+json">`` that text in ``data`` cannot break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    # U+2028/2029 are valid JSON but end a line in older JavaScript parsers.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def json_ld_scripts(*items: dict) -> SafeString:
    """One script element per item, in order."""
    return mark_safe("".join(json_ld_script(item) for item in items))


def _compact(data: dict) -> dict:
    """Leave out what we do not know rather than publish empty values."""
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def _organization(name: str, url: str = "") -> dict:
    return _compact({"@type": "Organization", "name": name, "url": url})


def publisher(absolute) -> dict:
    """The newsroom as an ``Organization``, with its logo (what search engines show)."""
    image = logo(absolute)
    return {
        "@type": "Organization",
        "@id": absolute(reverse("articles:home")) + "#publisher",
        "name": settings.NEWSROOM_NAME,
        "url": absolute(reverse("articles:home")),
        "logo": {
            "@type": "ImageObject",
            "url": image.url,
            "width": image.width,
            "height": image.height,
        },
    }


def _logo_image(absolute) -> dict:
    """The logo as an article's picture, with its rights: the newsroom's own."""
    owner = _organization(settings.NEWSROOM_NAME, absolute(reverse("articles:home")))
    return {
        **publisher(absolute)["logo"],
        "creditText": settings.NEWSROOM_NAME,
        "creator": owner,
        "copyrightHolder": owner,
        "copyrightNotice": f"© {settings.NEWSROOM_NAME}",
        "acquireLicensePage": _licensing_page(absolute),
    }


def _licensing_page(absolute) -> str:
    return settings.NEWSROOM_LICENSING_URL or absolute(reverse("articles:home"))


def _image(photo: PhotoCaption, *, absolute, notice) -> dict:
    creator = None
    if photo.photographer is not None:
        creator = _compact(
            {
                "@type": "Person",
                "name": photo.photographer.name,
                "url": absolute(photo.photographer.get_absolute_url()),
            }
        )
    elif photo.photographer_name:
        creator = {"@type": "Person", "name": photo.photographer_name}
    elif photo.creator:
        creator = {"@type": "Person", "name": photo.creator}
    elif photo.agency:
        creator = _organization(photo.agency)
    image = public_image(photo)
    return _compact(
        {
            "@type": "ImageObject",
            "url": absolute(image.url),
            "contentUrl": absolute(image.url),
            "width": image.width,
            "height": image.height,
            "caption": photo.caption,
            "description": photo.alt_text,
            "creditText": photo.credit,
            "creator": creator,
            "copyrightHolder": _organization(notice.holder) if notice and notice.holder else None,
            # The picture's own copyright line (from the file or the editor) before the story's.
            "copyrightNotice": photo.copyright_notice or (notice.notice if notice else ""),
            "license": notice.licence_url if notice else "",
            "acquireLicensePage": (notice and notice.licence_url) or _licensing_page(absolute),
        }
    )


def _iso(value) -> str | None:
    """Whole seconds, as the page's ``<time>`` elements say it."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _correction(note: Correction) -> dict:
    return {"@type": "CorrectionComment", "text": note.text, "datePublished": _iso(note.created_at)}


def news_article(
    article: Article,
    *,
    absolute,
    authors: list[Byline],
    photos: list[PhotoCaption],
    corrections: list[Correction] = (),
    description: str = "",
) -> dict:
    """The ``NewsArticle`` for ``article``; ``absolute`` turns a path into a full URL;
    ``description`` is the page's meta description (``share_cards``).

    ``correction`` lists the corrections only: an update is news, not a fix, and shows in
    ``dateModified`` (the time of the last note to readers, else of publication).
    """
    url = absolute(article.get_absolute_url())
    notice = article.rights_notice
    published = article.published_at or article.created_at
    if authors:
        author = [
            _compact(
                {
                    "@type": "Person",
                    "name": byline.person.name,
                    "url": absolute(byline.person.get_absolute_url()),
                    "jobTitle": byline.title,
                }
            )
            for byline in authors
        ]
    else:
        author = [
            _organization(
                article.source,
                absolute(reverse("articles:source", kwargs={"slug": article.source_slug})),
            )
            if article.source and article.source_slug
            else _organization(settings.NEWSROOM_NAME, absolute(reverse("articles:home")))
        ]
    dateline = article.dateline
    if article.source and dateline:
        dateline = f"{dateline} ({article.source})"
    copyright_year = None
    if notice:
        copyright_year = notice.year or (published and timezone.localtime(published).year)
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": article.headline,
            "description": description or article.standfirst,
            "articleSection": section_name(article),
            "datePublished": _iso(published),
            "dateModified": _iso(article.modified_at),
            "author": author,
            "dateline": dateline,
            # Search engines want a picture of every article: the logo when it has none.
            "image": [_image(photo, absolute=absolute, notice=notice) for photo in photos]
            or [_logo_image(absolute)],
            "keywords": [tag.name for tag in article.tags.all()],
            "inLanguage": settings.LANGUAGE_CODE,
            "isAccessibleForFree": True,
            # When the licence to show it ends, search engines may drop it then too.
            "expires": _iso(article.licence_expires_at),
            "publisher": publisher(absolute),
            "sourceOrganization": _organization(article.source) if article.source else None,
            "creditText": article.source or settings.NEWSROOM_NAME,
            "copyrightHolder": _organization(notice.holder) if notice and notice.holder else None,
            "copyrightYear": copyright_year,
            "copyrightNotice": notice.notice if notice else None,
            "license": notice.licence_url if notice else None,
            "correction": [_correction(note) for note in corrections if not note.is_update],
        }
    )


def breadcrumbs(article: Article, *, absolute) -> dict:
    """Home › section (where stories have one) › the story."""
    trail = [(settings.NEWSROOM_NAME, absolute(reverse("articles:home")))]
    section = getattr(article, "section", None)
    if section is not None and hasattr(section, "get_absolute_url"):
        trail.append((section_name(article), absolute(section.get_absolute_url())))
    trail.append((article.headline, absolute(article.get_absolute_url())))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def website(*, absolute) -> dict:
    """The site, with the search engines may offer in their results (``SearchAction``)."""
    home = absolute(reverse("articles:home"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": home + "#website",
        "name": settings.NEWSROOM_NAME,
        "url": home,
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": {"@id": home + "#publisher"},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("articles:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def organization(*, absolute) -> dict:
    return {"@context": "https://schema.org", **publisher(absolute)}


def profile_page(person: Person, *, absolute) -> dict:
    """A person's page: a ``ProfilePage`` about the ``Person``."""
    url = absolute(person.get_absolute_url())
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "mainEntity": _compact(
            {
                "@type": "Person",
                "@id": url + "#person",
                "name": person.name,
                "url": url,
                "jobTitle": person.title,
            }
        ),
    }
