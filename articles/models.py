"""The story as data: Article and its parts (Byline, Quote, PhotoCaption), Person, RightsNotice.

``Article.objects.published()`` is the one visibility rule; every public output
starts from it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .credits import split_credit
from .quotes import normalise_for_match
from .rights import split_notice


def unique_slug(model: type[models.Model], text: str, *, exclude_pk=None, max_length=200) -> str:
    """A slug from ``text`` that no other row of ``model`` uses yet ("floods", "floods-2", ...)."""
    base = (slugify(text) or "story")[: max_length - 8].strip("-") or "story"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Person(models.Model):
    """One row per human, whether they write, photograph or speak."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        blank=True,
        help_text=_("Filled in from the name when left empty."),
    )
    title = models.CharField(
        _("current title"),
        max_length=300,
        blank=True,
        help_text=_(
            "Their role today, e.g. “Mayor of Port Alder”. Quotes keep the title as printed."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:person", kwargs={"slug": self.slug})


class RightsNotice(models.Model):
    """The licensor's notice word for word, plus its parts as data."""

    notice = models.TextField(
        _("notice"),
        help_text=_("Exactly as the licensor wrote it, spelling and punctuation included."),
    )
    fingerprint = models.CharField(max_length=64, unique=True, editable=False)
    holder = models.CharField(
        _("copyright holder"),
        max_length=200,
        blank=True,
        help_text=_("Filled in from the notice when left empty."),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    statement = models.CharField(
        _("statement"), max_length=200, blank=True, help_text=_("e.g. “All rights reserved.”")
    )
    restriction = models.TextField(
        _("restriction"),
        blank=True,
        help_text=_(
            "e.g. “This material may not be published, broadcast, rewritten or redistributed.”"
        ),
    )
    responsibility = models.CharField(
        _("responsibility line"),
        max_length=300,
        blank=True,
        help_text=_("e.g. “Northwind Media is solely responsible for this content.”"),
    )
    usage_terms = models.TextField(_("usage terms"), blank=True)
    licence_url = models.URLField(_("licence URL"), blank=True)
    allows_full_text = models.BooleanField(
        _("allows full text in feeds and partner exports"),
        default=False,
        help_text=_(
            "Tick only when the licence lets us redistribute the story text. "
            "Otherwise feeds and exports carry the headline, summary and link only."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["holder", "-year"]
        verbose_name = _("rights notice")
        verbose_name_plural = _("rights notices")

    def __str__(self) -> str:
        label = " ".join(self.notice.split())
        return label if len(label) <= 80 else f"{label[:79]}…"

    @staticmethod
    def fingerprint_of(notice: str) -> str:
        """Notices with the same words share one row, whatever their line breaks."""
        return hashlib.sha256(" ".join(notice.split()).encode()).hexdigest()

    def fill_parts_from_notice(self) -> None:
        """Derive the parts the editor left empty from the notice text."""
        parts = split_notice(self.notice)
        for name in ("holder", "year", "statement", "restriction", "responsibility"):
            if getattr(self, name) in ("", None):
                setattr(self, name, getattr(parts, name))

    def clean(self):
        if not self.notice.strip():
            raise ValidationError({"notice": _("A rights notice needs its text.")})
        clash = RightsNotice.objects.filter(fingerprint=self.fingerprint_of(self.notice))
        if clash.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"notice": _("This notice already exists; use the existing one.")}
            )

    def save(self, *args, **kwargs):
        self.fingerprint = self.fingerprint_of(self.notice)
        self.fill_parts_from_notice()
        super().save(*args, **kwargs)


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None) -> ArticleQuerySet:
        """What the public may see: published, publication time passed, embargo lifted."""
        now = now or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now).filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
        )

    def visible_to(self, user) -> ArticleQuerySet:
        """Staff may preview everything; everyone else sees published stories."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def with_story_parts(self) -> ArticleQuerySet:
        """The select/prefetch a story page needs, in a fixed number of queries."""
        return self.select_related("rights_notice").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            models.Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
            # The photographer links the caption credit and JSON-LD creator to their page.
            models.Prefetch("photos", queryset=PhotoCaption.objects.select_related("photographer")),
            "tags",
        )

    def for_listing(self) -> ArticleQuerySet:
        """What a list of stories shows: headline, authors, lead photo, notice."""
        return self.select_related("rights_notice").prefetch_related(
            models.Prefetch(
                "bylines",
                queryset=Byline.objects.filter(role=Byline.Role.AUTHOR).select_related("person"),
                to_attr="author_bylines",
            ),
            models.Prefetch(
                "photos", queryset=PhotoCaption.objects.filter(is_lead=True), to_attr="lead_photos"
            ),
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The readable part of the story's address. Filled in from the headline."),
    )
    standfirst = models.TextField(
        _("standfirst"), blank=True, help_text=_("Optional one- or two-sentence summary.")
    )
    dateline = models.CharField(
        _("dateline place"),
        max_length=120,
        blank=True,
        help_text=_("Where the story was filed, as printed: “PORT ALDER”."),
    )
    source = models.CharField(
        _("source"),
        max_length=120,
        blank=True,
        help_text=_(
            "The agency as printed in the dateline (“Northwind”). Empty for our own stories."
        ),
    )
    source_slug = models.SlugField(max_length=140, blank=True, editable=False)
    source_identifier = models.CharField(
        _("agency story ID"),
        max_length=255,
        blank=True,
        help_text=_("The agency's identifier, used to recognise updates of the same story."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Paragraphs separated by a blank line. “## ” starts a subhead, *text* is emphasis, "
            "[text](https://…) a link, “> ” a block quote. HTML is not allowed."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_("When the story goes public. Left empty, publishing sets it to now."),
    )
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_("The story stays hidden until this time, even when published."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    rights_notice = models.ForeignKey(
        RightsNotice,
        verbose_name=_("rights notice"),
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
        help_text=_("Required before publishing. Printed word for word under the story."),
    )
    tags = TaggableManager(_("tags"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Wire import bookkeeping, written by articles.wire.store (never edited by hand).
    wire_format = models.CharField(
        _("imported from"),
        max_length=8,
        blank=True,
        editable=False,
        help_text=_("The wire format the story came in (text, ninjs, nitf). Empty for our own."),
    )
    import_fingerprint = models.CharField(
        _("import fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Recognises plain-text copy without an agency ID (source, date and headline)."),
    )
    import_checksum = models.CharField(
        _("import checksum"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "Fingerprint of the story as last imported: an agency update is refused when an "
            "editor has changed the story since."
        ),
    )
    imported_at = models.DateTimeField(
        _("last imported"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the wire copy was last written into this story."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish and withdraw articles")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(fields=["source_slug", "-published_at"], name="article_source_pub_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_identifier"],
                condition=~Q(source_identifier=""),
                name="article_unique_source_identifier",
                violation_error_message=_("A story with this agency ID from this source exists."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(rights_notice__isnull=False),
                name="article_published_needs_rights_notice",
                violation_error_message=_("A published story needs a rights notice."),
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_needs_publication_time",
                violation_error_message=_("A published story needs a publication time."),
            ),
            models.UniqueConstraint(
                fields=["import_fingerprint"],
                condition=~Q(import_fingerprint=""),
                name="article_unique_import_fingerprint",
                violation_error_message=_("This wire story has already been imported."),
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        self.source = " ".join(self.source.split())
        self.source_slug = slugify(self.source)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and self.rights_notice_id is None:
            errors["rights_notice"] = _(
                "Choose a rights notice before publishing: every public story prints one."
            )
        if self.embargo_until and self.published_at and self.embargo_until < self.published_at:
            errors["embargo_until"] = _("The embargo ends before the publication time.")
        if errors:
            raise ValidationError(errors)

    # -- visibility -------------------------------------------------------
    def is_public(self, *, now=None) -> bool:
        """The Python twin of ``ArticleQuerySet.published()`` for one loaded row."""
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargo_until is None or self.embargo_until <= now)
        )

    @property
    def is_embargoed(self) -> bool:
        return bool(self.embargo_until and self.embargo_until > timezone.now())

    @property
    def publication_date(self) -> date:
        return timezone.localdate(self.published_at or self.created_at or timezone.now())

    def get_absolute_url(self) -> str:
        day = self.publication_date
        return reverse(
            "articles:detail",
            kwargs={"year": day.year, "month": day.month, "day": day.day, "slug": self.slug},
        )

    def get_preview_url(self) -> str:
        return reverse("articles:preview", kwargs={"pk": self.pk})

    # -- parts ------------------------------------------------------------
    def unverified_quotes(self) -> list[Quote]:
        """Quotes whose text no longer appears word for word in the body."""
        body = normalise_for_match(self.body)  # once, not once per quote
        return [quote for quote in self.quotes.all() if not quote.is_in_normalised(body)]

    @property
    def is_own_story(self) -> bool:
        return not self.source


class Byline(models.Model):
    class Role(models.TextChoices):
        AUTHOR = "author", _("Author (By line)")
        REPORTING = "reporting", _("Reporting")
        ADDITIONAL_REPORTING = "additional_reporting", _("Additional reporting")
        WRITING = "writing", _("Writing")
        EDITING = "editing", _("Editing")
        PHOTOGRAPHY = "photography", _("Photography")
        CONTRIBUTOR = "contributor", _("Contributor")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="bylines"
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

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"],
                name="byline_unique_person_role",
                violation_error_message=_("This person already has this role on the story."),
            )
        ]

    def __str__(self) -> str:
        where = f" in {self.location}" if self.location else ""
        return f"{self.get_role_display()}: {self.person}{where}"


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    speaker = models.ForeignKey(
        Person, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="quotes"
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


def photo_upload_to(instance: PhotoCaption, filename: str) -> str:
    """Photos grouped by month of upload, so a folder never holds the whole archive.

    A random part keeps the address unguessable: media files are served without any
    check, and a draft's or an embargoed story's picture must not be found by trying
    ``photos/2025/03/ceo-resigns.jpg`` before the story is public.
    """
    now = timezone.now()
    return f"photos/{now:%Y/%m}/{secrets.token_hex(10)}-{filename}"


class PhotoCaption(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("image"),
        upload_to=photo_upload_to,
        blank=True,
        width_field="width",
        height_field="height",
        help_text=_("Optional until the file arrives: wire copy often brings the caption first."),
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
        Person,
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
            )
        ]

    def __str__(self) -> str:
        caption = " ".join(self.caption.split())
        return caption if len(caption) <= 60 else f"{caption[:59]}…"

    def save(self, *args, **kwargs):
        parts = split_credit(self.credit)
        self.agency = parts.agency
        self.photographer_name = parts.photographer
        self.is_file_photo = parts.file_photo
        super().save(*args, **kwargs)

    @property
    def is_ready(self) -> bool:
        """A caption without its file yet is kept but not shown to readers."""
        return bool(self.image)
