"""Settings for the page benchmark: the production settings plus the ceiling view's URL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# collectstatic (run by bench.pages) writes here, as in production.
STATIC_ROOT = Path(
    os.environ.get("BENCH_STATIC_ROOT", Path(tempfile.gettempdir()) / "newsroom-bench-static")
)
SECURE_SSL_REDIRECT = False  # wrk speaks plain HTTP on loopback
BENCH_CEILING_DIR = os.environ.get("BENCH_CEILING_DIR", tempfile.gettempdir())
