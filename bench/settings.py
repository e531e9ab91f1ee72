"""Settings for the page benchmark: the real settings plus the ceiling view's URL."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STORAGES["staticfiles"] = {  # noqa: F405 - pages link static files; no collectstatic here
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
STATIC_ROOT = BASE_DIR / "static"  # noqa: F405 - whitenoise serves the sources as they are
SECURE_SSL_REDIRECT = False  # wrk speaks plain HTTP on loopback
BENCH_CEILING_DIR = os.environ.get("BENCH_CEILING_DIR", "/tmp")
