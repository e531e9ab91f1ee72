"""One line-ending convention for every stored text: ``\\n``.

Browsers post a textarea with ``\\r\\n`` line endings; stored as sent, every save of an
unchanged form would look like a change of the body (and make a new revision).
"""

from __future__ import annotations

from django.db import models


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_text_fields(instance: models.Model) -> None:
    """Normalise the line endings of every text (and char) field of ``instance`` in place."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and "\r" in value:
            setattr(instance, field.attname, normalise_newlines(value))
