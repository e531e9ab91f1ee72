"""The parts of a story as inlines on its change form: bylines, quotes, photos."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Article, Byline, PhotoCaption, Quote
from ..photo_metadata import read_embedded_metadata
from ..uploads import check_photo_size
from .text_fields import TEXT_FIELD_OVERRIDE


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "location", "title", "position"]


class QuoteInlineFormSet(forms.BaseInlineFormSet):
    """A published story may not carry a quote that is not in its body word for word."""

    def clean(self):
        super().clean()
        article = self.instance
        if article.status != Article.Status.PUBLISHED:
            return
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            text = form.cleaned_data.get("text", "")
            if text and not Quote(text=text).is_in_text(article.body):
                form.add_error(
                    "text",
                    _(
                        "These words are not in the body word for word. A published story "
                        "may only carry quotes its body prints: fix the quote or the body."
                    ),
                )


class QuoteInline(admin.StackedInline):
    model = Quote
    formset = QuoteInlineFormSet
    extra = 0
    formfield_overrides = {
        models.TextField: {**TEXT_FIELD_OVERRIDE, "widget": forms.Textarea(attrs={"rows": 3})}
    }
    autocomplete_fields = ["speaker"]
    fields = [("speaker", "speaker_title"), "text", ("is_partial", "is_pull_quote", "position")]


class PhotoForm(forms.ModelForm):
    """Caption and credit may come from the picture itself (IPTC/EXIF) when left empty."""

    class Meta:
        model = PhotoCaption
        fields = ["image", "caption", "credit", "photographer", "alt_text", "is_lead", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caption"].required = False

    def clean_image(self):
        return check_photo_size(self.cleaned_data.get("image"))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("image")
        if (
            upload
            and hasattr(upload, "read")
            and not (cleaned.get("caption") and cleaned.get("credit"))
        ):
            embedded = read_embedded_metadata(upload)
            cleaned["caption"] = cleaned.get("caption") or embedded.caption
            cleaned["credit"] = cleaned.get("credit") or embedded.credit
        if not (cleaned.get("caption") or "").strip():
            self.add_error(
                "caption",
                _("Write a caption: every photo needs one, and this picture carries none."),
            )
        return cleaned


class PhotoInline(admin.StackedInline):
    model = PhotoCaption
    form = PhotoForm
    extra = 0
    formfield_overrides = {
        models.TextField: {**TEXT_FIELD_OVERRIDE, "widget": forms.Textarea(attrs={"rows": 3})}
    }
    autocomplete_fields = ["photographer"]
    readonly_fields = ["thumbnail", "credit_parts_display"]
    fields = [
        ("thumbnail", "image"),
        "caption",
        ("credit", "credit_parts_display"),
        "photographer",
        "alt_text",
        ("is_lead", "position"),
    ]

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        if obj and obj.image:
            return format_html(
                '<img src="{}" alt="" style="max-width:160px;max-height:120px">', obj.image.url
            )
        if obj and obj.source_url:
            return format_html(
                '<strong class="missing-picture">{}</strong><br>'
                '{} <a href="{}" rel="noreferrer">{}</a>',
                _("No file: readers do not see this photo."),
                _("The agency's picture (not fetched):"),
                obj.source_url,
                obj.source_url[:80],
            )
        return _("No file yet")

    @admin.display(description=_("credit, split"))
    def credit_parts_display(self, obj):
        if not obj or not obj.credit:
            return "—"
        return format_html(
            "agency: <b>{}</b> · photographer: <b>{}</b> · file photo: <b>{}</b>",
            obj.agency or "—",
            obj.photographer_name or "—",
            _("yes") if obj.is_file_photo else _("no"),
        )
