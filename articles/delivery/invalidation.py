"""Any write that can alter a public output empties the page cache and purges the accelerator.

Connected to ``post_save``, ``post_delete`` and ``m2m_changed`` of every model of the
``articles`` app and of django-taggit, not to a list of call sites: a model added
later (corrections, revisions ...) is covered without touching this module. The work is
done after the transaction commits, so a reader never caches the state before it.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import page_cache, purge, surrogate_keys

WATCHED_APPS = {"articles", "taggit"}

# Changes seen in this thread and not yet settled. The first commit hook of a transaction
# settles them all (one bump, one purge, each story looked up once); the others find
# nothing left. Changes of a transaction rolled back stay until the next commit: that
# costs a spare purge, never a missed one.
_pending = threading.local()


def _changes() -> dict:
    if not hasattr(_pending, "changes"):
        _pending.changes = {}
    return _pending.changes


def discard_pending() -> None:
    """Forget changes not yet settled (tests: their transactions are rolled back)."""
    _changes().clear()


def _watched(sender) -> bool:
    """A model of a watched app, except derived rows (stored page parts) that show nothing new."""
    return (
        getattr(sender, "_meta", None) is not None
        and sender._meta.app_label in WATCHED_APPS
        and not getattr(sender, "derived_data", False)
    )


def settle() -> None:
    """After a commit: move the page cache on and queue the purge of what changed."""
    changes = list(_changes().values())
    _changes().clear()
    if not changes:
        return
    page_cache.bump()
    if purge.active():
        purge.enqueue(surrogate_keys.of_changes(changes))


def _record(instance, *, using, change: str) -> None:
    _changes()[(instance._meta.label, instance.pk, change)] = (instance, change)
    transaction.on_commit(settle, using=using)


def _saved(sender, instance, created=False, using=None, **kwargs) -> None:
    if _watched(sender):
        _record(instance, using=using, change="created" if created else "changed")


def _deleted(sender, instance, using=None, **kwargs) -> None:
    if _watched(sender):
        _record(instance, using=using, change="deleted")


def _relation_changed(sender, instance, action, using=None, **kwargs) -> None:
    if action.startswith("post_") and (_watched(sender) or _watched(type(instance))):
        _record(instance, using=using, change="changed")


def connect() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    post_save.connect(_saved, weak=False, dispatch_uid="page-cache-save")
    post_delete.connect(_deleted, weak=False, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_relation_changed, weak=False, dispatch_uid="page-cache-m2m")
