"""Two imports at once that name the same new person make one person (PostgreSQL)."""

import threading

import pytest
from django.db import connections

from articles.models import Person
from articles.wire import store
from articles.wire.store import store_story
from tests.test_wire_store import make_story

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def test_concurrent_imports_make_one_person_per_name(monkeypatch):
    # Every import has looked for the people (and found none) before any creates one.
    looked = threading.Barrier(4)
    load_people = store._Writer.load_people

    def load_then_wait(writer):
        load_people(writer)
        looked.wait(timeout=10)

    monkeypatch.setattr(store._Writer, "load_people", load_then_wait)
    stories = [
        make_story(
            source_identifier=f"urn:newsml:gullwing.example:2025:{n}",
            headline=f"Story {n}",
            # A shared new notice or tag would make the imports wait on each other.
            rights=None,
            tags=[],
        )
        for n in range(4)
    ]
    start = threading.Barrier(len(stories))
    errors = []

    def run(story):
        try:
            start.wait(timeout=10)
            store_story(story)
        except Exception as error:  # reported below, with the thread's traceback gone
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(story,)) for story in stories]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Person.objects.filter(name="Noor Haddad").count() == 1
    assert Person.objects.filter(name="Petra Lund").count() == 1
