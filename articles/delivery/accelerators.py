"""Purging the HTTP accelerators (Varnish with xkey) by surrogate key.

``NEWSROOM_PURGE_URLS`` lists them (``http://127.0.0.1:6081/``, comma separated); empty
means there is none. One ``PURGE`` request per batch of keys, carrying an ``xkey-purge``
header. This is the one place to change for another accelerator: a Fastly or Cloudflare
sender replaces the request ``send`` builds (``docs/caching.md``). Retries are the job's
(``articles.delivery.purging``): a purge that fails is tried again by the worker until
it lands, however long the accelerator is away.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

KEYS_PER_REQUEST = 100  # an xkey-purge header stays well under Varnish's 8 kB limit
TIMEOUT = 2.0


class PurgeFailed(Exception):
    """An accelerator did not confirm a purge (the job is retried)."""


def urls() -> list[str]:
    return settings.NEWSROOM_PURGE_URLS


def configured() -> bool:
    return bool(urls())


def send(url: str, keys) -> None:
    """Purge ``keys`` at one accelerator; ``PurgeFailed`` unless every request succeeded."""
    ordered = sorted(keys)
    for start in range(0, len(ordered), KEYS_PER_REQUEST):
        header = " ".join(ordered[start : start + KEYS_PER_REQUEST])
        request = urllib.request.Request(url, method="PURGE", headers={"xkey-purge": header})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                if not 200 <= response.status < 300:
                    raise PurgeFailed(f"{url} answered HTTP {response.status}")
        except (urllib.error.URLError, OSError) as error:
            raise PurgeFailed(f"{url} did not answer the purge: {error}") from error


def purge(keys) -> None:
    """Purge ``keys`` at every accelerator (each is told, even when an earlier one failed)."""
    problems = []
    for url in urls():
        try:
            send(url, keys)
        except PurgeFailed as problem:
            problems.append(str(problem))
    if problems:
        logger.info("Purge failed, retried by the worker: %s", "; ".join(problems))
        raise PurgeFailed("; ".join(problems))
