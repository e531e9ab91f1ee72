"""A textarea's form field that reads browser line endings (``\\r\\n``) as ``\\n``.

The models store ``\\n`` (``articles.models.text``); reading the posted text the same way
means an unchanged textarea is not a changed field, so the admin's history does not say
“Changed Body.” for a save that changed nothing.
"""

from __future__ import annotations

from django import forms

from ..models.text import normalise_newlines


class TextareaField(forms.CharField):
    def to_python(self, value):
        return normalise_newlines(super().to_python(value))


# For ``formfield_overrides``: every model TextField edited through this field class.
TEXT_FIELD_OVERRIDE = {"form_class": TextareaField}
