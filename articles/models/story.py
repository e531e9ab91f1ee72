"""Article and its QuerySet: ``Article.objects.published()`` is the one visibility rule."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from ..conventions import rendering
from ..conventions.licence import licence_expiry
from ..conventions.quote_check import normalise_for_match
from ..conventions.rendering import render_body
from .parts import Byline, PhotoCaption, Quote
from .rendered import new_stamp
from .rights import RightsNotice
from .slugs import source_slug, unique_slug
from .tagging import TaggedArticle
from .text import normalise_text_fields

# What decides where a story is shown (the loaded values are kept, see ``from_db``).
STATE_FIELDS = frozenset(
    {
        "status",
        "published_at",
        "embargo_until",
        "licence_expires_at",
        "slug",
        "source_slug",
        "section_id",
    }
)
# Saving any of these recomputes ``licence_expires_at`` (and writes it with them).
LICENCE_EXPIRY_INPUTS = {"published_at", "rights_notice", "rights_notice_id"}


def story_part_prefetches() -> tuple:
    """A story's parts as a story page shows them: five queries whatever their number."""
    return (
        models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        models.Prefetch("quotes", queryset=Quote.objects.select_related("speaker")),
        # The photographer links the caption credit and JSON-LD creator to their page.
        models.Prefetch("photos", queryset=PhotoCaption.objects.select_related("photographer")),
        "tags",
        "corrections",  # in time order: updates under the headline, corrections at the foot
    )


_UNKNOWN = object()  # an Article built in memory: its parts' copies are not known


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None) -> ArticleQuerySet:
        """What the public may see: published, publication time passed, embargo lifted,
        licence not expired."""
        now = now or timezone.now()
        return self.filter(  # one filter() call: each call copies the query once more
            Q(status=Article.Status.PUBLISHED, published_at__lte=now),
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=now),
            Q(licence_expires_at__isnull=True) | Q(licence_expires_at__gt=now),
        )

    def visible_to(self, user) -> ArticleQuerySet:
        """Staff may preview everything; everyone else sees published stories."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()

    def with_story_parts(self) -> ArticleQuerySet:
        """The select/prefetch a story page needs, in a fixed number of queries."""
        return self.select_related("rights_notice").prefetch_related(*story_part_prefetches())

    def for_feed(self) -> ArticleQuerySet:
        """What a feed entry shows: notice, bylines (authors and credits), lead photo, tags."""
        return self.select_related("rights_notice").prefetch_related(
            models.Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            models.Prefetch(
                "photos", queryset=PhotoCaption.objects.filter(is_lead=True), to_attr="lead_photos"
            ),
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
    licence_expires_at = models.DateTimeField(
        _("licence expires"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_(
            "From the rights notice's display limit: after this time the story is no longer "
            "shown anywhere. Empty: no limit."
        ),
    )
    tags = TaggableManager(_("tags"), blank=True, through="articles.TaggedArticle")
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_index=False,  # article_section_pub_idx below leads with it
        related_name="articles",
        help_text=_("The story's home: its section front, feed and block on the front page."),
    )
    secondary_sections = models.ManyToManyField(
        "articles.Section",
        verbose_name=_("also in"),
        blank=True,
        related_name="secondary_articles",
        help_text=_("Other section fronts that list the story too."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Goes up by one with every save of the story or its parts; a save based on an "
            "older version is refused, so no editor saves over another's change."
        ),
    )
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
    filed_at = models.DateTimeField(
        _("filed by the agency"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The agency's own date and time for the story. Publishing uses the time you "
            "publish (or the publication time you set), not this one."
        ),
    )
    imported_at = models.DateTimeField(
        _("last imported"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the wire copy was last written into this story."),
    )
    body_html = models.TextField(
        _("body as HTML"),
        blank=True,
        editable=False,
        help_text=_("The body rendered when the story is saved, for every page, feed and export."),
    )
    body_html_version = models.PositiveSmallIntegerField(
        _("body HTML version"),
        default=0,
        editable=False,
        help_text=_("The renderer's version that made body_html; 0 before it was made."),
    )
    render_stamp = models.BigIntegerField(
        _("render stamp"),
        default=new_stamp,
        editable=False,
        help_text=_(
            "Moves whenever anything the story page shows changes; the stored page parts "
            "are used only while theirs is the same."
        ),
    )
    revised_at = models.DateTimeField(
        _("last correction or update"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When readers were last told of a change (a correction or an update)."),
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
            # The editors' list, newest first (the admin adds -id): no sort of the archive.
            models.Index(
                fields=["-published_at", "-created_at", "-id"], name="article_desk_order_idx"
            ),
            # The sitemaps' "last changed": read from the newest end, not by scanning.
            models.Index(fields=["updated_at"], name="article_updated_idx"),
            # The article sitemap's latest change: newest correction, read from the end.
            models.Index(fields=["revised_at"], name="article_revised_idx"),
            # The clock's next embargo to lift (articles.delivery.changes.next_boundary).
            models.Index(fields=["embargo_until"], name="article_embargo_idx"),
            # A section's newest stories (section fronts, feeds, the front's blocks).
            models.Index(fields=["section", "-published_at"], name="article_section_pub_idx"),
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
        normalise_text_fields(self)
        if not self.slug:
            self.slug = unique_slug(Article, self.headline, exclude_pk=self.pk)
        self.source = " ".join(self.source.split())
        self.source_slug = source_slug(self.source)
        # Whatever changed, the stored page parts are out of date (articles.public.story_pages).
        self.render_stamp = new_stamp()
        update_fields = kwargs.get("update_fields")
        if update_fields:  # an empty list saves nothing, and still should not
            kwargs["update_fields"] = update_fields = {*update_fields, "render_stamp"}
        if update_fields is None or "body" in update_fields:
            self.store_body_html()
            if update_fields:
                kwargs["update_fields"] = update_fields = {
                    *update_fields,
                    "body_html",
                    "body_html_version",
                }
        if update_fields is None or LICENCE_EXPIRY_INPUTS & set(update_fields):
            self.licence_expires_at = self.licence_expiry()
            if update_fields is not None:  # operations save only what they changed
                kwargs["update_fields"] = {*update_fields, "licence_expires_at"}
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:  # no part can be there yet; those added later copy it (their save())
            self._loaded_published_at = self.published_at
        elif update_fields is None or "published_at" in update_fields:
            self.copy_published_at_to_parts()

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "published_at" in fields:
            self._loaded_published_at = self.published_at
        if fields is None:
            self._loaded_state = {name: getattr(self, name) for name in STATE_FIELDS}

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        if "published_at" in field_names:  # what the parts' copies hold (see below)
            article._loaded_published_at = article.published_at
        if STATE_FIELDS.issubset(field_names):
            # Where the story was shown when it was read: a save then knows what it changes
            # for readers without reading the row again (articles.delivery.changes).
            article._loaded_state = {name: getattr(article, name) for name in STATE_FIELDS}
        return article

    def copy_published_at_to_parts(self) -> None:
        """Keep the copies of ``published_at`` on the story's tags and bylines in step (the
        tag and person pages walk them newest first): one UPDATE each, only on a change."""
        if getattr(self, "_loaded_published_at", _UNKNOWN) == self.published_at:
            return
        for parts in (TaggedArticle.objects.filter(content_object=self), self.bylines.all()):
            parts.exclude(published_at=self.published_at).update(published_at=self.published_at)
        self._loaded_published_at = self.published_at

    def store_body_html(self) -> None:
        """Render the body once, here, rather than on every page, feed and export."""
        self.body_html = str(render_body(self.body))
        self.body_html_version = rendering.VERSION

    def body_as_html(self) -> SafeString:
        """The body as safe HTML: as stored, or rendered now when stored by an older
        renderer or by a path that skips ``save()`` (``bulk_create``, ``update()``)."""
        if self.body_html_version == rendering.VERSION:
            return mark_safe(self.body_html)
        return render_body(self.body)

    def licence_expiry(self):
        """When the rights notice stops letting us show this story (``None``: never)."""
        if self.rights_notice_id is None:
            return None
        notice = self.rights_notice  # cached when set or selected with the story
        return licence_expiry(
            published_at=self.published_at,
            display_days=notice.display_days,
            display_until=notice.display_until,
        )

    def clean(self):
        normalise_text_fields(self)  # rules below (and the quote check) see the stored text
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
            and not self.licence_has_expired(now=now)
        )

    def licence_has_expired(self, *, now=None) -> bool:
        return self.licence_expires_at is not None and self.licence_expires_at <= (
            now or timezone.now()
        )

    @property
    def is_embargoed(self) -> bool:
        return bool(self.embargo_until and self.embargo_until > timezone.now())

    @property
    def modified_at(self):
        """The modified time every output shows: the last note to readers, else publication."""
        return self.revised_at or self.published_at

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
