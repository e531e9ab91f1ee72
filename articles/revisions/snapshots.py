"""Snapshots: the whole story as JSON data, kept as a Revision at every save that changed it."""

from __future__ import annotations

from datetime import datetime

from django.db import models

from ..models import Article, Byline, PhotoCaption, Quote, Revision

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


def snapshot(article: Article) -> dict:
    """The whole story as JSON data, in a stable order: equal stories, equal snapshots."""
    notice = article.rights_notice if article.rights_notice_id else None
    data = {"format": SNAPSHOT_FORMAT, **_row(article, ARTICLE_FIELDS)}
    data["rights_notice"] = article.rights_notice_id
    data["rights_notice_text"] = notice.notice if notice else ""
    # Fresh queries, not a prefetch cache that predates the save being recorded.
    data["tags"] = sorted(article.tags.names())
    data["bylines"] = [
        {
            "id": byline.pk,
            "person_id": byline.person_id,
            "person": byline.person.name,
            **_row(byline, BYLINE_FIELDS),
        }
        for byline in Byline.objects.filter(article=article).select_related("person")
    ]
    data["quotes"] = [
        {
            "id": quote.pk,
            "speaker_id": quote.speaker_id,
            "speaker": quote.speaker.name,
            **_row(quote, QUOTE_FIELDS),
        }
        for quote in Quote.objects.filter(article=article).select_related("speaker")
    ]
    data["photos"] = [
        {
            "id": photo.pk,
            "image": photo.image.name or "",
            "photographer_id": photo.photographer_id,
            "photographer": photo.photographer.name if photo.photographer else "",
            **_row(photo, PHOTO_FIELDS),
        }
        for photo in PhotoCaption.objects.filter(article=article).select_related("photographer")
    ]
    return data


def _user_name(user) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()


def record_revision(*, article: Article, user=None, action: str) -> Revision | None:
    """Keep the story as it is now, unless it equals the latest revision (then ``None``)."""
    snap = snapshot(article)
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
