"""Snapshots: the whole story as JSON data, kept as a Revision at every save that changed it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from ...models import Article, Byline, PhotoCaption, Quote, Revision

SNAPSHOT_FORMAT = 1
ARTICLE_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline",
    "source",
    "source_identifier",
    "status",
    "published_at",
    "embargo_until",
    "withdrawn_at",
    "withdrawal_reason",
)
# What a restore brings back: the words. Status, publication, embargo and withdrawal times
# decide whether readers see the story, and restoring never changes that.
RESTORED_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline",
    "source",
    "source_identifier",
    "withdrawal_reason",
)
BYLINE_FIELDS = ("role", "location", "title", "position")
QUOTE_FIELDS = ("speaker_title", "text", "is_partial", "is_pull_quote", "position")
PHOTO_FIELDS = ("caption", "credit", "alt_text", "is_lead", "position")


def _stored(field: models.Field, obj: models.Model):
    """A field's value as JSON data that ``field.to_python`` turns back into the value."""
    value = field.value_from_object(obj)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, datetime):
        # To the second, as the admin form shows and posts it back: a form save must not
        # look like a change of the publication time.
        return value.replace(microsecond=0).isoformat()
    return field.value_to_string(obj)


def _row(obj: models.Model, names: tuple[str, ...]) -> dict:
    return {name: _stored(obj._meta.get_field(name), obj) for name in names}


@dataclass
class Written:
    """The parts a writer has just saved in this transaction (the wire store), so that its
    revision is taken from them instead of reading them back: every byline, quote and
    photo of the story, saved (with their keys), and its people with them. ``created``:
    the story's row was inserted in this transaction, so it has no revision yet and its
    version is the one it was saved with."""

    bylines: list[Byline]
    quotes: list[Quote]
    photos: list[PhotoCaption]
    tags: list[str] | None = None  # None: read them back (taggit may spell them its way)
    created: bool = False

    def complete(self) -> bool:
        parts = [*self.bylines, *self.quotes, *self.photos]
        return all(part.pk is not None for part in parts)  # bulk_create gave every key


def snapshot(article: Article, *, written: Written | None = None) -> dict:
    """The whole story as JSON data, in a stable order: equal stories, equal snapshots.

    ``written``: the parts just saved in this transaction, the same rows a query would read.
    """
    notice = article.rights_notice if article.rights_notice_id else None
    data = {"format": SNAPSHOT_FORMAT, **_row(article, ARTICLE_FIELDS)}
    data["rights_notice"] = article.rights_notice_id
    data["rights_notice_text"] = notice.notice if notice else ""
    if written is not None and written.complete():
        data["tags"] = (
            sorted(article.tags.names()) if written.tags is None else sorted(written.tags)
        )
        bylines = sorted(written.bylines, key=lambda b: (b.position, b.pk))
        quotes = sorted(written.quotes, key=lambda q: (q.position, q.pk))
        photos = sorted(written.photos, key=lambda p: (not p.is_lead, p.position, p.pk))
    else:
        # Fresh queries, not a prefetch cache that predates the save being recorded.
        data["tags"] = sorted(article.tags.names())
        bylines = Byline.objects.filter(article=article).select_related("person")
        quotes = Quote.objects.filter(article=article).select_related("speaker")
        photos = PhotoCaption.objects.filter(article=article).select_related("photographer")
    data["bylines"] = [
        {
            "id": byline.pk,
            "person_id": byline.person_id,
            "person": byline.person.name,
            **_row(byline, BYLINE_FIELDS),
        }
        for byline in bylines
    ]
    data["quotes"] = [
        {
            "id": quote.pk,
            "speaker_id": quote.speaker_id,
            "speaker": quote.speaker.name,
            **_row(quote, QUOTE_FIELDS),
        }
        for quote in quotes
    ]
    data["photos"] = [
        {
            "id": photo.pk,
            "image": photo.image.name or "",
            "photographer_id": photo.photographer_id,
            "photographer": photo.photographer.name if photo.photographer else "",
            **_row(photo, PHOTO_FIELDS),
        }
        for photo in photos
    ]
    return data


def _user_name(user) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()


def record_revision(
    *, article: Article, user=None, action: str, written: Written | None = None
) -> Revision | None:
    """Keep the story as it is now, unless it equals the latest revision (then ``None``).

    ``written``: what the caller has just saved (see ``Written``), not read back again.
    """
    snap = snapshot(article, written=written)
    if written is not None and written.created:
        version = article.version  # inserted in this transaction: no revision, no other writer
    else:
        latest = article.revisions.order_by("-version", "-pk").only("snapshot").first()
        if latest is not None and latest.snapshot == snap:
            return None
        # The version in the database, not the one this instance was loaded with.
        version = Article.objects.filter(pk=article.pk).values_list("version", flat=True).get()
    return Revision.objects.create(
        article=article,
        version=version,
        user=user if user is not None and user.is_authenticated else None,
        user_name=_user_name(user),
        action=action,
        snapshot=snap,
    )


def revision_for_version(article: Article, version: int) -> Revision | None:
    """What an editor who loaded ``version`` of the story saw: the latest revision up to it."""
    return article.revisions.filter(version__lte=version).order_by("-version", "-pk").first()
