"""RightsNotice: the licensor's notice word for word, and its parts as data."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..conventions.licence import MAX_DISPLAY_DAYS, apply_display_rule
from ..conventions.notice_parts import split_notice
from .text import normalise_text_fields


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
    display_days = models.PositiveIntegerField(
        _("shown for (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Stories under this notice may be shown for this many days after publication. "
            "Empty: no limit in days."
        ),
    )
    display_until = models.DateTimeField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_(
            "Stories under this notice may be shown until this time. Empty: no end date. "
            "With both limits, the earlier one applies; then the story answers “no longer "
            "available” and leaves every page, feed, sitemap and export."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["holder", "-year"]
        verbose_name = _("rights notice")
        verbose_name_plural = _("rights notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(display_days__isnull=True)
                | Q(display_days__gte=1, display_days__lte=MAX_DISPLAY_DAYS),
                name="rightsnotice_display_days_in_range",
                violation_error_message=_("Stories must be shown for 1 to 36,500 days."),
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        notice = super().from_db(db, field_names, values)
        # Remember the display rule as loaded, so save() rewrites stories only on a change.
        notice._display_rule_in_db = notice._loaded_display_rule()
        return notice

    def _loaded_display_rule(self):
        if {"display_days", "display_until"} & self.get_deferred_fields():
            return None  # unknown: the next save rewrites the stories to be safe
        return (self.display_days, self.display_until)

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
        errors = {}
        if self.display_days is not None and not 1 <= self.display_days <= MAX_DISPLAY_DAYS:
            errors["display_days"] = _(
                "Give a number of days from 1 to %(max)d, or leave it empty for no limit."
            ) % {"max": MAX_DISPLAY_DAYS}
        if self.display_until is not None and self.year and self.display_until.year < self.year:
            errors["display_until"] = _(
                "This is before the notice's own year (%(year)d): check the date."
            ) % {"year": self.year}
        if errors:
            raise ValidationError(errors)

    @property
    def limits_display(self) -> bool:
        return self.display_days is not None or self.display_until is not None

    def save(self, *args, **kwargs):
        normalise_text_fields(self)
        self.fingerprint = self.fingerprint_of(self.notice)
        self.fill_parts_from_notice()
        rewrite = self._display_rule_changed(kwargs.get("update_fields"))
        with transaction.atomic():
            super().save(*args, **kwargs)
            if rewrite:
                self.apply_display_rule()
        self._display_rule_in_db = (self.display_days, self.display_until)

    def _display_rule_changed(self, update_fields) -> bool:
        """Whether this save changes how long the stories under this notice may be shown."""
        if self._state.adding:
            return False  # a new notice has no stories yet
        if update_fields is not None and not {"display_days", "display_until"} & set(update_fields):
            return False
        rule = (self.display_days, self.display_until)
        return rule != getattr(self, "_display_rule_in_db", None)

    def apply_display_rule(self) -> int:
        """Bring ``licence_expires_at`` of every story under this notice in step, in SQL."""
        return apply_display_rule(
            self.articles.all(), display_days=self.display_days, display_until=self.display_until
        )
