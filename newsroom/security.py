"""Login throttling (django-axes) wired to this deployment: client address and backend.

Failed admin logins are counted per username *and* client address: guessing an
editor's password from one address is stopped after a few tries, while the editor
can still sign in from their own address (a lock on the name alone would let
anyone lock any editor out).
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def client_ip(request) -> str | None:
    """The reader's address: ``REMOTE_ADDR``, or, behind ``NEWSROOM_TRUSTED_PROXIES``
    proxies, the address the outermost trusted proxy saw (``X-Forwarded-For`` counted from
    the right, since a client can prepend anything it likes on the left)."""
    hops = settings.NEWSROOM_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= hops:
            return addresses[-hops]
    return request.META.get("REMOTE_ADDR")


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check before every login through a request (the admin login form).

    ``authenticate()`` without a request (a shell, a command, ``Client.login`` in tests)
    is not an attempt from the network, so it is not counted: axes alone would refuse it.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
