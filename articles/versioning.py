"""Optimistic concurrency: a save based on an older version of a story is refused.

Minimal stand-in until the lead's version of this module lands (same names, same
behaviour): ``claim_version`` bumps ``Article.version`` in SQL only while it still is
the version the editor started from.
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from .models import Article


class EditConflict(Exception):
    """Someone saved the story after the editor loaded it; the message is for editors."""

    def __init__(self, article: Article, expected: int):
        self.article = article
        self.expected = expected
        super().__init__(
            _(
                "Someone changed “%(headline)s” after you opened it (you started from version "
                "%(expected)s). Nothing was saved: look at the latest version and try again."
            )
            % {"headline": article.headline, "expected": expected}
        )


def claim_version(article: Article, *, expected: int) -> int:
    """Bump the story's version from ``expected``, or raise ``EditConflict``; return the new one."""
    claimed = Article.objects.filter(pk=article.pk, version=expected).update(
        version=F("version") + 1
    )
    if not claimed:
        raise EditConflict(article, expected)
    article.version = expected + 1
    return article.version
