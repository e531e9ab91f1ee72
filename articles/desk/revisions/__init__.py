"""Revision history: the whole story as one snapshot, a readable diff, and restoring one.

Our own model rather than django-reversion: a snapshot must hold the tags (which
Django's serialisers leave out), be tied to ``Article.version`` for the conflict page,
and a restore must go through ``operations.revision_restore`` and the version check
instead of re-saving serialised rows behind the model's back.

- ``snapshots``: ``snapshot`` / ``record_revision`` / ``revision_for_version``, keep and
  find revisions;
- ``diffs``: ``diff``, what changed between two snapshots, in editors' words;
- ``restoring``: ``apply_snapshot``, bring a snapshot's words back (never whether the story
  is public). The operation is ``articles.desk.operations.revision_restore``.
"""

from .diffs import (
    ADDED,
    CHANGED,
    DELETED,
    EQUAL,
    INSERTED,
    REMOVED,
    Change,
    DiffSegment,
    diff,
    word_diff,
)
from .restoring import apply_snapshot, restore_problems, restored_snapshot
from .snapshots import record_revision, revision_for_version, snapshot

__all__ = [
    "ADDED",
    "CHANGED",
    "DELETED",
    "EQUAL",
    "INSERTED",
    "REMOVED",
    "Change",
    "DiffSegment",
    "apply_snapshot",
    "diff",
    "record_revision",
    "restore_problems",
    "restored_snapshot",
    "revision_for_version",
    "snapshot",
    "word_diff",
]
