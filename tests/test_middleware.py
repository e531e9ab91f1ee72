"""The reader site's Content-Security-Policy."""

import pytest

from articles.delivery.security_headers import reader_policy
from tests.factories import ArticleFactory


@pytest.mark.django_db
def test_reader_pages_allow_only_our_own_scripts_and_styles(client):
    article = ArticleFactory()
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_admin_keeps_djangos_own_headers(admin_client):
    assert "Content-Security-Policy" not in admin_client.get("/admin/").headers


def test_photos_served_from_another_host_are_allowed(settings):
    settings.MEDIA_URL = "https://media.example.org/newsroom/"
    assert "img-src 'self' data: https://media.example.org;" in reader_policy()
