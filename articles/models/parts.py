"""The parts of a story: Byline, Quote and PhotoCaption."""

from __future__ import annotations

import hashlib
import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..conventions.credits import split_credit
from ..conventions.quote_check import normalise_for_match
from .tagging import story_published_at
from .text import normalise_text_fields


class Byline(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("Author (By line)")
        REPORTING = "reporting", _("Reporting")
        ADDITIONAL_REPORTING = "additional_reporting", _("Additional reporting")
        WRITING = "writing", _("Writing")
        EDITING = "editing", _("Editing")
        PHOTOGRAPHY = "photography", _("Photography")
        CONTRIBUTOR = "contributor", _("Contributor")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="bylines"
    )
    person = models.ForeignKey(
        "articles.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, default=Role.AUTHOR)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    location = models.CharField(
        _("location"),
        max_length=120,
        blank=True,
        help_text=_("Where they worked from, as in “Reporting by Omar Reyes in Lisbon”."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("As printed with the credit, e.g. “Associated Press writer”."),
    )
    # A copy of the story's publication time, kept in step by Article.save(), for the
    # person page's newest-first walk along (person, published_at); which stories are
    # public is still decided by ``Article.objects.published()``.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            models.Index(
                fields=["person", "-published_at", "-article"], name="byline_person_pub_idx"
            )
        ]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"],
                name="byline_unique_person_role",
                violation_error_message=_("This person already has this role on the story."),
            )
        ]

    def save(self, *args, **kwargs):
        if self._state.adding and self.published_at is None:
            self.published_at = story_published_at(self, "article")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        where = f" in {self.location}" if self.location else ""
        return f"{self.get_role_display()}: {self.person}{where}"


class Quote(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        "articles.Person",
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    speaker_title = models.CharField(
        _("speaker's title as printed"),
        max_length=300,
        blank=True,
        help_text=_("The title at the time of the story, e.g. “chairman of the cooperative”."),
    )
    text = models.TextField(
        _("exact words"),
        help_text=_("Word for word as in the body, without the quote marks."),
    )
    is_partial = models.BooleanField(
        _("partial quote"),
        default=False,
        help_text=_("A fragment quoted inside reported speech."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_pull_quote = models.BooleanField(
        _("pull quote"), default=False, help_text=_("Show it large beside the story.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")

    def __str__(self) -> str:
        text = self.text if len(self.text) <= 60 else f"{self.text[:59]}…"
        return f"{self.speaker}: “{text}”"

    def save(self, *args, **kwargs):
        normalise_text_fields(self)
        super().save(*args, **kwargs)

    def is_in_text(self, body: str) -> bool:
        """True when the quote is in ``body`` word for word (line breaks, quote styles aside)."""
        return self.is_in_normalised(normalise_for_match(body))

    def is_in_normalised(self, body: str) -> bool:
        """``is_in_text`` for a body already passed through ``normalise_for_match``."""
        needle = normalise_for_match(self.text)
        return bool(needle) and needle in body

    @property
    def is_verified(self) -> bool:
        return self.is_in_text(self.article.body)

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#quote-{self.pk}"


def rendition_key(image_name: str, focal_x: float, focal_y: float) -> str:
    """Names a photo's set of renditions (``articles.photos.renditions``): a new file or focal
    point gets new names, so no cache anywhere holds an old crop under a current name."""
    seed = f"{image_name}|{focal_x:.4f}|{focal_y:.4f}".encode()
    return hashlib.sha256(seed).hexdigest()[:20]


def photo_upload_to(instance: PhotoCaption, filename: str) -> str:
    """Originals under a private prefix, by month, under a generated name.

    Nothing of the editor's file name is kept (it may name a person or a draft's story);
    the extension is the one ``uploads.check_photo_file`` derived from the real format.
    Renditions, not originals, are public: ``photos/originals/`` is served to staff only.
    """
    now = timezone.now()
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"photos/originals/{now:%Y/%m}/{secrets.token_hex(12)}.{extension}"


class PhotoCaption(models.Model):
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        blank=True,
        width_field="width",
        height_field="height",
        help_text=_("Optional until the file arrives: wire copy often brings the caption first."),
    )
    source_url = models.URLField(
        _("agency's picture address"),
        max_length=1000,
        blank=True,
        editable=False,
        help_text=_("Where the wire item said the picture is; fetched when the host is allowed."),
    )
    fetch_problem = models.TextField(
        _("why the agency's picture is not here"),
        blank=True,
        editable=False,
        help_text=_("Set when fetching the picture from the agency's address failed."),
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    caption = models.TextField(_("caption"))
    credit = models.CharField(
        _("credit as printed"),
        max_length=300,
        blank=True,
        help_text=_("Exactly as the agency prints it: “NORTHWIND/Lena Fischer/File Photo”."),
    )
    agency = models.CharField(_("agency"), max_length=120, blank=True, editable=False)
    photographer_name = models.CharField(
        _("photographer"), max_length=200, blank=True, editable=False
    )
    is_file_photo = models.BooleanField(_("file photo"), default=False, editable=False)
    photographer = models.ForeignKey(
        "articles.Person",
        verbose_name=_("photographer (person)"),
        on_delete=models.SET_NULL,
        related_name="photos",
        null=True,
        blank=True,
        help_text=_("Links the picture to the photographer's page."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_lead = models.BooleanField(_("lead photo"), default=False)
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the left edge, 1 the right. Click the picture to set it."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text=_("0 is the top edge, 1 the bottom. Every crop keeps this point in view."),
    )
    creator = models.CharField(
        _("creator"),
        max_length=200,
        blank=True,
        help_text=_("Who made the picture, as the file names them (IPTC By-line)."),
    )
    copyright_notice = models.CharField(
        _("copyright notice"),
        max_length=300,
        blank=True,
        help_text=_("The picture's own copyright line, e.g. “© 2025 Lena Fischer”."),
    )
    fields_from_file = models.JSONField(
        _("fields read from the file"), default=list, blank=True, editable=False
    )
    rendition_key = models.CharField(max_length=20, blank=True, editable=False, db_index=True)
    # The rendition key whose files are all written (by the worker: photos.rendition_jobs).
    # Until it equals ``rendition_key`` readers see no picture, never a broken one.
    renditions_made = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        ordering = ["-is_lead", "position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(is_lead=True),
                name="photo_one_lead_per_article",
                violation_error_message=_("A story has only one lead photo."),
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_inside",
            ),
        ]

    def __str__(self) -> str:
        caption = " ".join(self.caption.split())
        return caption if len(caption) <= 60 else f"{caption[:59]}…"

    def save(self, *args, **kwargs):
        normalise_text_fields(self)
        parts = split_credit(self.credit)
        self.agency = parts.agency
        self.photographer_name = parts.photographer
        self.is_file_photo = parts.file_photo
        if self.image and not self.image._committed:
            # Stored first, so that its final name names the renditions in the same write.
            self.image.save(self.image.name, self.image.file, save=False)
        self.rendition_key = (
            rendition_key(self.image.name, self.focal_x, self.focal_y) if self.image else ""
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "rendition_key"}
        super().save(*args, **kwargs)

    @property
    def is_ready(self) -> bool:
        """Shown to readers once its file has arrived and its renditions are made; a caption
        without them is kept, and not shown (never a broken image, never the original)."""
        return (
            bool(self.image)
            and bool(self.rendition_key)
            and (self.renditions_made == self.rendition_key)
        )

    @property
    def renditions_pending(self) -> bool:
        return bool(self.image) and self.renditions_made != self.rendition_key
