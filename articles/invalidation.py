"""Any write that can alter a public output empties the page cache and purges the accelerator.

Connected to ``post_save``, ``post_delete`` and ``m2m_changed`` of every model of the
``articles`` app and of django-taggit, not to a list of call sites: a model added
later (corrections, revisions ...) is covered without touching this module. The work is
done after the transaction commits, so a reader never caches the state before it.
"""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import page_cache, purge, surrogate_keys

WATCHED_APPS = {"articles", "taggit"}


def _watched(sender) -> bool:
    return getattr(sender, "_meta", None) is not None and sender._meta.app_label in WATCHED_APPS


def _after_commit(instance, *, using, deleted: bool) -> None:
    transaction.on_commit(page_cache.bump, using=using)
    if purge.active():
        transaction.on_commit(
            lambda: purge.enqueue(surrogate_keys.of_change(instance, deleted=deleted)),
            using=using,
        )


def _saved_or_deleted(sender, instance, using=None, *, deleted: bool, **kwargs) -> None:
    if _watched(sender):
        _after_commit(instance, using=using, deleted=deleted)


def _relation_changed(sender, instance, action, using=None, **kwargs) -> None:
    if action.startswith("post_") and (_watched(sender) or _watched(type(instance))):
        _after_commit(instance, using=using, deleted=False)


def connect() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    post_save.connect(
        partial(_saved_or_deleted, deleted=False), weak=False, dispatch_uid="page-cache-save"
    )
    post_delete.connect(
        partial(_saved_or_deleted, deleted=True), weak=False, dispatch_uid="page-cache-delete"
    )
    m2m_changed.connect(_relation_changed, weak=False, dispatch_uid="page-cache-m2m")
