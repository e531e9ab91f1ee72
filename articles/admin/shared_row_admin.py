"""Admin side of the shared-rows rule: a row on a public story is read-only to reporters."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _

from ..desk.shared_rows import may_change


class SharedRowAdmin:
    """Mixin for the tag and person admins: change and delete follow ``may_change``."""

    def _may_change(self, request, obj) -> bool:
        # The change form asks several times per request; one query per row is enough.
        cache = obj.__dict__.setdefault("_may_change_by", {})
        if request.user.pk not in cache:
            cache[request.user.pk] = may_change(request.user, obj)
        return cache[request.user.pk]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self._may_change(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self._may_change(request, obj))

    def get_deleted_objects(self, objs, request):
        """Bulk delete: one public row among those selected refuses the lot (403)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(not self._may_change(request, obj) for obj in objs):
            perms_needed.add(
                _("%(rows)s on public stories") % {"rows": self.opts.verbose_name_plural}
            )
        return deleted, counts, perms_needed, protected

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET" and not self._may_change(request, obj):
            self.message_user(
                request,
                _("Only editors may change or delete %(row)s: it appears on a public story.")
                % {"row": obj},
                messages.INFO,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
