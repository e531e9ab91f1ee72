"""The page benchmark's content: every page it measures answers 200 (or the run stops)."""

import pytest

from articles.conventions.rendering import VERSION
from articles.models import Article
from bench.content import create_stories
from bench.pages import PAGES

pytestmark = pytest.mark.django_db


def test_every_benchmarked_page_exists_in_the_benchmark_content(client):
    story_path = create_stories(12)
    for _name, title, path in PAGES:
        response = client.get(path or story_path)
        assert response.status_code == 200, title
    assert b"harbour" in client.get("/tags/harbour/").content


def test_benchmark_stories_carry_their_body_html_as_saved_stories_do():
    create_stories(3)
    assert set(Article.objects.values_list("body_html_version", flat=True)) == {VERSION}
