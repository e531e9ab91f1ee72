"""The one door into the audit log: ``record()``, called by every operation and admin screen.

It writes inside the caller's transaction, so an entry exists exactly when the
change it describes was committed (a dry run or a refused change leaves none).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from ..models import Article, AuditEntry

Action = AuditEntry.Action

# Who acted when no account did (``actor_name``).
SYSTEM = "system"
WIRE_IMPORT = "wire import"


def record(*, actor, action: str, obj, summary: str = "", actor_name: str = "") -> AuditEntry:
    """Append that ``actor`` (a user, or None) did ``action`` to ``obj``.

    ``actor_name`` names a non-human actor (``WIRE_IMPORT``); it defaults to the
    username, or ``SYSTEM``. An unknown ``action`` is a programming error and raises.
    """
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}; add it to AuditEntry.Action.")
    user = actor if actor is not None and actor.is_authenticated else None
    article_id = obj.pk if isinstance(obj, Article) else getattr(obj, "article_id", None)
    return AuditEntry.objects.create(
        actor=user,
        actor_name=(user.get_username() if user else "") or actor_name or SYSTEM,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        article_id=article_id,
        summary=summary,
    )
