"""Purging the accelerator: the right keys after commit, and a save never waits or fails."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.delivery import invalidation, purge
from tests.factories import ArticleFactory, BylineFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accelerator(settings):
    """A stand-in accelerator recording the keys of each PURGE it receives."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):
            received.append(set(self.headers["xkey-purge"].split()))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    invalidation.discard_pending()  # earlier tests' changes, never committed
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield received
    server.shutdown()
    server.server_close()


def _sent(django_capture_on_commit_callbacks, change):
    with django_capture_on_commit_callbacks(execute=True):
        result = change()
    assert purge.wait_until_sent()
    return result


def test_a_story_save_purges_the_story_and_every_list_it_is_in(
    accelerator, django_capture_on_commit_callbacks
):
    article = _sent(
        django_capture_on_commit_callbacks,
        lambda: ArticleFactory(agency=True, tags=["harbour"], headline="Quay reopens"),
    )
    keys = set().union(*accelerator)
    expected = {f"story-{article.pk}", f"slug-{article.slug}", "tag-harbour", "source-northwind"}
    assert expected | {"front", "feeds", "sitemaps", "search"} <= keys
    assert "all" not in keys  # a new story and its new notice: nothing else to purge


def test_a_rights_notice_edit_purges_everything(accelerator, django_capture_on_commit_callbacks):
    article = _sent(django_capture_on_commit_callbacks, ArticleFactory)
    accelerator.clear()
    notice = article.rights_notice
    notice.notice = "© 2026 The Harbour Ledger. Share with a link."
    _sent(django_capture_on_commit_callbacks, notice.save)
    assert accelerator == [{"all"}]


def test_a_story_with_many_parts_is_looked_up_once(
    accelerator, django_capture_on_commit_callbacks, django_assert_num_queries
):
    article = _sent(django_capture_on_commit_callbacks, ArticleFactory)
    people = [PersonFactory() for _ in range(5)]
    with django_capture_on_commit_callbacks() as hooks:
        for person in people:
            BylineFactory(article=article, person=person)
    with django_assert_num_queries(5):  # the story and its tags, bylines, quotes, photos
        for hook in hooks:
            hook()
    assert purge.wait_until_sent()


def test_a_person_edit_purges_their_pages(accelerator, django_capture_on_commit_callbacks):
    person = _sent(django_capture_on_commit_callbacks, lambda: PersonFactory(name="Rosa Quist"))
    _sent(django_capture_on_commit_callbacks, lambda: BylineFactory(person=person))
    accelerator.clear()
    person.name = "Rosa Quist-Lund"
    _sent(django_capture_on_commit_callbacks, person.save)
    assert accelerator == [{f"person-{person.pk}"}]


def test_nothing_is_sent_before_the_commit(accelerator):
    ArticleFactory()  # the test's transaction never commits
    assert purge.wait_until_sent()
    assert accelerator == []


def test_an_unreachable_accelerator_never_breaks_a_save(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_PURGE_URLS = ["http://127.0.0.1:9/"]  # the discard port: nobody listens
    monkeypatch.setattr(purge, "RETRY_DELAYS", (0.0, 0.0))
    with caplog.at_level(logging.ERROR, logger="articles.delivery.purge"):
        article = _sent(django_capture_on_commit_callbacks, ArticleFactory)
    assert article.pk is not None
    assert "failed 3 times" in caplog.text


def test_a_full_queue_purges_everything_rather_than_losing_keys(accelerator, monkeypatch):
    monkeypatch.setattr(purge, "_queue", purge.queue.Queue(maxsize=1))
    monkeypatch.setattr(purge, "_ensure_worker", lambda: None)  # hold the queue still
    purge.enqueue({"story-1"})
    purge.enqueue({"story-2"})  # no room: collapses to "all"
    keys, taken = purge._take_batch()
    assert (keys, taken) == ({"all"}, 1)
