"""Read an admin change form the way a browser submits it, for tests that post it back."""

from __future__ import annotations

import html5lib

NS = "{http://www.w3.org/1999/xhtml}"


def form_data(response, form_id: str = "article_form") -> dict[str, list[str]]:
    """What the browser would post for the form, unchanged (file inputs and buttons aside)."""
    tree = html5lib.parse(response.content.decode(), namespaceHTMLElements=True)
    form = next(f for f in tree.iter(f"{NS}form") if f.get("id") == form_id)
    data: dict[str, list[str]] = {}

    def add(name, value):
        if name and "__prefix__" not in name:
            data.setdefault(name, []).append(value)

    for element in form.iter():
        tag = element.tag.replace(NS, "")
        name = element.get("name")
        if tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                continue
            if kind in {"checkbox", "radio"}:
                if element.get("checked") is not None:
                    add(name, element.get("value", "on"))
                continue
            add(name, element.get("value", ""))
        elif tag == "textarea":
            # Browsers drop the newline that follows <textarea> and send CRLF line endings.
            add(name, (element.text or "").replace("\r\n", "\n").replace("\n", "\r\n"))
        elif tag == "select":
            for option in element.iter(f"{NS}option"):
                if option.get("selected") is not None:
                    add(name, option.get("value", option.text or ""))
    return data


def changed(data: dict[str, list[str]], values: dict) -> dict[str, list[str]]:
    """``data`` with some fields set (a value or a list of values)."""
    out = {key: list(value) for key, value in data.items()}
    for key, value in values.items():
        out[key] = value if isinstance(value, list) else [str(value)]
    return out
