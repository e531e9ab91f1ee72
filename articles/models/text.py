"""One rule for every stored text: ``\\n`` line endings and no characters a page, feed or
export could not carry.

Browsers post a textarea with ``\\r\\n`` line endings; stored as sent, every save of an
unchanged form would look like a change of the body (and make a new revision).

Control characters other than tab and newline (ESC, BEL, NUL ...), lone surrogates and
Unicode noncharacters are invalid in XML 1.0 and HTML, and PostgreSQL refuses NUL: one
such character in a headline would break every feed and sitemap that lists the story.
They carry no meaning in copy, so they are removed on the way in — on every save (a
``pre_save`` receiver, see ``apps``), in the admin's form fields and in the wire store.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass

from django.db import models

# C0 controls but tab and newline (CR is turned into a newline first), DEL and C1 controls,
# lone surrogates, and the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane.
_REFUSED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> str:
    """``text`` as it is stored: ``\\n`` line endings, no refused characters."""
    return _REFUSED.sub("", normalise_newlines(text))


def needs_cleaning(text: str) -> bool:
    return "\r" in text or _REFUSED.search(text) is not None


def normalise_text_fields(instance: models.Model) -> None:
    """Clean every text (and char) field of ``instance`` in place."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str) and needs_cleaning(value):
            setattr(instance, field.attname, clean_text(value))


def clean_dataclass_text(value):
    """Every string in a (nested) dataclass, list of them, or string, cleaned in place.

    For the wire importers' plain structures, whose parts are written with
    ``bulk_create`` (which sends no ``pre_save``)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        value[:] = [clean_dataclass_text(item) for item in value]
        return value
    if is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            setattr(value, item.name, clean_dataclass_text(getattr(value, item.name)))
    return value


def clean_on_save(sender, instance, raw=False, **kwargs) -> None:
    """``pre_save`` receiver: the rule above for every model of the newsroom and for tags."""
    normalise_text_fields(instance)
