"""A Content-Security-Policy for the reader site, and a Permissions-Policy everywhere.

Reader pages run one script of our own and load nothing from elsewhere, so a
strict policy costs nothing and stops injected markup from running or
phoning home. The admin keeps Django's own behaviour.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def reader_policy() -> str:
    """The policy, allowing photos from MEDIA_URL's host when media lives elsewhere."""
    image_sources = " ".join(filter(None, ["'self'", "data:", _origin(settings.MEDIA_URL)]))
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src {image_sources}",
            "script-src 'self'",
            "style-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = reader_policy()
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.admin_prefix):
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


# Browser features no page of ours uses: denied, so injected or framed code cannot ask.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response, the admin's included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
