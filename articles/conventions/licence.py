"""Licence expiry: how long a rights notice lets us show the stories under it.

A notice may limit display to a number of days after publication, to a date, or
both (the earlier wins). Each story keeps the result in ``licence_expires_at`` so
that ``Article.objects.published()`` can hide it at query time, with no cron job:
the story leaves every output the moment the clock passes that time.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime, timedelta

from django.db.models import Case, DateTimeField, ExpressionWrapper, F, QuerySet, Value, When
from django.utils import timezone

# Editors are warned this long before stories leave the site.
WARNING_WINDOW = timedelta(days=7)
# A display limit longer than this is a typo (and would overflow date arithmetic).
MAX_DISPLAY_DAYS = 36_500


def licence_expiry(
    *, published_at: datetime | None, display_days: int | None, display_until: datetime | None
) -> datetime | None:
    """The earlier of ``published_at + display_days`` and ``display_until``; ``None``: no end.

    Without a publication time only the date can apply: a draft under a notice that
    ends next week will still have to go by then.
    """
    ends = [display_until] if display_until is not None else []
    if display_days is not None and published_at is not None:
        with suppress(OverflowError):  # published in the year 9999: the days never run out
            ends.append(published_at + timedelta(days=display_days))
    return min(ends) if ends else None


def apply_display_rule(stories: QuerySet, *, display_days, display_until) -> int:
    """Write the expiry of every story in ``stories`` in one SQL UPDATE (no Python loop).

    The same rule as ``licence_expiry``: publication plus the days where that comes before
    the date (a story without a publication time gets the date). Returns the rows written.
    ``updated_at`` is left alone: the story's words did not change.
    """
    if display_days is None:
        return stories.update(licence_expires_at=display_until)
    days = timedelta(days=display_days)
    by_days = ExpressionWrapper(F("published_at") + days, output_field=DateTimeField())
    if display_until is None:
        return stories.update(licence_expires_at=by_days)  # no publication time: NULL
    earlier = Case(
        When(published_at__lt=display_until - days, then=by_days),
        default=Value(display_until),
        output_field=DateTimeField(),
    )
    return stories.update(licence_expires_at=earlier)


def expiring_soon(stories: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """Published stories whose licence ends within the warning window (still shown now)."""
    now = now or timezone.now()
    return stories.filter(
        status=stories.model.Status.PUBLISHED,
        licence_expires_at__gt=now,
        licence_expires_at__lte=now + WARNING_WINDOW,
    )


def expired(stories: QuerySet, *, now: datetime | None = None) -> QuerySet:
    """Stories whose licence has ended: no reader sees them any more."""
    return stories.filter(licence_expires_at__lte=now or timezone.now())
