"""Rights notices in the admin: the notice word for word and its parts."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ..models import RightsNotice
from .audit import AuditedAdmin


@admin.register(RightsNotice)
class RightsNoticeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "holder", "year", "allows_full_text", "story_count"]
    list_filter = ["allows_full_text", "year"]
    search_fields = ["notice", "holder"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["notice", "allows_full_text"]}),
        (
            _("Parts (filled in from the notice when left empty)"),
            {"fields": [("holder", "year"), "statement", "restriction", "responsibility"]},
        ),
        (_("Licence"), {"fields": ["usage_terms", "licence_url"]}),
        (_("History"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("stories"), ordering="article_count")
    def story_count(self, obj):
        return obj.article_count
