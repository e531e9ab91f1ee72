"""Rights notices in the admin: the notice word for word and its parts."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..conventions.licence import expired, expiring_soon
from ..models import Article, RightsNotice
from .audit_admin import AuditedAdmin


@admin.register(RightsNotice)
class RightsNoticeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "holder",
        "year",
        "allows_full_text",
        "display_days",
        "display_until",
        "story_count",
    ]
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
        (
            _("How long stories may be shown"),
            {
                "fields": [("display_days", "display_until")],
                "description": _(
                    "Leave both empty when the licence has no end. Changing them applies at "
                    "once to every story under this notice."
                ),
            },
        ),
        (_("History"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("stories"), ordering="article_count")
    def story_count(self, obj):
        return obj.article_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"display_days", "display_until"} & set(form.changed_data):
            self._report_display_change(request, obj)

    def _report_display_change(self, request, notice):
        """Nothing leaves the site unannounced: say how many stories the new limit affects."""
        published = Article.objects.filter(rights_notice=notice, status=Article.Status.PUBLISHED)
        gone, soon = expired(published).count(), expiring_soon(published).count()
        if gone:
            self.message_user(
                request,
                ngettext(
                    "%d published story under this notice is past its licence and no longer shown.",
                    "%d published stories under this notice are past their licence and no "
                    "longer shown.",
                    gone,
                )
                % gone,
                messages.WARNING,
            )
        if soon:
            self.message_user(
                request,
                ngettext(
                    "%d story under this notice expires in the next 7 days.",
                    "%d stories under this notice expire in the next 7 days.",
                    soon,
                )
                % soon,
                messages.WARNING,
            )
