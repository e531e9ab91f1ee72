"""make run seeds an empty site with the demo and leaves a site in use alone."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db


def test_empty_site_gets_the_demo_stories():
    call_command("seed_demo", stdout=StringIO())
    assert Article.objects.published().count() >= 6


def test_seeding_again_keeps_an_editors_changes():
    call_command("seed_demo", stdout=StringIO())
    story = Article.objects.get(pk=1)
    story.headline = "Edited by the desk"
    story.save()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    story.refresh_from_db()
    assert story.headline == "Edited by the desk"
    assert "demo content not loaded again" in out.getvalue()
