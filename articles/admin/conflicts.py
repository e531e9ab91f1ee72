"""When two editors save the same story: refuse the second save, merge, let them check.

The change form carries the story's version and, signed, the state it was
rendered from (``base``). A save whose version is no longer the story's is
refused (``articles.desk.versioning``); instead of the editor's input being lost or
the other editor's change being overwritten, the form comes back with a
three-way merge of what was posted:

- a field (or a part's field) the refused editor did not touch takes the
  current value, so the other editor's change is kept;
- a field the refused editor changed keeps their input; where both changed it,
  theirs is kept too and the field is named in the message, to check by hand;
- parts (bylines, quotes, photos) the other editor added appear; parts they
  deleted go, unless the refused editor had edited them (then they come back as
  new rows); parts the refused editor added or deleted stay so.

The merge works on the posted form data itself, so the page is Django's own
change form, bound to the merged data, with the current version: saving it
again applies the editor's change on top of the other one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.utils import flatten
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.http import QueryDict
from django.utils.translation import gettext as _

from ..models import Article
from .inlines import BylineInline, PhotoForm, QuoteInline

SALT = "articles.admin.conflicts.base"
# The model fields the change form edits; a part's fields are its inline form's (read from
# the inlines, so the merge follows them). A picture file cannot be merged: it is re-chosen.
PART_FIELDS = {
    "bylines": flatten(BylineInline.fields),
    "quotes": flatten(QuoteInline.fields),
    "photos": [name for name in PhotoForm.Meta.fields if name != "image"],
}
IGNORED = {"opened_version", "base_state", "new_tags"}


# -- the state a form was rendered from ---------------------------------------------


def state_of(article: Article) -> dict:
    """The story's editable values, as plain data, for a later three-way merge."""
    fields = {}
    for model_field in Article._meta.concrete_fields:
        if model_field.editable and not model_field.primary_key:
            fields[model_field.name] = model_field.value_from_object(article)
    parts = {}
    for prefix, names in PART_FIELDS.items():
        rows = {}
        for row in getattr(article, prefix).all():
            rows[str(row.pk)] = {
                name: row._meta.get_field(name).value_from_object(row) for name in names
            }
        parts[prefix] = rows
    return {
        "id": article.pk,
        "version": article.version,
        "fields": fields,
        "tags": sorted(article.tags.values_list("pk", flat=True)),
        "parts": parts,
    }


class _StateSerializer(signing.JSONSerializer):
    """JSON with dates and times (as ISO text)."""

    def dumps(self, obj):
        return json.dumps(obj, cls=DjangoJSONEncoder, separators=(",", ":")).encode("latin-1")


def sign_state(state: dict) -> str:
    return signing.dumps(state, salt=SALT, compress=True, serializer=_StateSerializer)


def read_state(signed: str) -> dict | None:
    """The signed state back as values (dates parsed), or None when missing or tampered."""
    try:
        state = signing.loads(signed or "", salt=SALT, serializer=_StateSerializer)
    except (signing.BadSignature, ValueError):
        return None
    fields = state.get("fields", {})
    for model_field in Article._meta.concrete_fields:
        if model_field.name in fields and fields[model_field.name] is not None:
            fields[model_field.name] = model_field.to_python(fields[model_field.name])
    return state


# -- values as a browser would post them --------------------------------------------


def _unwrap(widget):
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def _text(widget, value) -> str:
    if value is None:
        return ""
    formatted = widget.format_value(value)
    if isinstance(formatted, list):  # choice widgets format to a list of selected values
        formatted = formatted[0] if formatted else ""
    return "" if formatted is None else str(formatted)


def posted_form(form_field: forms.Field, name: str, value) -> dict[str, list[str]]:
    """``value`` as the data a browser posts for ``form_field`` named ``name``."""
    widget = _unwrap(form_field.widget)
    if isinstance(widget, forms.FileInput):
        return {}
    if isinstance(widget, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else widget.decompress(value)
        return {
            f"{name}{suffix}": [_text(sub, part)]
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False)
        }
    value = form_field.prepare_value(value)
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"] if value else []}
    if getattr(widget, "allow_multiple_selected", False):
        return {name: sorted(str(v) for v in value or [])}
    return {name: [_text(widget, value)]}


def _normal(data: dict[str, list[str]]) -> dict[str, list[str]]:
    """Compare posted data as a reader would: line endings and outer spaces aside."""
    out = {}
    for key, values in data.items():
        cleaned = [" ".join(v.replace("\r\n", "\n").split("\n")).strip() for v in values]
        cleaned = [v for v in cleaned if v != ""] if len(cleaned) != 1 else cleaned
        out[key] = sorted(cleaned) if len(cleaned) > 1 else cleaned
    return out


def _same(a: dict, b: dict) -> bool:
    return _normal(a) == _normal(b)


def _mine(post: QueryDict, keys) -> dict[str, list[str]]:
    return {key: post.getlist(key) for key in keys}


# -- the merge ---------------------------------------------------------------------


@dataclass
class Merge:
    """What the merge did, for the message on the conflict page."""

    data: QueryDict
    theirs: list[str] = field(default_factory=list)  # fields taken from the other editor
    both: list[str] = field(default_factory=list)  # changed by both: the editor's input kept
    notes: list[str] = field(default_factory=list)


def _three_way(fields: dict[str, forms.Field], post, merged: dict, base, current, *, names, label):
    """Merge one form's fields; ``names`` maps a field name to its posted name."""
    for name, form_field in fields.items():
        if name in IGNORED or name not in base or name not in current:
            continue
        key = names(name)
        base_data = posted_form(form_field, key, base[name])
        current_data = posted_form(form_field, key, current[name])
        mine = _mine(post, base_data)
        if _same(current_data, base_data):
            continue
        if _same(mine, base_data):
            merged.update(current_data)
            yield "theirs", label(name, form_field)
        elif not _same(mine, current_data):
            yield "both", label(name, form_field)


def merge_post(*, post: QueryDict, form_class, formsets, base: dict, current: dict) -> Merge:
    """The editor's posted form merged onto the story as it is now (see the module's doc)."""
    merged: dict[str, list[str]] = dict(post.lists())
    result = Merge(data=QueryDict(mutable=True))

    def field_label(name, form_field):
        return str(form_field.label or name)

    base_fields = {**base["fields"], "existing_tags": base["tags"]}
    current_fields = {**current["fields"], "existing_tags": current["tags"]}
    for kind, label in _three_way(
        form_class.base_fields,
        post,
        merged,
        base_fields,
        current_fields,
        names=lambda name: name,
        label=field_label,
    ):
        getattr(result, kind).append(label)

    for formset in formsets:
        _merge_part(formset, post, merged, base, current, result)

    merged["opened_version"] = [str(current["version"])]
    for key, values in merged.items():
        result.data.setlist(key, values)
    return result


def _merge_part(formset, post, merged, base, current, result: Merge) -> None:
    prefix = formset.get_default_prefix()
    if prefix not in PART_FIELDS:
        return
    part_label = str(formset.model._meta.verbose_name)
    form_fields = formset.form.base_fields
    try:
        total = int(post.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        return
    base_rows = base["parts"].get(prefix, {})
    current_rows = current["parts"].get(prefix, {})
    fk_name = formset.fk.name

    def row_data(i):
        start = f"{prefix}-{i}-"
        return {key[len(start) :]: post.getlist(key) for key in post if key.startswith(start)}

    existing, added, new, seen = [], [], [], set()
    for i in range(total):
        row = row_data(i)
        for key in list(merged):
            if key.startswith(f"{prefix}-{i}-"):
                del merged[key]
        pk = (row.get("id") or [""])[0]
        if not pk:
            new.append(row)
            continue
        seen.add(pk)
        if pk not in current_rows:
            base_row = base_rows.get(pk, {})
            edited = any(
                not _same(_mine(_Rows(row), data), data)
                for name, form_field in form_fields.items()
                if name in base_row
                for data in [posted_form(form_field, name, base_row[name])]
            )
            if edited and "DELETE" not in row:
                row["id"] = [""]
                new.append(row)
                result.notes.append(
                    _("A %(part)s you edited was deleted meanwhile: yours is kept as a new one.")
                    % {"part": part_label}
                )
            else:
                result.notes.append(_("A %(part)s was deleted meanwhile.") % {"part": part_label})
            continue
        if pk in base_rows:
            local: dict[str, list[str]] = {}
            for kind, label in _three_way(
                form_fields,
                _Rows(row),
                local,
                base_rows[pk],
                current_rows[pk],
                names=lambda name: name,
                label=lambda name, f: f"{part_label}: {f.label or name}",
            ):
                getattr(result, kind).append(label)
            row.update(local)
        existing.append(row)
    for pk, values in current_rows.items():
        if pk in seen or pk in base_rows:
            continue
        row = {"id": [pk], fk_name: [str(current["id"])]}
        for name, form_field in form_fields.items():
            if name in values:
                row.update(posted_form(form_field, name, values[name]))
        added.append(row)
        result.notes.append(_("A %(part)s was added meanwhile.") % {"part": part_label})

    rows = existing + added + new
    for i, row in enumerate(rows):
        for key, values in row.items():
            merged[f"{prefix}-{i}-{key}"] = values
    merged[f"{prefix}-TOTAL_FORMS"] = [str(len(rows))]
    merged[f"{prefix}-INITIAL_FORMS"] = [str(len(existing) + len(added))]


class _Rows:
    """One posted row's data with the QueryDict interface ``_mine`` uses."""

    def __init__(self, row: dict[str, list[str]]):
        self.row = row

    def getlist(self, key):
        return self.row.get(key, [])
