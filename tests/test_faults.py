"""Faults: an unreachable database answers 503 and recovers; an unreachable Redis is a miss."""

import logging
import socket

import pytest
from django.db import InterfaceError, OperationalError, connection

from articles.delivery import faults
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does when PostgreSQL is stopped or unreachable."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(faults, "_last_logged", -faults.LOG_EVERY_SECONDS)
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    return monkeypatch


@pytest.fixture
def story(db):
    story = ArticleFactory(headline="Harbour reopens")
    story.tags.add("Harbour")
    return story


def test_readers_get_a_503_page_with_retry_after(client, story, database_down):
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(faults.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert "We will be back in a moment" in response.content.decode()


def test_every_reader_page_answers_503(client, story, database_down):
    for url in [
        story.get_absolute_url(),
        "/tags/harbour/",
        "/search/?q=harbour",
        "/people/nobody/",
        "/sources/northwind/",
    ]:
        assert client.get(url).status_code == 503, url


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/rss/",
        "/feeds/atom/",
        "/tags/harbour/feed/rss/",
        "/sources/northwind/feed/atom/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/news-sitemap.xml",
    ],
)
def test_feeds_and_sitemaps_answer_a_plain_503(client, story, database_down, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Retry-After"]


def test_ninjs_answers_a_plain_503(client, story, database_down):
    response = client.get(story.get_absolute_url() + "ninjs.json")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_an_interface_error_is_a_503_too(client, story, monkeypatch):
    def closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(connection, "ensure_connection", closed)
    assert client.get("/").status_code == 503


def test_the_site_recovers_by_itself_when_the_database_returns(client, story, database_down):
    assert client.get("/").status_code == 503
    database_down.undo()
    response = client.get("/")
    assert response.status_code == 200
    assert "Harbour reopens" in response.content.decode()


def test_the_outage_is_logged_once_not_per_request(client, story, database_down, caplog):
    with caplog.at_level(logging.ERROR, logger="articles.delivery.faults"):
        for _ in range(5):
            assert client.get("/").status_code == 503
    assert len([r for r in caplog.records if r.name == "articles.delivery.faults"]) == 1


def test_other_errors_stay_500(client, monkeypatch):
    from articles.public import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.selectors, "public_stories", broken)
    client.raise_request_exception = False
    assert client.get("/").status_code == 500


def test_a_database_error_in_a_middleware_is_a_503(rf, settings):
    """``handler500`` sees the exception raised outside the view too."""
    request = rf.get("/feeds/rss/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = faults.server_error(request)
    assert response.status_code == 503


# -- Redis -------------------------------------------------------------------------------


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_settings(port: int) -> dict:
    """The settings' Redis cache (django-redis, ignoring its exceptions) on ``port``."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


def test_an_unreachable_redis_is_an_empty_cache(settings):
    settings.CACHES = redis_settings(closed_port())
    from django.core.cache import caches

    cache = caches["default"]
    assert cache.get("page") is None
    assert cache.get("page", "fallback") == "fallback"
    assert cache.set("page", b"html") is None
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("page", lambda: "rendered") == "rendered"
    cache.delete_many(["a"])


def test_pages_are_served_fresh_when_the_configured_redis_is_down(client, settings, caplog):
    settings.CACHES = redis_settings(closed_port())
    settings.NEWSROOM_PAGE_CACHE = True
    ArticleFactory(headline="Harbour reopens")
    with caplog.at_level(logging.ERROR, logger="articles.delivery.page_cache"):
        first, second = client.get("/"), client.get("/")
    assert "Harbour reopens" in first.content.decode()
    assert second.status_code == 200
    # Nothing could tell a shared cache when this copy goes out of date: none may keep it.
    assert first["Cache-Control"] == second["Cache-Control"] == "private, no-cache"
    assert caplog.text.count("unreachable") == 1
