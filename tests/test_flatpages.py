"""The simple pages (About, Contact, Privacy, Terms): flatpages, in the site's style."""

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.urls import reverse

from tests.pages import by_class, parse, parse_errors, squash, text

SIMPLE_PAGES = ["about", "contact", "privacy", "terms"]


def _page(url, title, content):
    page = FlatPage.objects.create(url=url, title=title, content=content)
    page.sites.add(Site.objects.get_current())
    return page


def test_a_simple_page_is_served_in_the_sites_style(client, db):
    _page("/about/", "About us", "We report on the harbour.\n\n## Who we are\n\nA small desk.")
    response = client.get(reverse("page-about"))
    assert response.status_code == 200
    content = response.content.decode()
    assert parse_errors(content) == []
    root = parse(content)
    assert squash(text(by_class(root, "page-title")[0])) == "About us"
    assert "<h2>Who we are</h2>" in content
    assert by_class(root, "site-header") and by_class(root, "site-footer")
    assert response["Cache-Control"] == "no-cache"


def test_page_text_is_safe_markdown_never_raw_html(client, db):
    _page("/terms/", "Terms", "Read <script>alert(1)</script> [this](javascript:alert(1)).")
    content = client.get(reverse("page-terms")).content.decode()
    assert "<script>alert" not in content
    assert 'href="javascript' not in content


def test_a_page_not_written_yet_is_a_404(client, db):
    assert client.get(reverse("page-privacy")).status_code == 404


def test_the_footer_links_every_simple_page(client, db):
    footer = by_class(parse(client.get("/").content), "site-footer")[0]
    links = {a.get("href") for a in footer.iter("a")}
    assert {f"/{name}/" for name in SIMPLE_PAGES} <= links


def test_the_demo_has_the_four_pages(client, db):
    call_command("loaddata", "demo", verbosity=0)
    for name in SIMPLE_PAGES:
        response = client.get(reverse(f"page-{name}"))
        assert response.status_code == 200, name
        assert len(text(by_class(parse(response.content), "story-body")[0])) > 200, name


@pytest.mark.parametrize(("user", "allowed"), [("editor_client", True), ("reporter_client", False)])
def test_editors_edit_the_simple_pages_in_the_admin(request, db, user, allowed):
    client = request.getfixturevalue(user)
    response = client.post(
        reverse("admin:flatpages_flatpage_add"),
        {"url": "/contact/", "title": "Contact", "content": "Write to us.", "sites": ["1"]},
    )
    assert (response.status_code == 302) is allowed
    assert FlatPage.objects.filter(url="/contact/").exists() is allowed
    if allowed:
        assert "Write to us." in client.get(reverse("page-contact")).content.decode()
