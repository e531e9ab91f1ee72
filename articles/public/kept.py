"""What pages render from rows, kept in the process: checked against the database on each use.

Each entry is keyed by what it was rendered from, the ``render_stamp`` of its story
among it (``list_entries``, ``story_pages.page_html``), so an entry is found only while it
is still what a render would give; the least recently used go first. Nothing here is the
only copy of anything: a process that starts renders again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class Kept:
    """A bounded LRU shared by a process's threads."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry) -> None:
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
