"""Revision history: the whole story as one snapshot, a readable diff, and restoring one.

Our own model rather than django-reversion: a snapshot must hold the tags (which
Django's serialisers leave out), be tied to ``Article.version`` for the conflict page,
and a restore must go through ``operations.revision_restore`` and the version check
instead of re-saving serialised rows behind the model's back.

- ``snapshot`` / ``record_revision`` / ``revision_for_version``: keep and find revisions;
- ``diff``: what changed between two snapshots, in editors' words;
- ``apply_snapshot``: bring a snapshot's words back (never whether the story is public).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .models import Article, Byline, Person, PhotoCaption, Quote, Revision, RightsNotice

SNAPSHOT_FORMAT = 1
ARTICLE_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline",
    "source",
    "source_identifier",
    "status",
    "published_at",
    "embargo_until",
    "withdrawn_at",
    "withdrawal_reason",
)
# What a restore brings back: the words. Status, publication, embargo and withdrawal times
# decide whether readers see the story, and restoring never changes that.
RESTORED_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "body",
    "dateline",
    "source",
    "source_identifier",
    "withdrawal_reason",
)
BYLINE_FIELDS = ("role", "location", "title", "position")
QUOTE_FIELDS = ("speaker_title", "text", "is_partial", "is_pull_quote", "position")
PHOTO_FIELDS = ("caption", "credit", "alt_text", "is_lead", "position")


# -- snapshots ---------------------------------------------------------------


def _stored(field: models.Field, obj: models.Model):
    """A field's value as JSON data that ``field.to_python`` turns back into the value."""
    value = field.value_from_object(obj)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, datetime):
        # To the second, as the admin form shows and posts it back: a form save must not
        # look like a change of the publication time.
        return value.replace(microsecond=0).isoformat()
    return field.value_to_string(obj)


def _row(obj: models.Model, names: tuple[str, ...]) -> dict:
    return {name: _stored(obj._meta.get_field(name), obj) for name in names}


def snapshot(article: Article) -> dict:
    """The whole story as JSON data, in a stable order: equal stories, equal snapshots."""
    notice = article.rights_notice if article.rights_notice_id else None
    data = {"format": SNAPSHOT_FORMAT, **_row(article, ARTICLE_FIELDS)}
    data["rights_notice"] = article.rights_notice_id
    data["rights_notice_text"] = notice.notice if notice else ""
    # Fresh queries, not a prefetch cache that predates the save being recorded.
    data["tags"] = sorted(article.tags.names())
    data["bylines"] = [
        {
            "id": byline.pk,
            "person_id": byline.person_id,
            "person": byline.person.name,
            **_row(byline, BYLINE_FIELDS),
        }
        for byline in Byline.objects.filter(article=article).select_related("person")
    ]
    data["quotes"] = [
        {
            "id": quote.pk,
            "speaker_id": quote.speaker_id,
            "speaker": quote.speaker.name,
            **_row(quote, QUOTE_FIELDS),
        }
        for quote in Quote.objects.filter(article=article).select_related("speaker")
    ]
    data["photos"] = [
        {
            "id": photo.pk,
            "image": photo.image.name or "",
            "photographer_id": photo.photographer_id,
            "photographer": photo.photographer.name if photo.photographer else "",
            **_row(photo, PHOTO_FIELDS),
        }
        for photo in PhotoCaption.objects.filter(article=article).select_related("photographer")
    ]
    return data


def _user_name(user) -> str:
    if user is None or not user.is_authenticated:
        return ""
    return user.get_full_name() or user.get_username()


def record_revision(*, article: Article, user=None, action: str) -> Revision | None:
    """Keep the story as it is now, unless it equals the latest revision (then ``None``)."""
    snap = snapshot(article)
    latest = article.revisions.order_by("-version", "-pk").only("snapshot").first()
    if latest is not None and latest.snapshot == snap:
        return None
    # The version in the database, not the one this instance was loaded with.
    version = Article.objects.filter(pk=article.pk).values_list("version", flat=True).get()
    return Revision.objects.create(
        article=article,
        version=version,
        user=user if user is not None and user.is_authenticated else None,
        user_name=_user_name(user),
        action=action,
        snapshot=snap,
    )


def revision_for_version(article: Article, version: int) -> Revision | None:
    """What an editor who loaded ``version`` of the story saw: the latest revision up to it."""
    return article.revisions.filter(version__lte=version).order_by("-version", "-pk").first()


# -- diff ----------------------------------------------------------------------

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


@dataclass(frozen=True)
class Segment:
    """A run of text that both versions share (equal), or only the new or the old one has."""

    kind: str  # EQUAL, INSERTED or DELETED
    text: str


@dataclass(frozen=True)
class Change:
    """One change between two revisions, labelled as the form labels it."""

    label: str
    kind: str = CHANGED  # ADDED, REMOVED or CHANGED
    old: str = ""
    new: str = ""
    segments: tuple[Segment, ...] = ()  # word by word, for text
    details: tuple[Change, ...] = ()  # the fields that changed in a byline, quote or photo
    added: tuple[str, ...] = ()  # tags
    removed: tuple[str, ...] = ()


class _Segments:
    """Collects segments, joining neighbours of the same kind."""

    def __init__(self):
        self.items: list[Segment] = []

    def add(self, kind: str, text: str) -> None:
        if not text:
            return
        if self.items and self.items[-1].kind == kind:
            self.items[-1] = Segment(kind, self.items[-1].text + text)
        else:
            self.items.append(Segment(kind, text))


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


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
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


# -- restoring -------------------------------------------------------------------


def restore_problems(article: Article, snap: dict) -> list[str]:
    """What stops ``snap`` from being restored into ``article``, in editors' words."""
    problems = []
    if article.status == Article.Status.PUBLISHED and snap.get("rights_notice") is None:
        problems.append(
            _("That revision has no rights notice, and a published story must print one.")
        )
    source, identifier = snap.get("source", ""), snap.get("source_identifier", "")
    clash = Article.objects.filter(source=" ".join(source.split()), source_identifier=identifier)
    if identifier and clash.exclude(pk=article.pk).exists():
        problems.append(
            _("Another story now carries the agency ID “%(id)s” from %(source)s.")
            % {"id": identifier, "source": source}
        )
    return problems


def _people(rows: list[dict], key: str) -> dict[int, Person]:
    """The people ``rows`` point at, by id; one deleted since is found or recreated by name."""
    ids = {row[f"{key}_id"] for row in rows if row.get(f"{key}_id")}
    people = Person.objects.in_bulk(ids)
    for row in rows:
        person_id, name = row.get(f"{key}_id"), row.get(key) or ""
        if person_id and person_id not in people and name:
            people[person_id] = Person.objects.filter(name__iexact=name).order_by(
                "pk"
            ).first() or Person.objects.create(name=name)
    return people


def _notice(snap: dict) -> RightsNotice | None:
    """The snapshot's rights notice; one deleted since is found by its words or recreated."""
    notice_id, text = snap.get("rights_notice"), snap.get("rights_notice_text") or ""
    if notice_id is None:
        return None
    notice = RightsNotice.objects.filter(pk=notice_id).first()
    if notice is None and text:
        fingerprint = RightsNotice.fingerprint_of(text)
        notice = RightsNotice.objects.filter(fingerprint=fingerprint).first()
        notice = notice or RightsNotice.objects.create(notice=text)
    return notice


def _free_ids(model, rows: list[dict], article: Article) -> set[int]:
    """Ids of ``rows`` that no other story's row has taken since (a recreated row keeps its id)."""
    ids = {row["id"] for row in rows}
    taken = model.objects.filter(pk__in=ids).exclude(article=article).values_list("pk", flat=True)
    return ids - set(taken)


def _restore_bylines(article: Article, rows: list[dict]) -> None:
    # Rewritten as a whole: updating in place could collide with the one-role-per-person
    # constraint half way (two bylines swapping roles), and nothing points at a byline.
    Byline.objects.filter(article=article).delete()
    people, free = _people(rows, "person"), _free_ids(Byline, rows, article)
    Byline.objects.bulk_create(
        Byline(
            pk=row["id"] if row["id"] in free else None,
            article=article,
            person=people[row["person_id"]],
            **{name: row[name] for name in BYLINE_FIELDS},
        )
        for row in rows
        if row["person_id"] in people
    )


def _restore_rows(article: Article, model, rows: list[dict], fill) -> None:
    """Update rows by id, recreate the deleted ones, delete the ones added since."""
    current = model.objects.filter(article=article)
    current.exclude(pk__in=[row["id"] for row in rows]).delete()
    existing = current.in_bulk()
    free = _free_ids(model, rows, article)
    for row in rows:
        obj = existing.get(row["id"])
        if obj is None:
            obj = model(pk=row["id"] if row["id"] in free else None, article=article)
        fill(obj, row)
        obj.save()


def _restore_quotes(article: Article, rows: list[dict]) -> None:
    people = _people(rows, "speaker")

    def fill(quote: Quote, row: dict) -> None:
        quote.speaker = people[row["speaker_id"]]
        for name in QUOTE_FIELDS:
            setattr(quote, name, row[name])

    _restore_rows(article, Quote, [row for row in rows if row["speaker_id"] in people], fill)


def _restore_photos(article: Article, rows: list[dict]) -> None:
    people = _people(rows, "photographer")
    storage = PhotoCaption._meta.get_field("image").storage
    # The one-lead-photo constraint must hold after every single row's save.
    PhotoCaption.objects.filter(article=article).update(is_lead=False)

    def fill(photo: PhotoCaption, row: dict) -> None:
        name = row.get("image") or ""
        if photo.image.name != name:
            # A file that is gone leaves the caption without a picture, not a broken one.
            photo.image = name if name and storage.exists(name) else ""
        photo.photographer = people.get(row.get("photographer_id"))
        for field_name in PHOTO_FIELDS:
            setattr(photo, field_name, row[field_name])

    _restore_rows(article, PhotoCaption, rows, fill)


def restored_snapshot(current: dict, snap: dict) -> dict:
    """The snapshot a restore of ``snap`` would give a story now at ``current``."""
    kept = {name: current.get(name) for name in ARTICLE_FIELDS if name not in RESTORED_FIELDS}
    return {**snap, **kept}


def apply_snapshot(article: Article, snap: dict) -> None:
    """Bring back the story's words, parts and tags from ``snap``; its status stays as it is."""
    for name in RESTORED_FIELDS:
        setattr(article, name, snap.get(name, ""))
    slug_taken = Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists()
    if slug_taken or not article.slug:
        # Another story took the address since: keep the one the story has now.
        article.slug = Article.objects.filter(pk=article.pk).values_list("slug", flat=True).get()
    article.rights_notice = _notice(snap)
    article.save()
    _restore_bylines(article, snap.get("bylines", []))
    _restore_quotes(article, snap.get("quotes", []))
    _restore_photos(article, snap.get("photos", []))
    article.tags.set(snap.get("tags", []))
