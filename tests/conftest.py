"""Shared fixtures: users with roles and a throwaway MEDIA_ROOT."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from tests.factories import UserFactory

pytest_plugins = ["tests.browser", "tests.accelerator"]  # chromium; a stand-in accelerator


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL's own features belong to the PostgreSQL pass, tests of the Redis
    page store to a pass with ``REDIS_URL`` (``.ci/run`` runs both).

    Elsewhere they are deselected, not skipped: they do not apply there.
    """
    from django.conf import settings
    from django.db import connection

    absent = set()
    if connection.vendor != "postgresql":
        absent.add("postgresql")
    if not settings.REDIS_URL:
        absent.add("redis")
    other = [item for item in items if any(item.get_closest_marker(m) for m in absent)]
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = [item for item in items if item not in other]


@pytest.fixture(autouse=True)
def no_job_timers_outlive_the_test():
    """Jobs due a moment later run on timers without a worker; none may outlive its test."""
    from articles.jobs import outbox

    yield
    outbox.cancel_timers()


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache (Redis is shared between runs), and with no
    list entries, story page frames or search snippets kept in the process.

    The content types too: a transactional test's flush makes them again with new ids,
    and a cached old id would break the foreign keys of audit entries.
    """
    from articles.public import full_text_search, list_entries, story_pages

    ContentType.objects.clear_cache()
    cache.clear()
    list_entries.forget_all()  # kept per process: a test's stories are not the next one's
    story_pages.forget_frames()
    full_text_search.forget_snippets()
    yield
    cache.clear()


@pytest.fixture
def reporter(db):
    return UserFactory(username="reporter", groups=["Reporters"])


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def section_nav_cached(db):
    """The header's section list, as on a running site: cached (one query on a cold cache).

    Keeps that one query out of a page's pinned count; ``tests/test_sections.py`` pins it.
    """
    from articles.public.navigation import section_nav

    section_nav()


@pytest.fixture
def run_jobs():
    """Run the background jobs the test's writes recorded, here and now, as a worker would.

    The test's transaction never commits, so nothing was handed to a broker; returns how
    each job went (``{"done": 2}``).
    """
    from articles.jobs.runner import run_due

    return run_due
