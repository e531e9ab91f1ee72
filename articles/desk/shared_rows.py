"""Rows many stories share (tags, people): once readers see one, only editors change it.

Renaming a tag or a person rewrites every published story that carries it, so the
rule is the same as for the story itself: reporters may change a row only while
drafts alone use it. ``merge_tags`` is the one way to fold tags together.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from taggit.models import Tag

from ..models import Person, TaggedArticle
from ..public.selectors import public_people, public_tags
from . import auditing

PUBLISH_PERMISSION = "articles.publish_article"
MERGE_PERMISSIONS = ("taggit.change_tag", "taggit.delete_tag")


class SharedRowRefused(Exception):
    """A change of a shared row the rules forbid; the message is written for editors."""


def is_on_public_story(obj) -> bool:
    """Whether readers see ``obj`` (a tag or a person) on at least one public story."""
    if isinstance(obj, Tag):
        public = public_tags()
    elif isinstance(obj, Person):
        public = public_people()
    else:
        raise TypeError(f"{type(obj).__name__} is not a shared row.")
    return public.filter(pk=obj.pk).exists()


def may_change(user, obj) -> bool:
    """Editors change any shared row; others only one that no public story shows."""
    return user.has_perm(PUBLISH_PERMISSION) or not is_on_public_story(obj)


def may_merge_tags(user) -> bool:
    """Merging changes one tag and deletes the others: it needs both permissions."""
    return user.has_perms(MERGE_PERMISSIONS)


def merge_tags(*, target: Tag, tags: Iterable[Tag], user=None) -> int:
    """Move every story tagged with one of ``tags`` onto ``target``, then delete ``tags``.

    One transaction; a story that already carries ``target`` keeps it once. Returns
    how many stories were moved. Refuses (``SharedRowRefused``) a user who lacks the
    merge permissions, or a public tag to anyone but an editor.
    """
    sources = [tag for tag in tags if tag.pk != target.pk]
    if not sources:
        raise SharedRowRefused(_("Choose at least one other tag to merge into “%s”.") % target)
    if user is not None:
        if not may_merge_tags(user):
            raise SharedRowRefused(_("You do not have permission to merge tags."))
        involved = [target.pk, *(tag.pk for tag in sources)]
        if not user.has_perm(PUBLISH_PERMISSION) and public_tags().filter(pk__in=involved).exists():
            raise SharedRowRefused(_("Only editors may merge tags that public stories carry."))
    moved = 0
    with transaction.atomic():
        for source in sources:
            items = TaggedArticle.objects.filter(tag=source)
            already_on_target = TaggedArticle.objects.filter(
                tag=target, content_object=OuterRef("content_object")
            )
            items.filter(Exists(already_on_target)).delete()
            # Saved one by one, not update(): each move reaches the caches like any edit.
            for item in items.select_related("content_object"):
                item.tag = target
                item.save(update_fields=["tag"])
                moved += 1
        Tag.objects.filter(pk__in=[tag.pk for tag in sources]).delete()
        auditing.record(
            actor=user,
            action=auditing.Action.MERGED,
            obj=target,
            summary=_("Merged %(tags)s into “%(target)s”.")
            % {"tags": ", ".join(f"“{tag.name}”" for tag in sources), "target": target.name},
        )
    return moved
