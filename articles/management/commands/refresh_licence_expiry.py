"""Rebuild every story's licence expiry from its rights notice (for operators)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.conventions.licence import expired, expiring_soon
from articles.delivery.tracking import everything_changed
from articles.models import Article, RightsNotice


class Command(BaseCommand):
    help = (
        "Recompute when each story's licence to be shown ends, from its rights notice's "
        "display limit. Saving a notice or a story does this already; run it after editing "
        "the database by hand or restoring a backup. One UPDATE per limited notice."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        with transaction.atomic():
            unlimited = Article.objects.exclude(licence_expires_at=None).exclude(
                rights_notice__in=RightsNotice.objects.exclude(
                    display_days=None, display_until=None
                )
            )
            cleared = unlimited.update(licence_expires_at=None)
            notices = RightsNotice.objects.exclude(display_days=None, display_until=None)
            limited = sum(notice.apply_display_rule() for notice in notices)
            everything_changed()  # the UPDATEs send no signal: every cached page goes
        self.stdout.write(
            f"{limited} stories under {len(notices)} limited notices recomputed; "
            f"{cleared} stories without a limit cleared."
        )
        self.stdout.write(
            f"{expired(Article.objects.filter(status=Article.Status.PUBLISHED), now=now).count()} "
            f"published stories are past their licence; "
            f"{expiring_soon(Article.objects.all(), now=now).count()} expire in the next 7 days."
        )
