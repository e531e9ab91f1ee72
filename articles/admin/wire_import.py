"""The admin's “Import wire copy” page: paste or upload, check the parsed parts, confirm.

The preview keeps the raw input in the session under a one-time token; the
confirm step parses that input again and stores it. Parsed parts never travel
through the browser, so nothing an editor's browser re-posts is trusted.
"""

from __future__ import annotations

import base64
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..wire.detect import MAX_BYTES, parse
from ..wire.preview import story_parts
from ..wire.store import CREATED, REFUSED, UNCHANGED, UPDATED, WITHDRAWN, store_story
from ..wire.text_reader import decode_bytes
from ..wire.wire_story import WireError

SESSION_KEY = "wire_import"
MAX_FILES = 20
MAX_TOTAL_BYTES = 2 * MAX_BYTES  # the input waits in the session between preview and confirm
FORMATS = [
    ("auto", gettext_lazy("Recognise it")),
    ("text", gettext_lazy("Plain text")),
    ("ninjs", gettext_lazy("ninjs (JSON)")),
    ("nitf", gettext_lazy("NITF (XML)")),
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ImportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Paste wire copy"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90, "spellcheck": "false"}),
    )
    files = MultipleFileField(
        label=gettext_lazy("…or upload files"),
        required=False,
        allow_empty_file=True,  # the preview says which file is empty
        help_text=gettext_lazy("Plain text, ninjs (.json) or NITF (.xml); several at once."),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=FORMATS, initial="auto")

    def clean(self):
        cleaned = super().clean()
        files = cleaned.get("files") or []
        if not (cleaned.get("text") or "").strip() and not files:
            raise ValidationError(_("Paste the copy or choose a file to import."))
        if len(files) > MAX_FILES:
            raise ValidationError(_("Import at most %(n)d files at a time.") % {"n": MAX_FILES})
        if sum(upload.size for upload in files) > MAX_TOTAL_BYTES:
            raise ValidationError(
                _("Import at most %(max)d MB at a time: choose fewer files.")
                % {"max": MAX_TOTAL_BYTES // (1024 * 1024)}
            )
        for upload in files:
            if upload.size > MAX_BYTES:
                raise ValidationError(
                    _("“%(name)s” is %(size).1f MB: wire copy is at most %(max)d MB.")
                    % {
                        "name": upload.name,
                        "size": upload.size / (1024 * 1024),
                        "max": MAX_BYTES // (1024 * 1024),
                    }
                )
        return cleaned

    def inputs(self) -> list[tuple[str, bytes]]:
        """(name, raw bytes) for the pasted text and every uploaded file."""
        found = []
        text = self.cleaned_data.get("text") or ""
        if text.strip():
            found.append((_("pasted text"), text.encode("utf-8")))
        for upload in self.cleaned_data.get("files") or []:
            found.append((upload.name, b"".join(upload.chunks())))
        return found


def _display(data: bytes) -> list[str]:
    """The input as lines for the preview, decoded the way the text parser decodes it."""
    try:
        text = decode_bytes(data)
    except WireError:
        text = data.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _preview(name: str, data: bytes, fmt: str, user) -> dict:
    item = {"name": name, "lines": _display(data)}
    try:
        story = parse(data, format=fmt, filename=name)
        # As the user who will confirm it: a kill notice previewed by a reporter says it
        # will be refused, not that the story will be withdrawn.
        item["result"] = store_story(story, dry_run=True, user=user)
    except WireError as error:
        item["error"] = error
        return item
    except (ValidationError, DatabaseError) as error:
        item["error"] = WireError(_("It could not be stored: %(e)s") % {"e": error})
        return item
    item["parts"] = story_parts(story)
    return item


def import_wire_view(request, *, model_admin):
    """Preview pasted or uploaded wire copy, then store it as drafts on confirmation."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    opts = model_admin.model._meta
    here = reverse("admin:articles_article_import")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": opts,
        "title": _("Import wire copy"),
        "has_view_permission": model_admin.has_view_permission(request),
    }
    pending = request.session.get(SESSION_KEY, {})

    if request.method == "POST" and "token" in request.POST:
        entry = pending.pop(request.POST["token"], None)
        request.session[SESSION_KEY] = pending
        if entry is None:
            messages.error(request, _("This preview has expired: paste or upload the copy again."))
            return HttpResponseRedirect(here)
        return _confirm(request, model_admin, entry)

    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["format"]
        inputs = form.inputs()
        items = [_preview(name, data, fmt, request.user) for name, data in inputs]
        context["items"] = items
        if any("parts" in item for item in items):
            token = secrets.token_urlsafe(16)
            # Keep a few previews at most: an abandoned one should not grow the session.
            pending = dict(list(pending.items())[-2:])
            pending[token] = {
                "format": fmt,
                "inputs": [
                    [name, base64.b64encode(data).decode("ascii")]
                    for (name, data), item in zip(inputs, items, strict=True)
                    if "parts" in item
                ],
            }
            request.session[SESSION_KEY] = pending
            context["token"] = token
    context["form"] = form
    return TemplateResponse(request, "admin/articles/import_wire.html", context)


def _confirm(request, model_admin, entry: dict):
    stored = []
    for name, encoded in entry["inputs"]:
        try:
            story = parse(base64.b64decode(encoded), format=entry["format"], filename=name)
            result = store_story(story, user=request.user)
        except WireError as error:
            messages.error(request, f"{name}: {error}")
            continue
        except (ValidationError, DatabaseError) as error:
            messages.error(
                request, _("%(name)s could not be stored: %(e)s") % {"name": name, "e": error}
            )
            continue
        level = {REFUSED: messages.WARNING, UNCHANGED: messages.INFO}.get(
            result.action, messages.SUCCESS
        )
        messages.add_message(request, level, result.message)
        for warning in result.warnings:
            messages.warning(request, f"{result.article}: {warning}")
        if result.action == CREATED:
            model_admin.log_addition(request, result.article, [{"added": {}}])
        elif result.action in (UPDATED, WITHDRAWN):
            model_admin.log_change(request, result.article, result.message)
        if result.article is not None:
            stored.append(result.article)
    if len(stored) == 1:
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[stored[0].pk]))
    return HttpResponseRedirect(reverse("admin:articles_article_changelist"))
