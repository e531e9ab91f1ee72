"""AuditEntry: who did what to which row, and when; written once, never rewritten."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised by any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    """Bulk ``update()`` and ``delete()`` would rewrite history too: refused."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly(_("Audit entries cannot be changed."))

    def delete(self):
        raise AuditLogIsAppendOnly(_("Audit entries cannot be deleted."))


class AuditEntry(models.Model):
    """One thing that happened to a story or a shared row, kept after both are gone.

    ``object_repr`` and ``article_id`` (an integer, not a foreign key) outlive the
    row they describe; ``actor_name`` outlives the account.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        PUBLISHED = "published", _("published")
        UNPUBLISHED = "unpublished", _("unpublished")
        SCHEDULED = "scheduled", _("scheduled")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RESTORED = "restored", _("restored")
        REINSTATED = "reinstated", _("reinstated (withdrawn → draft)")
        CORRECTED = "corrected", _("corrected")
        IMPORTED = "imported", _("imported")
        DELETED = "deleted", _("deleted")
        RENAMED = "renamed", _("renamed")
        MERGED = "merged", _("merged")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    actor_name = models.CharField(
        _("who"),
        max_length=150,
        help_text=_("The username at the time, or “system” / “wire import” without one."),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of row"), on_delete=models.PROTECT
    )
    object_id = models.CharField(_("row id"), max_length=64)
    object_repr = models.CharField(_("row"), max_length=300)
    article_id = models.BigIntegerField(
        _("story id"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The story concerned, kept as a number so the entry outlives it."),
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None or kwargs.get("force_update"):
            raise AuditLogIsAppendOnly(_("Audit entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly(_("Audit entries cannot be deleted."))
