"""Keyset pagination for story lists: "Older stories" without OFFSET or COUNT.

Page N of an OFFSET list reads and throws away N × 20 rows, and a numbered
paginator counts the whole table; both grow with the archive. A cursor (the
publication time and primary key of the last story shown) lets the database
walk the ``(status, -published_at)`` index straight to the next page, so
every page costs the same at 100 or 100,000 stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404, QueryDict

PER_PAGE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Negative before 1970: the admin accepts any date, so an archive may reach back that far.
_CURSOR = re.compile(r"^(-?\d{1,18})\.(\d{1,18})$")


def encode_cursor(story, key: str = "published_at") -> str:
    """``<microseconds since 1970 (negative before)>.<pk>``: exact and URL-safe."""
    micros = (getattr(story, key) - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{story.pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    match = _CURSOR.match(cursor)
    if not match:
        raise Http404("No such page.")
    try:
        when = _EPOCH + timedelta(microseconds=int(match.group(1)))
    except OverflowError as error:
        raise Http404("No such page.") from error
    return when, int(match.group(2))


@dataclass
class KeysetPage:
    items: list = field(default_factory=list)
    newer_cursor: str | None = None
    older_cursor: str | None = None
    is_first: bool = True
    newer_query: str = ""
    older_query: str = ""

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def query_for(self, params: QueryDict, name: str, cursor: str) -> str:
        """The query string for a neighbour page, keeping the other parameters (e.g. ``q``)."""
        query = params.copy()
        query.pop("before", None)
        query.pop("after", None)
        query[name] = cursor
        return query.urlencode()

    def bind(self, params: QueryDict) -> KeysetPage:
        """Compute the neighbour links once the request's parameters are known."""
        self.newer_query = (
            self.query_for(params, "after", self.newer_cursor) if self.newer_cursor else ""
        )
        self.older_query = (
            self.query_for(params, "before", self.older_cursor) if self.older_cursor else ""
        )
        return self


def keyset_page(
    stories: QuerySet, params: QueryDict, *, per_page: int = PER_PAGE, key: str = "published_at"
) -> KeysetPage:
    """One page of ``stories`` (ordered newest first by ``key``, a time, then pk).

    ``?before=<cursor>`` asks for older stories, ``?after=<cursor>`` for newer ones;
    neither gives the newest page. One query plus the QuerySet's prefetches.
    """
    before, after = params.get("before"), params.get("after")

    def cursor(item) -> str:
        return encode_cursor(item, key)

    if before:
        when, pk = decode_cursor(before)
        rows = list(
            # The redundant ``key <= when`` lets the database range-scan the index.
            stories.filter(**{f"{key}__lte": when}).filter(
                Q(**{f"{key}__lt": when}) | Q(pk__lt=pk)
            )[: per_page + 1]
        )
        items, has_more = rows[:per_page], len(rows) > per_page
        page = KeysetPage(items=items, is_first=False)
        page.newer_cursor = cursor(items[0]) if items else None
        page.older_cursor = cursor(items[-1]) if has_more else None
        return page.bind(params)
    if after:
        when, pk = decode_cursor(after)
        rows = list(
            stories.filter(**{f"{key}__gte": when})
            .filter(Q(**{f"{key}__gt": when}) | Q(pk__gt=pk))
            .reverse()[: per_page + 1]
        )
        if len(rows) > per_page:
            items = list(reversed(rows[:per_page]))
            page = KeysetPage(items=items, is_first=False)
            page.newer_cursor = cursor(items[0])
            page.older_cursor = cursor(items[-1])
            return page.bind(params)
    # The newest page; also where "newer" reaches the top, so that it is never a short page.
    rows = list(stories[: per_page + 1])
    items, has_more = rows[:per_page], len(rows) > per_page
    page = KeysetPage(items=items, is_first=True)
    page.older_cursor = cursor(items[-1]) if has_more else None
    return page.bind(params)
