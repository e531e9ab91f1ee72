"""Optimistic concurrency for stories: a save based on an outdated version is refused.

Every writer of a story (the change form, list actions, the wire importer, a
revision restore, the shell through ``articles.desk.operations``) remembers the
``Article.version`` it read and calls ``claim_version`` inside its transaction
before writing. The claim is one conditional UPDATE, so two writers can never
both win: the second finds the version moved on and gets ``EditConflict``,
whose message says who changed the story and when.

A version counter of our own rather than django-concurrency: the version
belongs to the whole story (its bylines, quotes and photos are saved in the same
form and must conflict too), and the conflict page needs the number to find the
revision the editor started from.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Article


class EditConflict(Exception):
    """Someone saved the story after this writer read it; nothing was written."""

    def __init__(self, article_id: int, *, expected: int, current: int | None):
        self.article_id = article_id
        self.expected = expected
        self.current = current
        if current is None:
            message = _("This story has been deleted since you opened it.")
        else:
            message = _(
                "Someone else saved this story after you opened it (your version %(expected)s, "
                "now version %(current)s). Nothing was saved."
            ) % {"expected": expected, "current": current}
        super().__init__(message)


def current_version(article_id: int) -> int | None:
    return Article.objects.filter(pk=article_id).values_list("version", flat=True).first()


def claim_version(article: Article, *, expected: int | None = None) -> int:
    """Move ``article`` from version ``expected`` (default: the one it was read at) to the next.

    Must run inside the caller's transaction, before anything of the story is written, so
    a refusal leaves nothing half-saved. Sets ``article.version`` (and ``updated_at``) to
    what the database now holds; a later ``article.save()`` writes the same values.
    """
    expected = article.version if expected is None else expected
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_version must run inside a transaction")
    now = timezone.now()
    moved = Article.objects.filter(pk=article.pk, version=expected).update(
        version=F("version") + 1, updated_at=now
    )
    if not moved:
        raise EditConflict(article.pk, expected=expected, current=current_version(article.pk))
    article.version = expected + 1
    article.updated_at = now
    return article.version
