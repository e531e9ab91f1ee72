"""The audit log in the admin: every screen writes to it, nobody rewrites it.

``AuditedAdmin`` hooks the admin's own change history (``log_addition``,
``log_change``, ``log_deletions``) so what the admin records in ``LogEntry``
also lands, with the changed fields, in ``AuditEntry``. ``AuditEntryAdmin`` is
view only, for superusers too.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..desk import auditing
from ..models import Article, AuditEntry

HISTORY_FIELD = "audit_history"


def _without(fields, name: str) -> list:
    """A fieldset's fields without ``name`` (lines of several fields included)."""
    kept = []
    for field in fields:
        if isinstance(field, list | tuple):
            line = tuple(each for each in field if each != name)
            if line:
                kept.append(line)
        elif field != name:
            kept.append(field)
    return kept


class AuditedAdmin:
    """Mixin for a ``ModelAdmin``: additions, changes and deletions go into the audit log.

    ``audit_shown_fields`` are spelled out as “old → new” in the entry (short values
    such as a name or a status); a change of ``audit_rename_field`` is a “renamed”;
    setting ``audit_status_field`` to a value that names an action (``published``,
    ``withdrawn``) from the form is recorded as that action, so the log's filter finds it.
    """

    audit_shown_fields: tuple[str, ...] = ()
    audit_rename_field: str | None = None
    audit_status_field: str | None = None

    def save_model(self, request, obj, form, change):
        # The form still knows the values before the save; log_change runs after it.
        obj._audit_before = {
            name: form.initial.get(name) for name in self.audit_shown_fields if change
        }
        obj._audit_changed = set(form.changed_data) if change else set()
        super().save_model(request, obj, form, change)
        if not change:
            # At once, so it comes before what the parts' saves and operations record.
            auditing.record(actor=request.user, action=auditing.Action.CREATED, obj=obj)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        status_action = self._audit_status_action(obj, {self.audit_status_field})
        if status_action:
            auditing.record(actor=request.user, action=status_action, obj=obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        changed = getattr(obj, "_audit_changed", set())
        action = self._audit_status_action(obj, changed) or (
            auditing.Action.RENAMED
            if self.audit_rename_field and self.audit_rename_field in changed
            else auditing.Action.EDITED
        )
        summary = " ".join([*self._audit_old_and_new(obj, changed), entry.get_change_message()])
        auditing.record(actor=request.user, action=action, obj=obj, summary=summary)
        return entry

    def log_deletions(self, request, queryset):
        objects = list(queryset)
        entries = super().log_deletions(request, objects)
        for obj in objects:
            auditing.record(actor=request.user, action=auditing.Action.DELETED, obj=obj)
        return entries

    def _audit_status_action(self, obj, changed) -> str | None:
        if not self.audit_status_field or self.audit_status_field not in changed:
            return None
        status = getattr(obj, self.audit_status_field)
        return status if status in auditing.Action.values else None

    def _audit_old_and_new(self, obj, changed) -> list[str]:
        before = getattr(obj, "_audit_before", {})
        lines = []
        for name in self.audit_shown_fields:
            if name in changed:
                field = obj._meta.get_field(name)
                choices = dict(field.flatchoices)
                old, new = before.get(name), getattr(obj, name)
                lines.append(
                    f"{field.verbose_name}: “{choices.get(old, old)}” → “{choices.get(new, new)}”."
                )
        return lines

    # -- the link from a change form to its entries ---------------------------
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm("articles.view_auditentry"):
            return fieldsets
        return [
            (name, {**opts, "fields": _without(opts["fields"], HISTORY_FIELD)})
            for name, opts in fieldsets
        ]

    @admin.display(description=_("audit log"))
    def audit_history(self, obj):
        if obj is None or not obj.pk:
            return "—"
        if isinstance(obj, Article):
            query = {"article_id": obj.pk}
        else:
            content_type = ContentType.objects.get_for_model(obj)
            query = {"content_type__id__exact": content_type.pk, "object_id": obj.pk}
        url = reverse("admin:articles_auditentry_changelist") + "?" + urlencode(query)
        return format_html('<a href="{}">{}</a>', url, _("Who did what to it, and when"))


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """View only: nobody adds, changes or deletes an entry here, superusers included."""

    list_display = ["at", "actor_name", "action", "object_link", "short_summary"]
    list_filter = ["action", "actor_name", ("content_type", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "at"
    search_fields = ["object_repr", "summary", "actor_name"]
    list_select_related = ["content_type"]
    list_per_page = 100
    fields = [
        "at",
        ("actor_name", "actor"),
        "action",
        ("content_type", "object_id", "article_id"),
        "object_repr",
        "summary",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("row"), ordering="object_repr")
    def object_link(self, entry):
        """The row's change page while the row exists (its entries outlive it)."""
        content_type = entry.content_type
        if entry.action == AuditEntry.Action.DELETED:
            return entry.object_repr
        try:
            url = reverse(
                f"admin:{content_type.app_label}_{content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.object_repr
        return format_html(
            '<a href="{}">{}</a> <small>({})</small>', url, entry.object_repr, content_type.name
        )

    @admin.display(description=_("summary"))
    def short_summary(self, entry):
        return Truncator(entry.summary).chars(160)
