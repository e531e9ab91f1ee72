"""RightsNotice: the licensor's notice word for word, and its parts as data."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..rights import split_notice
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
        normalise_text_fields(self)
        self.fingerprint = self.fingerprint_of(self.notice)
        self.fill_parts_from_notice()
        super().save(*args, **kwargs)
