"""What changed between two snapshots, in editors' words: labels, words, parts, tags."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ...models import Article, Byline, PhotoCaption, Quote
from .snapshots import ARTICLE_FIELDS, BYLINE_FIELDS, PHOTO_FIELDS, QUOTE_FIELDS

EQUAL, INSERTED, DELETED = "equal", "inserted", "deleted"
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# Compared word by word; everything else is shown as the old value and the new one.
TEXT_FIELDS = frozenset(
    {
        "headline",
        "standfirst",
        "body",
        "withdrawal_reason",
        "rights_notice_text",
        "speaker_title",
        "text",
        "caption",
        "credit",
        "alt_text",
        "location",
        "title",
    }
)
_WORDS = re.compile(r"(\w+|[^\w\s]+)(\s*)")  # a word or punctuation, and the spaces after it
# Above this many token pairs a word diff of one changed passage takes too long to be worth it
# (difflib is quadratic): the passage is shown as deleted and rewritten instead.
WORD_DIFF_LIMIT = 100_000
# Characters of unchanged text kept on each side of a change when a diff is shown.
CONTEXT = 160


@dataclass(frozen=True)
class DiffSegment:
    """A run of text that both versions share (equal), or only the new or the old one has."""

    kind: str  # EQUAL, INSERTED or DELETED
    text: str

    @property
    def shown(self) -> str:
        """The text as a diff shows it: a long unchanged run keeps only its ends as context."""
        if self.kind != EQUAL or len(self.text) <= 2 * CONTEXT + 40:
            return self.text
        head = self.text[:CONTEXT].rsplit(" ", 1)[0]
        tail = self.text[-CONTEXT:].split(" ", 1)[-1]
        return f"{head} […] {tail}"


@dataclass(frozen=True)
class Change:
    """One change between two revisions, labelled as the form labels it."""

    label: str
    kind: str = CHANGED  # ADDED, REMOVED or CHANGED
    old: str = ""
    new: str = ""
    segments: tuple[DiffSegment, ...] = ()  # word by word, for text
    details: tuple[Change, ...] = ()  # the fields that changed in a byline, quote or photo
    added: tuple[str, ...] = ()  # tags
    removed: tuple[str, ...] = ()


class _Segments:
    """Collects segments, joining neighbours of the same kind."""

    def __init__(self):
        self.items: list[DiffSegment] = []

    def add(self, kind: str, text: str) -> None:
        if not text:
            return
        if self.items and self.items[-1].kind == kind:
            self.items[-1] = DiffSegment(kind, self.items[-1].text + text)
        else:
            self.items.append(DiffSegment(kind, text))


def _words(text: str) -> list[tuple[str, str]]:
    """``(word, spaces after it)`` pairs; the first pair keeps any leading spaces."""
    leading = text[: len(text) - len(text.lstrip())]
    pairs = [(m.group(1), m.group(2)) for m in _WORDS.finditer(text)]
    return [("", leading), *pairs] if leading else pairs


def _word_key(pair: tuple[str, str]) -> tuple[str, bool]:
    # Spaces do not count as a change, a line break does (a paragraph split or joined).
    return pair[0], "\n" in pair[1]


def _diff_passage(old: str, new: str, out: _Segments) -> None:
    a, b = _words(old), _words(new)
    if len(a) * len(b) > WORD_DIFF_LIMIT:
        out.add(DELETED, old)
        out.add(INSERTED, new)
        return
    matcher = difflib.SequenceMatcher(
        None, [_word_key(p) for p in a], [_word_key(p) for p in b], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.add(EQUAL, "".join(w + s for w, s in b[j1:j2]))
            continue
        out.add(DELETED, "".join(w + s for w, s in a[i1:i2]))
        out.add(INSERTED, "".join(w + s for w, s in b[j1:j2]))


def word_diff(old: str, new: str) -> tuple[DiffSegment, ...]:
    """Word-level changes from ``old`` to ``new``; the equal and inserted text reads as ``new``.

    Lines (paragraphs) are matched first and words only within the passages that changed,
    which keeps a long body fast when an editor changed a few sentences.
    """
    a, b = (old or "").splitlines(keepends=True), (new or "").splitlines(keepends=True)
    out = _Segments()
    # Lines match by their words, so a last line that gains a line break (a paragraph added
    # after it) is still the same line. Blank lines are everywhere: as junk they cannot
    # anchor a match (and cost no time).
    lines = difflib.SequenceMatcher(
        lambda line: not line.strip(),
        [line.rstrip("\n") for line in a],
        [line.rstrip("\n") for line in b],
        autojunk=False,
    )
    for op, i1, i2, j1, j2 in lines.get_opcodes():
        if op == "equal":
            out.add(EQUAL, "".join(b[j1:j2]))
        elif op == "replace" and i2 - i1 == j2 - j1:
            for old_line, new_line in zip(a[i1:i2], b[j1:j2], strict=True):
                _diff_passage(old_line, new_line, out)
        else:
            _diff_passage("".join(a[i1:i2]), "".join(b[j1:j2]), out)
    return tuple(out.items)


def _label(model: type[models.Model], name: str) -> str:
    return str(capfirst(model._meta.get_field(name).verbose_name))


def _shown(model: type[models.Model], name: str, value) -> str:
    """A stored value as an editor reads it."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        return date_format(timezone.localtime(moment), "j M Y, H:i") if moment else value
    return str(value)


def _field_change(model, name: str, old, new, *, label: str | None = None) -> Change | None:
    if old == new:
        return None
    label = label or _label(model, name)
    if name in TEXT_FIELDS:
        return Change(label, segments=word_diff(old or "", new or ""))
    return Change(label, old=_shown(model, name, old), new=_shown(model, name, new))


def _person_change(label: str, old: dict, new: dict, key: str) -> Change | None:
    if old.get(f"{key}_id") == new.get(f"{key}_id") and old.get(key) == new.get(key):
        return None
    return Change(label, old=old.get(key) or _("(nobody)"), new=new.get(key) or _("(nobody)"))


def _describe(kind: str, row: dict) -> str:
    if kind == "bylines":
        return f"{_shown(Byline, 'role', row['role'])}: {row['person']}"
    if kind == "quotes":
        text = row["text"] if len(row["text"]) <= 60 else f"{row['text'][:59]}…"
        return f"{row['speaker']}: “{text}”"
    caption = " ".join(row["caption"].split())
    return caption if len(caption) <= 60 else f"{caption[:59]}…"


PARTS = (
    ("bylines", Byline, "person", BYLINE_FIELDS),
    ("quotes", Quote, "speaker", QUOTE_FIELDS),
    ("photos", PhotoCaption, "photographer", PHOTO_FIELDS),
)


def _part_changes(kind: str, model, person_key: str, names, old_rows, new_rows) -> list[Change]:
    noun = str(capfirst(model._meta.verbose_name))
    old_by_id = {row["id"]: row for row in old_rows}
    new_ids = {row["id"] for row in new_rows}
    changes = []
    for row in new_rows:
        before = old_by_id.get(row["id"])
        if before is None:
            changes.append(Change(noun, kind=ADDED, new=_describe(kind, row)))
            continue
        details = [_person_change(_label(model, person_key), before, row, person_key)]
        details += [_field_change(model, name, before.get(name), row.get(name)) for name in names]
        if kind == "photos" and before.get("image") != row.get("image"):
            details.append(
                Change(
                    _label(model, "image"),
                    old=before.get("image") or _("(no file)"),
                    new=row.get("image") or _("(no file)"),
                )
            )
        details = tuple(change for change in details if change)
        if details:
            changes.append(Change(f"{noun}: {_describe(kind, row)}", details=details))
    for row in old_rows:
        if row["id"] not in new_ids:
            changes.append(Change(noun, kind=REMOVED, old=_describe(kind, row)))
    return changes


def diff(old: dict, new: dict) -> list[Change]:
    """What changed from snapshot ``old`` to ``new``, field by field and part by part."""
    changes = [
        _field_change(Article, name, old.get(name), new.get(name)) for name in ARTICLE_FIELDS
    ]
    changes.append(
        _field_change(
            Article,
            "rights_notice_text",
            old.get("rights_notice_text", ""),
            new.get("rights_notice_text", ""),
            label=_label(Article, "rights_notice"),
        )
    )
    old_tags, new_tags = set(old.get("tags", ())), set(new.get("tags", ()))
    if old_tags != new_tags:
        changes.append(
            Change(
                _label(Article, "tags"),
                added=tuple(sorted(new_tags - old_tags)),
                removed=tuple(sorted(old_tags - new_tags)),
            )
        )
    result = [change for change in changes if change]
    for kind, model, person_key, names in PARTS:
        result += _part_changes(
            kind, model, person_key, names, old.get(kind, ()), new.get(kind, ())
        )
    return result
