"""Test settings: the real settings with a throwaway key and a fast hasher."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")

from newsroom.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405 - no collectstatic manifest in tests
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True  # serve from the finders: tests never run collectstatic
SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
# Off for the suite (its query counts are of uncached pages); tests/test_page_cache.py
# and tests/test_varnish.py turn it on.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_TEST_PAGE_CACHE")  # noqa: F405
# Jobs run where they are asked for, after the commit (tests/test_worker.py runs a real
# worker); a test's own transaction never commits, so ``run_jobs`` runs what it recorded.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)  # noqa: F405
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
