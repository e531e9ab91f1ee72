"""Two editors in two browser contexts edit the same story: the second sees the conflict."""

import importlib

import pytest
from django.urls import reverse

from tests.browser import ARTIFACTS
from tests.factories import ArticleFactory, QuoteFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def newsroom_groups():
    """An earlier transactional test flushes the groups the migrations made: make them again."""
    from django.apps import apps

    groups = importlib.import_module("articles.migrations.0002_newsroom_groups")
    groups.create_groups(apps, None)


def log_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)  # the CI machine may be busy
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def test_second_editor_sees_the_conflict_with_the_other_change_and_keeps_input(
    chromium, live_server
):
    UserFactory(username="ana", groups=["Editors"])
    UserFactory(username="ben", groups=["Editors"])
    article = ArticleFactory(
        headline="Ferry timetable changes",
        standfirst="Fewer sailings in winter.",
        body='The operator spoke on Monday.\n\n"We will run four boats," the manager said.',
    )
    QuoteFactory(article=article, text="We will run four boats,")
    url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])

    ana, ben = log_in(chromium, live_server, "ana"), log_in(chromium, live_server, "ben")
    ana.goto(url)
    ben.goto(url)
    ana.fill("#id_headline", "Ferry timetable cut for winter")
    ana.click("input[name=_continue]")
    ana.wait_for_selector(".messagelist .success")

    ben.fill("#id_standfirst", "Two sailings fewer each day.")
    ben.click("input[name=_continue]")
    ben.wait_for_selector(".edit-conflict")
    ARTIFACTS.mkdir(exist_ok=True)
    ben.screenshot(path=str(ARTIFACTS / "admin-edit-conflict.png"), full_page=True)

    assert "Someone else changed this story" in ben.inner_text(".edit-conflict")
    assert ben.input_value("#id_headline") == "Ferry timetable cut for winter"
    assert ben.input_value("#id_standfirst") == "Two sailings fewer each day."

    ben.click("input[name=_continue]")
    ben.wait_for_selector(".messagelist .success")
    article.refresh_from_db()
    assert article.headline == "Ferry timetable cut for winter"
    assert article.standfirst == "Two sailings fewer each day."
