"""Fetch the picture an agency item points at (ninjs renditions, NITF media references).

Off unless the operator names the hosts it may fetch from
(``NEWSROOM_WIRE_PHOTO_HOSTS``): the importer must not become a way to make the
server request arbitrary addresses. A fetch follows no redirect to another host,
gives up after ``NEWSROOM_WIRE_PHOTO_TIMEOUT`` seconds, reads at most
``NEWSROOM_MAX_PHOTO_BYTES`` and keeps only what Pillow recognises as a JPEG,
PNG, WebP or GIF. Every refusal is a ``PhotoNotFetched`` in editors' words; the
caption is stored either way and the editor can upload the file by hand.

Fetching is a job (queue ``media``) the import records with the story: a slow picture
host never holds an import, the admin's or the command line's. A refusal is kept on the
photo (``fetch_problem``) for the editor; a host that does not answer is tried again.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ..jobs import outbox, registry
from ..models import PhotoCaption

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
CHUNK = 64 * 1024


class PhotoNotFetched(Exception):
    """Why the picture was not fetched, in editors' words."""


class PhotoHostFailed(PhotoNotFetched):
    """The host did not answer or broke off: worth trying again later."""


def allowed_hosts() -> set[str]:
    hosts = getattr(settings, "NEWSROOM_WIRE_PHOTO_HOSTS", ())
    return {host.strip().lower() for host in hosts if host.strip()}


def fetching_enabled() -> bool:
    return bool(allowed_hosts())


def _check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise PhotoNotFetched(_("%(url)s is not a web address.") % {"url": url[:200]})
    if parts.hostname.lower() not in allowed_hosts():
        raise PhotoNotFetched(
            _("%(host)s is not one of the hosts pictures may be fetched from.")
            % {"host": parts.hostname}
        )


class _SameHostsRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_photo(url: str) -> ContentFile:
    """The picture at ``url`` as a file to save, or ``PhotoNotFetched`` saying why not."""
    _check_address(url)
    limit = settings.NEWSROOM_MAX_PHOTO_BYTES
    opener = urllib.request.build_opener(_SameHostsRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": "Newsroom wire importer"})
    timeout = getattr(settings, "NEWSROOM_WIRE_PHOTO_TIMEOUT", 10)
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise PhotoNotFetched(_too_large(int(declared), limit))
            data = bytearray()
            while chunk := response.read(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise PhotoNotFetched(_too_large(len(data), limit))
    except PhotoNotFetched:
        raise
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        refused = isinstance(error, urllib.error.HTTPError) and 400 <= error.code < 500
        raise (PhotoNotFetched if refused else PhotoHostFailed)(
            _("%(url)s could not be fetched (%(reason)s).") % {"url": url[:200], "reason": reason}
        ) from error
    return ContentFile(bytes(data), name=f"wire.{_image_format(bytes(data), url)}")


def _too_large(size: int, limit: int) -> str:
    return _("The picture is %(size)s; at most %(limit)s is fetched.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


def _image_format(data: bytes, url: str) -> str:
    """The file's real format (not the address's ending); anything else is refused."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise PhotoNotFetched(
            _("%(url)s is not a picture Newsroom can use.") % {"url": url[:200]}
        ) from error
    if kind not in FORMATS:
        raise PhotoNotFetched(
            _("%(url)s is a %(kind)s file; only JPEG, PNG, WebP and GIF are used.")
            % {"url": url[:200], "kind": kind}
        )
    return FORMATS[kind]


# -- the job ----------------------------------------------------------------------------------

FETCH_PHOTOS = "wire.fetch_photos"


def ask_for_photos(article_id: int, *, using: str) -> None:
    """In the import's transaction: fetch the story's pictures once it is stored."""
    if fetching_enabled():
        outbox.enqueue(
            FETCH_PHOTOS,
            {"article": article_id},
            dedupe_key=f"{FETCH_PHOTOS}:{article_id}",
            using=using,
        )


@registry.job(FETCH_PHOTOS, queue=registry.MEDIA, lease=120, max_attempts=6)
def fetch_photos(payload: dict) -> None:
    """Every picture of the story that has an address and no file yet."""
    waiting = PhotoCaption.objects.filter(article_id=payload["article"], image="").exclude(
        source_url=""
    )
    retry = []
    for photo in waiting:
        try:
            picture = fetch_photo(photo.source_url)
        except PhotoNotFetched as refusal:
            _keep_problem(photo, str(refusal))
            if isinstance(refusal, PhotoHostFailed):
                retry.append(str(refusal))
            continue
        with transaction.atomic():
            current = PhotoCaption.objects.select_for_update().filter(pk=photo.pk).first()
            if current is not None and not current.image:  # nobody uploaded one meanwhile
                current.fetch_problem = ""
                current.image.save(picture.name, picture, save=True)
    if retry:
        raise PhotoHostFailed(" ".join(retry))


def _keep_problem(photo: PhotoCaption, problem: str) -> None:
    if photo.fetch_problem != problem:
        photo.fetch_problem = problem
        photo.save(update_fields=["fetch_problem"])
