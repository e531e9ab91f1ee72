"""Renditions made by the worker, not in the editor's request.

Saving a photo with a new file or focal point gives it a new ``rendition_key`` at once;
a job (queue ``media``) then writes every rendition and marks the set complete
(``renditions_made``). Until then readers see no picture: never a broken one, never the
original with its metadata. Marking it complete is an ordinary save, so the story's
page, lists and feeds are forgotten and purged like any other change and show the
picture on the next request. A job killed halfway runs again and rewrites every file;
a job whose photo has moved on to another key does nothing.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save

from ..jobs import outbox, registry
from ..models import PhotoCaption
from .renditions import generate_renditions

RENDITIONS = "photos.renditions"


def ask_for_renditions(sender, instance: PhotoCaption, raw=False, using=None, **kwargs) -> None:
    """``post_save`` of a photo: a key without its renditions gets a job, once."""
    if raw or not instance.renditions_pending or not instance.rendition_key:
        return
    outbox.enqueue(
        RENDITIONS,
        {"photo": instance.pk, "key": instance.rendition_key},
        dedupe_key=f"{RENDITIONS}:{instance.pk}:{instance.rendition_key}",
        using=using,
    )


@registry.job(RENDITIONS, queue=registry.MEDIA, lease=600, max_attempts=5)
def make_renditions(payload: dict) -> None:
    photo = PhotoCaption.objects.filter(pk=payload["photo"]).first()
    if photo is None or photo.rendition_key != payload["key"] or not photo.renditions_pending:
        return  # deleted, moved on to another file or focal point, or already done
    make_for(photo)


def make_for(photo: PhotoCaption) -> int:
    """Write the renditions of ``photo`` as it is, then mark them made (if it is still
    that photo); how many files were written."""
    key = photo.rendition_key
    written = generate_renditions(photo, replace=photo.renditions_made != key)
    with transaction.atomic():
        current = PhotoCaption.objects.select_for_update().filter(pk=photo.pk).first()
        if current is not None and current.rendition_key == key and current.renditions_made != key:
            current.renditions_made = key
            current.save(update_fields=["renditions_made"])  # signals: the pages show it now
    return written


def connect() -> None:
    post_save.connect(ask_for_renditions, sender=PhotoCaption, dispatch_uid="photo-renditions")
