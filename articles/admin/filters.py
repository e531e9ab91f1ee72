"""List filters for the story list: when a story's licence to be shown ends."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..licence import expired, expiring_soon


class LicenceExpiryFilter(admin.SimpleListFilter):
    """Stories leaving the site within a week, those already gone, those with no limit."""

    title = _("licence expires")
    parameter_name = "licence"
    SOON, EXPIRED, NEVER = "soon", "expired", "never"

    def lookups(self, request, model_admin):
        return [
            (self.SOON, _("in the next 7 days")),
            (self.EXPIRED, _("expired")),
            (self.NEVER, _("no expiry")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.SOON:
            return expiring_soon(queryset)
        if self.value() == self.EXPIRED:
            return expired(queryset)
        if self.value() == self.NEVER:
            return queryset.filter(licence_expires_at__isnull=True)
        return queryset
