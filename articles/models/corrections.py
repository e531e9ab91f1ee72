"""Correction: a dated note readers see on a public story (a correction or an update).

Notes are only ever added (``articles.desk.operations.article_add_correction``), never
edited or deleted from the desk: a correction of a correction is a new note, so
nothing readers were told disappears.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.CORRECTION,
        help_text=_(
            "A correction fixes something the story got wrong and is shown at its foot; "
            "an update tells readers of new facts and is shown under the headline."
        ),
    )
    text = models.TextField(
        _("text"), help_text=_("Plain text in one paragraph, shown to readers as written.")
    )
    created_at = models.DateTimeField(_("time"), help_text=_("The time readers see with the note."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by_name = models.CharField(
        _("added by (name)"),
        max_length=150,
        blank=True,
        help_text=_("The editor's name as it was, kept when their account is removed."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")
        indexes = [
            # The public corrections page: one kind, newest first, keyset-paginated.
            models.Index(fields=["kind", "-created_at", "-id"], name="correction_kind_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="correction_has_text",
                violation_error_message=_("A correction needs its text."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["correction", "update"]),
                name="correction_known_kind",
                violation_error_message=_("A note is either a correction or an update."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#note-{self.pk}"

    @property
    def is_update(self) -> bool:
        return self.kind == self.Kind.UPDATE
