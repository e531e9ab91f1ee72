"""Tags in the admin, replacing taggit's: shared-row rules, audit trail, a merge that checks.

taggit's own admin lets any staff user rename a tag every public story carries,
and its merge page checks no permission. This one follows ``articles.desk.shared_rows``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit.models import Tag

from ..desk.shared_rows import SharedRowRefused, may_merge_tags, merge_tags
from ..models import Article
from .audit_admin import AuditedAdmin
from .shared_row_admin import SharedRowAdmin

if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


class MergeTagsForm(forms.Form):
    """Which of the selected tags the others are folded into."""

    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Tag.objects.none(),
        empty_label=None,
        help_text=_("Stories with any of the selected tags get this one; the others are deleted."),
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tags


@admin.register(Tag)
class TagAdmin(AuditedAdmin, SharedRowAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "story_count", "on_public_story"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_selected"]
    audit_shown_fields = ("name",)
    audit_rename_field = "name"

    def get_queryset(self, request):
        public = Article.objects.published().filter(tags=OuterRef("pk"))
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles_taggedarticle_items"), public=Exists(public))
        )

    @admin.display(description=_("stories"), ordering="article_count")
    def story_count(self, tag):
        return tag.article_count

    @admin.display(description=_("on a public story"), boolean=True, ordering="public")
    def on_public_story(self, tag):
        return tag.public

    def changelist_view(self, request, extra_context=None):
        # Django drops an action the user may not run without a word; say why instead.
        if request.POST.get("action") == "merge_selected" and not self.has_merge_permission(
            request
        ):
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            self.message_user(
                request, _("You do not have permission to merge tags."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def has_merge_permission(self, request):
        return may_merge_tags(request.user)

    @admin.action(description=_("Merge selected tags"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        """First the form to choose the tag to keep, then the merge (one transaction)."""
        tags = queryset.order_by("name")
        if len(tags) < 2:
            self.message_user(request, _("Select at least two tags to merge."), messages.WARNING)
            return None
        form = MergeTagsForm(request.POST if "apply" in request.POST else None, tags=tags)
        if form.is_valid():
            target = form.cleaned_data["target"]
            try:
                moved = merge_tags(target=target, tags=tags, user=request.user)
            except SharedRowRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
                return None
            self.message_user(
                request,
                ngettext(
                    "Merged into “%(tag)s”; %(n)d story moved.",
                    "Merged into “%(tag)s”; %(n)d stories moved.",
                    moved,
                )
                % {"tag": target.name, "n": moved},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Merge tags"),
            "opts": self.opts,
            "form": form,
            "tags": tags,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "action": "merge_selected",
        }
        return TemplateResponse(request, "admin/taggit/tag/merge_tags.html", context)
