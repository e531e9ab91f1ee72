"""Corrections and updates on the desk: the “Add a correction or update” page and a read-only list.

Notes are added through ``article_add_correction`` only. Nobody edits or deletes one
here: a correction of a correction is a new note, so nothing readers were told is lost.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..desk.operations import PublishingRefused, article_add_correction
from ..models import Article, Correction

TEXT_MAX_LENGTH = 2000


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=Correction.Kind.choices,
        widget=forms.RadioSelect,
        help_text=Correction._meta.get_field("kind").help_text,
    )
    text = forms.CharField(
        label=gettext_lazy("Text readers will see"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=gettext_lazy(
            "Plain text, one paragraph: say what was wrong and what is right, e.g. "
            "“An earlier version of this story gave the wrong date for the vote. It is on 4 May.”"
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand this note is shown to readers at once and cannot be edited or removed."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm readers will see it.")},
    )


def _when(value) -> str:
    return date_format(timezone.localtime(value), "j M Y, H:i")


def notes_summary(article: Article | None):
    """The change form's read-only list of an article's notes, newest first, and the add link."""
    if article is None or not article.pk:
        return _("Corrections and updates can be added once the story is public.")
    notes = sorted(article.corrections.all(), key=lambda n: (n.created_at, n.pk), reverse=True)
    listed = format_html_join(
        "",
        "<li><strong>{}</strong>, {} ({}): {}</li>",
        (
            (n.get_kind_display(), _when(n.created_at), n.created_by_name or "—", n.text)
            for n in notes
        ),
    )
    if article.is_public():
        url = reverse("admin:articles_article_correct", args=[article.pk])
        action = format_html('<a href="{}">{}</a>', url, _("Add a correction or update"))
    else:
        action = _("Corrections and updates can be added once the story is public.")
    if not notes:
        return format_html("{} {}", _("None yet."), action)
    return format_html("<ul>{}</ul>{}", listed, action)


def add_correction_view(request, pk, *, model_admin):
    """A form for one story's correction or update; the operation decides what is allowed."""
    article = get_object_or_404(Article.objects.prefetch_related("corrections"), pk=pk)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    if not request.user.has_perm("articles.publish_article"):
        raise PermissionDenied  # a reporter asks an editor; the page says nothing more
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = article_add_correction(
                article=article,
                user=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except PublishingRefused as refusal:
            messages.error(request, str(refusal))
        else:
            model_admin.log_change(
                request, article, _("Added a note for readers: %(note)s") % {"note": note}
            )
            messages.success(
                request,
                _("The %(kind)s is on the story page, its feeds and its data for partners.")
                % {"kind": note.get_kind_display().lower()},
            )
            return HttpResponseRedirect(change_url)
    if not article.is_public() and request.method == "GET":
        messages.warning(
            request, _("This story is not public: readers have not seen it, so correct the story.")
        )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "title": _("Add a correction or update"),
        "article": article,
        "notes": sorted(
            article.corrections.all(), key=lambda n: (n.created_at, n.pk), reverse=True
        ),
        "change_url": change_url,
        "form": form,
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/articles/article/correct.html", context)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Every note readers were shown, for reading only: new ones come from the story's page."""

    list_display = ["created_at", "kind", "article_link", "short_text", "created_by_name"]
    list_filter = ["kind", "created_at"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "created_at"
    list_select_related = ["article"]
    ordering = ["-created_at", "-pk"]
    fields = ["article", "kind", "text", "created_at", "created_by_name"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__body")

    @admin.display(description=gettext_lazy("story"), ordering="article__headline")
    def article_link(self, obj):
        url = reverse("admin:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.headline)

    @admin.display(description=gettext_lazy("text"))
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 100 else f"{obj.text[:99]}…"
