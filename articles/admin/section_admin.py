"""Sections and the edited front in the admin: editors define sections and arrange the home."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Article, FrontBlock, FrontPage, FrontPin, Section


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "is_active", "story_count"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    ordering = ["position", "name"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # One count per section row on the (section, published_at) index, not a GROUP BY
        # over every story.
        counted = (
            Article.objects.filter(section=OuterRef("pk"))
            .order_by()
            .values("section")
            .annotate(n=Count("pk"))
            .values("n")
        )
        count = Coalesce(Subquery(counted, output_field=IntegerField()), 0)
        return super().get_queryset(request).annotate(story_count=count)

    @admin.display(description=_("stories (primary)"), ordering="story_count")
    def story_count(self, obj) -> int:
        return obj.story_count


class EditorsOnly:
    """Arranging the front is an editor's call, like publishing."""

    def _is_editor(self, request) -> bool:
        return request.user.has_perm("articles.publish_article")

    def has_view_permission(self, request, obj=None):
        return self._is_editor(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._is_editor(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._is_editor(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_editor(request) and super().has_delete_permission(request, obj)


class FrontPinInline(EditorsOnly, admin.TabularInline):
    model = FrontPin
    extra = 0
    fields = ["position", "article", "section", "on_the_site"]
    readonly_fields = ["on_the_site"]
    autocomplete_fields = ["article", "section"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description=_("readers see it"))
    def on_the_site(self, obj) -> str:
        """Why a pinned story is missing from the home page: it is not public (yet)."""
        if obj.pk is None:
            return ""
        return gettext("yes") if obj.article.is_public() else gettext("no: skipped until public")

    verbose_name = _("pinned story")
    verbose_name_plural = _(
        "Pinned stories (in order; a story that is not public is skipped until it is)"
    )


class FrontBlockInline(EditorsOnly, admin.TabularInline):
    model = FrontBlock
    extra = 0
    fields = ["position", "section", "size"]
    autocomplete_fields = ["section"]
    verbose_name_plural = _("Section blocks (in order, after the pinned stories)")


@admin.register(FrontPage)
class FrontPageAdmin(EditorsOnly, admin.ModelAdmin):
    list_display = ["name", "lead", "updated_at"]
    list_select_related = ["lead"]
    fields = ["name", "lead", "updated_at"]
    readonly_fields = ["updated_at"]
    autocomplete_fields = ["lead"]
    inlines = [FrontPinInline, FrontBlockInline]

    def add_view(self, request, form_url="", extra_context=None):
        """One front: the home page reads the first, so "add" opens it once it exists.

        Checked here, not in ``has_add_permission``: that runs for every admin page's
        app list and would cost each one a query.
        """
        existing = FrontPage.objects.order_by("pk").values_list("pk", flat=True).first()
        if existing is not None:
            return HttpResponseRedirect(reverse("admin:articles_frontpage_change", args=[existing]))
        return super().add_view(request, form_url, extra_context)
