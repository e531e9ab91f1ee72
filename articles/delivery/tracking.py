"""Following every write, whatever its door: stamps in the transaction, keys after it.

Connected to the model signals (``ArticlesConfig.ready``) of every app whose rows pages
show (``changes.WATCHED_APPS``): the admin, list actions, the wire importer, commands,
the worker and the shell all pass here, and a model added later is covered too (a test
fails until ``changes`` says where it is shown).

In the writer's transaction:

- the ``render_stamp`` of every story whose page prints the changed row moves, so its
  stored parts are not used again (``changes.stories_printing``);
- the first change that may touch a public page records the transaction's purge job
  (``purging.record_unnamed``): the purge is committed with the change or not at all.

After the commit, once per transaction, ``purging.settle`` names the keys the changes
touched (``changes.resolve``), forgets them in the page cache and hands the purge to
the worker. A rolled-back transaction takes its job with it; its changes, still
gathered here, cost at most a spare purge.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from ..models import Article
from . import changes, purging, surrogate_keys


class _Batch:
    """The changes of one transaction on one database connection."""

    def __init__(self, using: str):
        self.using = using
        self.touched = changes.Touched()
        self.job_id: int | None = None
        self.settled = False

    def is_current(self, connection) -> bool:
        """Still collecting: not settled, and its transaction still holds its callback."""
        if self.settled:
            return False
        if not connection.in_atomic_block:
            return False
        return any(getattr(f, "__self__", None) is self for _, f, _ in connection.run_on_commit)

    def add(self, touched: changes.Touched) -> None:
        if touched and self.job_id is None:
            self.job_id = purging.record_unnamed(using=self.using)
        self.touched.merge(touched)
        # One callback per change: whichever runs first settles them all (a test's
        # captured callbacks then always include one). Robust: the write is committed
        # whatever happens here; a purge not named goes out whole from the outbox.
        transaction.on_commit(self.settle, using=self.using, robust=True)

    def settle(self) -> None:
        if self.settled:
            return
        self.settled = True
        keys = changes.resolve(self.touched)
        purging.settle(keys, job_id=self.job_id, clock=self.touched.clock)


def everything_changed(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """A write the signals cannot see (a bulk UPDATE, a restored backup): every page goes,
    in the page cache and the accelerators, after the commit."""
    _batch(using).add(changes.Touched(keys={surrogate_keys.ALL}, clock=True))


def _batch(using: str) -> _Batch:
    connection = connections[using]
    batch = getattr(connection, "newsroom_batch", None)
    if batch is None or not batch.is_current(connection):
        batch = connection.newsroom_batch = _Batch(using)
    return batch


def _collect(touched: changes.Touched, *, using: str) -> None:
    if touched or touched.clock:
        _batch(using).add(touched)


def _move_stamps(stories) -> None:
    """The stored parts of these stories are out of date (``articles.public.story_pages``)."""
    if stories is None:
        return
    if not isinstance(stories, models.QuerySet):
        stories = Article.objects.filter(pk__in=list(stories))
    stories.update(render_stamp=models.F("render_stamp") + 1)


# -- the signals ------------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, **kwargs) -> None:
    """Rows whose old values decide the keys (a tag's old slug) are read before they change."""
    if changes.needs_before(sender) and instance.pk is not None and not raw:
        instance._row_before = sender._default_manager.filter(pk=instance.pk).first()


def _saved(sender, instance, created=False, raw=False, using=None, **kwargs) -> None:
    if not changes.is_watched(sender):
        return
    change = "created" if created else "changed"
    # Article.save() sets its own new stamp; fixtures carry theirs; a shared row just
    # created (a new person, tag ...) is on no story page yet.
    if not raw and sender is not Article and not (created and sender in changes.SHARED):
        _move_stamps(changes.stories_printing(instance))
    touched = changes.touched_by(instance, change, before=getattr(instance, "_row_before", None))
    if sender is Article:
        instance._loaded_state = changes.story_state(instance)  # the next save's "before"
    _collect(touched, using=using)


def _before_delete(sender, instance, **kwargs) -> None:
    """Before the row goes: ``SET_NULL`` clears its stories' links without a signal."""
    if changes.is_watched(sender) and sender in changes.SHARED:
        _move_stamps(changes.stories_printing(instance))


def _deleted(sender, instance, using=None, **kwargs) -> None:
    if not changes.is_watched(sender):
        return
    if sender not in changes.SHARED and sender is not Article:
        _move_stamps(changes.stories_printing(instance))
    _collect(changes.touched_by(instance, "deleted"), using=using)


def _relation_changed(sender, instance, action, model, pk_set, using=None, **kwargs) -> None:
    if not (changes.is_watched(type(instance)) or changes.is_watched(model)):
        return
    if action == "pre_clear":  # what is cleared is known only before it goes
        related = getattr(instance, _relation_name(sender, instance))
        instance._cleared = set(related.values_list("pk", flat=True))
        return
    if not action.startswith("post_"):
        return
    pks = getattr(instance, "_cleared", set()) if action == "post_clear" else pk_set
    if isinstance(instance, Article):
        _move_stamps([instance.pk])
    elif model is Article:
        _move_stamps(pks)
    _collect(changes.relation_touched(instance, model, pks), using=using)


def _relation_name(through, instance) -> str:
    """The attribute of ``instance`` that the many-to-many ``through`` table serves."""
    for field in type(instance)._meta.get_fields():
        remote = getattr(field, "remote_field", None)
        if (
            getattr(remote, "through", None) is through
            or getattr(field, "through", None) is through
        ):
            return field.get_accessor_name() if field.auto_created else field.name
    raise LookupError(f"{type(instance).__name__} has no relation through {through.__name__}")


def connect() -> None:
    """Called once from ``ArticlesConfig.ready``."""
    pre_save.connect(_before_save, weak=False, dispatch_uid="delivery-before-save")
    post_save.connect(_saved, weak=False, dispatch_uid="delivery-saved")
    pre_delete.connect(_before_delete, weak=False, dispatch_uid="delivery-before-delete")
    post_delete.connect(_deleted, weak=False, dispatch_uid="delivery-deleted")
    m2m_changed.connect(_relation_changed, weak=False, dispatch_uid="delivery-m2m")
