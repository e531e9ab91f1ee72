"""The story list's actions: publish, unpublish, withdraw (with a reason), restore.

Each runs the operation from ``articles.desk.operations`` on every selected story,
at the version it was read at, and reports each refusal in the editor's words.
Withdrawing first asks for the reason readers will see.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..desk.operations import (
    EditConflict,
    PublishingRefused,
    article_publish,
    article_reinstate,
    article_unpublish,
    article_withdraw,
    publishing_warnings,
)
from ..models import Article


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=2000,
        help_text=gettext_lazy(
            "Readers who follow a link to a withdrawn story see this, e.g. “This story was "
            "withdrawn because it named the wrong company.”"
        ),
    )


class StoryActions:
    """Mixed into ArticleAdmin; ``has_publish_permission`` gates every action."""

    @admin.action(description=gettext_lazy("Publish selected stories"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        done = self._apply(request, queryset.prefetch_related("quotes"), article_publish)
        self._report(request, done, ngettext("Published %d story.", "Published %d stories.", done))
        published = queryset.filter(status=Article.Status.PUBLISHED).prefetch_related("photos")
        for article in published:
            for warning in publishing_warnings(article):
                self.message_user(request, f"{article.headline}: {warning}", messages.WARNING)

    @admin.action(
        description=gettext_lazy("Unpublish selected stories (back to draft)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        done = self._apply(request, queryset, article_unpublish)
        self._report(
            request,
            done,
            ngettext(
                "Unpublished %d story: it is a draft again.",
                "Unpublished %d stories: they are drafts again.",
                done,
            ),
        )

    @admin.action(description=gettext_lazy("Withdraw selected stories…"), permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        """A confirmation page asks for the reason; the second post withdraws."""
        form = WithdrawForm(request.POST if request.POST.get("confirm") else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Withdraw stories"),
                "stories": list(queryset),
                "form": form,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "media": self.media,
            }
            return TemplateResponse(
                request, "admin/articles/article/withdraw_confirm.html", context
            )
        reason = form.cleaned_data["reason"]
        done = self._apply(
            request,
            queryset,
            lambda **kwargs: article_withdraw(reason=reason, **kwargs),
            refusal_level=messages.WARNING,
        )
        self._report(
            request,
            done,
            ngettext(
                "Withdrew %d story. It is off the site, feeds and sitemaps.",
                "Withdrew %d stories. They are off the site, feeds and sitemaps.",
                done,
            ),
        )
        return None

    @admin.action(
        description=gettext_lazy("Restore selected withdrawn stories to draft"),
        permissions=["publish"],
    )
    def restore_selected(self, request, queryset):
        done = self._apply(request, queryset, article_reinstate)
        self._report(
            request,
            done,
            ngettext(
                "Restored %d story to draft. Publish it again when it is ready.",
                "Restored %d stories to draft. Publish them again when they are ready.",
                done,
            ),
        )

    def _report(self, request, done: int, message: str) -> None:
        if done:
            self.message_user(request, message % done, messages.SUCCESS)

    def _apply(self, request, queryset, operation, *, refusal_level=messages.ERROR) -> int:
        """Run ``operation`` on each story, reporting each refusal; return how many went."""
        done = 0
        for article in queryset:
            try:
                operation(article=article, user=request.user, expected_version=article.version)
                done += 1
            except (PublishingRefused, EditConflict) as refusal:
                self.message_user(request, str(refusal), refusal_level)
        return done
