"""People in the admin, with how many stories carry their byline or quote them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ..models import Byline, Person, Quote
from .audit_admin import AuditedAdmin
from .shared_row_admin import SharedRowAdmin


def _count_of(model, field: str):
    """Distinct stories per row, as a subquery so counts do not multiply through joins."""
    return Coalesce(
        Subquery(
            model.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(n=Count("article", distinct=True))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


@admin.register(Person)
class PersonAdmin(AuditedAdmin, SharedRowAdmin, admin.ModelAdmin):
    list_display = ["name", "title", "bylined_stories", "quoted_in_stories"]
    search_fields = ["name", "title"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    audit_shown_fields = ("name", "title")
    audit_rename_field = "name"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                bylined_count=_count_of(Byline, "person"),
                quoted_count=_count_of(Quote, "speaker"),
            )
        )

    @admin.display(description=_("stories with their byline"), ordering="bylined_count")
    def bylined_stories(self, obj):
        return obj.bylined_count

    @admin.display(description=_("stories quoting them"), ordering="quoted_count")
    def quoted_in_stories(self, obj):
        return obj.quoted_count
