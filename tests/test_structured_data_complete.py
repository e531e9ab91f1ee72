"""Structured data beyond the story: publisher with logo, description, image licence fields,
breadcrumbs; WebSite and Organization on the home page; ProfilePage on person pages."""

import pytest

from tests.factories import ArticleFactory, PersonFactory, PhotoCaptionFactory, RightsNoticeFactory
from tests.pages import json_ld, news_article_ld

pytestmark = pytest.mark.django_db


def _by_type(content) -> dict[str, dict]:
    return {block["@type"]: block for block in json_ld(content)}


def test_news_article_has_publisher_with_logo_and_the_meta_description(client):
    article = ArticleFactory(standfirst="", body="Rain closed the pier. It reopens Monday.")
    data = news_article_ld(client.get(article.get_absolute_url()).content)
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization"
    assert publisher["name"] == "The Harbour Ledger"
    assert publisher["logo"]["url"].endswith("logo.png")
    assert publisher["logo"]["width"] == publisher["logo"]["height"] == 512
    assert data["description"] == "Rain closed the pier."
    assert data["isAccessibleForFree"] is True
    assert data["dateModified"][-6] in "+-"  # with a time zone


def test_image_carries_every_licence_field(client):
    notice = RightsNoticeFactory(
        notice="Copyright 2026 Harbour Ledger. All rights reserved.", holder="Harbour Ledger"
    )
    article = ArticleFactory(rights_notice=notice)
    PhotoCaptionFactory(article=article, is_lead=True)
    (image,) = news_article_ld(client.get(article.get_absolute_url()).content)["image"]
    assert image["copyrightHolder"] == {"@type": "Organization", "name": "Harbour Ledger"}
    assert image["creditText"] == "NORTHWIND/Lena Fischer/File Photo"
    assert image["copyrightNotice"] == notice.notice
    assert image["acquireLicensePage"] == "http://testserver/"  # no licence URL: the newsroom
    assert image["creator"]["name"]


def test_story_has_breadcrumbs_home_to_story(client):
    article = ArticleFactory(headline="Quay works")
    crumbs = _by_type(client.get(article.get_absolute_url()).content)["BreadcrumbList"]
    items = crumbs["itemListElement"]
    assert items[0] == {
        "@type": "ListItem",
        "position": 1,
        "name": "The Harbour Ledger",
        "item": "http://testserver/",
    }
    assert items[-1]["name"] == "Quay works"
    assert items[-1]["item"] == f"http://testserver{article.get_absolute_url()}"
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))


def test_home_has_website_with_search_action_and_organization(client):
    ArticleFactory()
    blocks = _by_type(client.get("/").content)
    action = blocks["WebSite"]["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert blocks["Organization"]["logo"]["url"].endswith("logo.png")


def test_person_page_is_a_profile_page_about_the_person(client):
    from tests.factories import BylineFactory

    person = PersonFactory(name="Marta Sousa", title="Port reporter")
    BylineFactory(person=person)
    page = _by_type(client.get(person.get_absolute_url()).content)["ProfilePage"]
    assert page["mainEntity"]["@type"] == "Person"
    assert page["mainEntity"]["name"] == "Marta Sousa"
    assert page["mainEntity"]["jobTitle"] == "Port reporter"
    assert page["mainEntity"]["url"] == f"http://testserver{person.get_absolute_url()}"


def test_story_without_photo_shows_the_logo_as_its_image(client):
    data = news_article_ld(client.get(ArticleFactory().get_absolute_url()).content)
    (image,) = data["image"]
    assert image["@type"] == "ImageObject" and image["url"].endswith("logo.png")
    assert "." not in data["datePublished"]  # whole seconds, as the page's <time>
