"""The clock: stories appear and vanish at their time, with no write to say so.

A scheduled story goes public, an embargo lifts, a licence expires. The first reader
after such a moment moves the page cache's clock (``page_cache.advance_clock``); so does
this task, every few seconds on the worker's scheduler, which also purges the
accelerators through the outbox, so Varnish and a CDN follow the clock even when no
request reaches the site.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import page_cache

CLOCK = "newsroom.clock"


@shared_task(name=CLOCK, ignore_result=True)
def tick() -> None:
    """Forget and purge what crossed the clock since the last tick (page cache on or off:
    the accelerators follow the clock either way)."""
    page_cache.advance_clock(now=timezone.now())
