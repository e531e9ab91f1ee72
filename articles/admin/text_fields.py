"""A textarea's form field that reads browser line endings (``\\r\\n``) as ``\\n``
and drops the characters no stored text keeps (``articles.models.text``).

The models store ``\\n``; reading the posted text the same way
means an unchanged textarea is not a changed field, so the admin's history does not say
“Changed Body.” for a save that changed nothing.
"""

from __future__ import annotations

from django import forms

from ..models.text import clean_text


class TextareaField(forms.CharField):
    def to_python(self, value):
        return clean_text(super().to_python(value))


# For ``formfield_overrides``: every model TextField edited through this field class.
TEXT_FIELD_OVERRIDE = {"form_class": TextareaField}
