"""The parts of a story as inlines on its change form: bylines, quotes, photos."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Article, Byline, PhotoCaption, Quote
from ..photos.metadata import read_embedded_metadata
from ..photos.uploads import check_photo_file
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


# Fields the picture's own metadata may fill, and the attribute of ``EmbeddedMetadata`` each reads.
FILLED_FROM_FILE = {
    "caption": "caption",
    "credit": "credit",
    "creator": "creator",
    "copyright_notice": "copyright",
    "alt_text": "alt_text",
}


class PhotoForm(forms.ModelForm):
    """Empty fields are filled from the picture itself (IPTC, XMP, EXIF); typed ones are kept."""

    # A plain file field: ``uploads.check_photo_file`` does the checking, with messages an
    # editor understands (Django's ImageField would answer every refusal "not a valid image").
    image = forms.FileField(
        label=_("image"),
        required=False,
        help_text=PhotoCaption._meta.get_field("image").help_text,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = PhotoCaption
        fields = [
            "image",
            "caption",
            "credit",
            "photographer",
            "creator",
            "copyright_notice",
            "alt_text",
            "focal_x",
            "focal_y",
            "is_lead",
            "position",
        ]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "class": "focal-x"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "class": "focal-y"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caption"].required = False
        for name in ("focal_x", "focal_y"):  # left empty: the centre
            self.fields[name].required = False

    def clean_focal_x(self):
        value = self.cleaned_data.get("focal_x")
        return 0.5 if value is None else value

    def clean_focal_y(self):
        value = self.cleaned_data.get("focal_y")
        return 0.5 if value is None else value

    def clean_image(self):
        return check_photo_file(self.cleaned_data.get("image"))

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("image")
        if isinstance(upload, UploadedFile):  # a new file, not the stored one
            embedded = read_embedded_metadata(upload)
            from_file = []
            for field, attribute in FILLED_FROM_FILE.items():
                value = getattr(embedded, attribute)
                if value and not (cleaned.get(field) or "").strip():
                    cleaned[field] = value
                    from_file.append(field)
            self.instance.fields_from_file = from_file
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
    readonly_fields = ["thumbnail", "credit_parts_display", "from_file_display"]
    fields = [
        ("thumbnail", "image"),
        ("focal_x", "focal_y"),
        "from_file_display",
        "caption",
        ("credit", "credit_parts_display"),
        "photographer",
        ("creator", "copyright_notice"),
        "alt_text",
        ("is_lead", "position"),
    ]

    class Media:
        js = ["js/focal_point.js"]
        css = {"all": ["css/focal_point.css"]}

    @admin.display(description=_("preview — click to set the focal point"))
    def thumbnail(self, obj):
        if obj and obj.pk and obj.image:
            preview = format_html(
                '<span class="focal-point-editor" style="--focal-x:{}; --focal-y:{}">'
                '<img src="{}" alt="" width="{}" height="{}">'
                '<span class="focal-point-marker" aria-hidden="true"></span></span>',
                obj.focal_x,
                obj.focal_y,
                reverse("articles:photo_original", args=[obj.pk]),
                obj.width or "",
                obj.height or "",
            )
            if obj.renditions_pending:
                waiting = _("Its sizes for readers are being made: readers see it in a moment.")
                return format_html(
                    '{}<br><small class="renditions-pending">{}</small>', preview, waiting
                )
            return preview
        if obj and obj.source_url:
            problem = obj.fetch_problem or _("not fetched yet")
            return format_html(
                '<strong class="missing-picture">{}</strong><br>'
                '{} <a href="{}" rel="noreferrer">{}</a><br><small>{}</small>',
                _("No file: readers do not see this photo."),
                _("The agency's picture:"),
                obj.source_url,
                obj.source_url[:80],
                problem,
            )
        return _("No file yet")

    @admin.display(description=_("read from the file"))
    def from_file_display(self, obj):
        if not obj or not obj.fields_from_file:
            return "—"
        labels = [
            str(PhotoCaption._meta.get_field(name).verbose_name) for name in obj.fields_from_file
        ]
        return _("%(fields)s came from the picture's own metadata: check them.") % {
            "fields": ", ".join(labels)
        }

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
