"""Revision: the whole story as one snapshot, kept at every save that changed something."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Revision(models.Model):
    """One saved state of a story (fields, parts, tags, status), with who, when and why.

    ``version`` is the story's ``Article.version`` the snapshot shows, so the conflict page
    can find what an editor who loaded that version saw (``revision_for_version``).
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    user_name = models.CharField(
        _("saved by (name)"),
        max_length=150,
        blank=True,
        help_text=_("Kept as it was at the time, so the history outlives the user account."),
    )
    action = models.CharField(
        _("action"),
        max_length=32,
        help_text=_("What made the revision: edited, published, imported, restored, …"),
    )
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        ordering = ["-version", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [
            models.Index(fields=["article", "-version"], name="revision_article_version_idx"),
        ]

    def __str__(self) -> str:
        return _("%(article)s, version %(version)s (%(action)s)") % {
            "article": self.snapshot.get("headline", self.article_id),
            "version": self.version,
            "action": self.action,
        }
