"""Sections: their fronts, feeds, sitemap entries and the header navigation."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.public.navigation import section_nav
from tests.admin_forms import form_data
from tests.factories import ArticleFactory, SectionFactory
from tests.pages import by_class, parse, squash, text

HIDDEN_STATES = ["draft", "scheduled", "embargoed", "withdrawn"]
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def sport(db):
    return SectionFactory(
        name="Sport", slug="sport", position=0, description="Boats, boots and balls."
    )


def _headlines(response) -> list[str]:
    return [squash(text(h)) for h in by_class(parse(response.content), "story-item-headline")]


def test_section_front_lists_its_public_stories_newest_first(client, sport):
    now = timezone.now()
    ArticleFactory(headline="Regatta won", section=sport, published_at=now - timedelta(hours=2))
    ArticleFactory(headline="Final tonight", section=sport, published_at=now - timedelta(hours=1))
    also = ArticleFactory(headline="Stadium budget", published_at=now - timedelta(hours=3))
    also.secondary_sections.add(sport)
    ArticleFactory(headline="Council meets")  # another section's story
    response = client.get(reverse("articles:section", kwargs={"slug": "sport"}))
    assert response.status_code == 200
    assert _headlines(response) == ["Final tonight", "Regatta won", "Stadium budget"]
    assert "Boats, boots and balls." in response.content.decode()


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_section_front_and_feeds_hide_stories_readers_may_not_see(client, sport, state):
    ArticleFactory(headline="Public regatta story", section=sport)
    ArticleFactory(headline="Hidden regatta story", section=sport, **{state: True})
    urls = [
        reverse("articles:section", kwargs={"slug": "sport"}),
        reverse("articles:section-feed-rss", kwargs={"slug": "sport"}),
        reverse("articles:section-feed-atom", kwargs={"slug": "sport"}),
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert "Public regatta story" in content, url
        assert "Hidden regatta story" not in content, url


def test_section_feeds_are_rss_and_atom_with_the_sections_stories(client, sport):
    ArticleFactory(headline="Regatta won", section=sport)
    ArticleFactory(headline="Council meets")
    rss = ElementTree.fromstring(
        client.get(reverse("articles:section-feed-rss", kwargs={"slug": "sport"})).content
    )
    assert rss.findtext("channel/title").endswith(": Sport")
    assert [item.findtext("title") for item in rss.iter("item")] == ["Regatta won"]
    atom = ElementTree.fromstring(
        client.get(reverse("articles:section-feed-atom", kwargs={"slug": "sport"})).content
    )
    entries = atom.findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries] == ["Regatta won"]


def test_inactive_or_unknown_section_is_a_404_everywhere(client, sport):
    SectionFactory(name="Archive", slug="archive", is_active=False)
    for slug in ["archive", "no-such-section"]:
        for name in ["articles:section", "articles:section-feed-rss", "articles:section-feed-atom"]:
            assert client.get(reverse(name, kwargs={"slug": slug})).status_code == 404


def test_an_empty_section_front_says_so(client, sport):
    response = client.get(reverse("articles:section", kwargs={"slug": "sport"}))
    assert response.status_code == 200
    assert "No stories in this section yet." in response.content.decode()


def test_section_front_pages_through_older_stories(client, sport):
    start = timezone.now() - timedelta(hours=1)
    for i in range(23):
        ArticleFactory(
            headline=f"Match {i:02d}", section=sport, published_at=start - timedelta(minutes=i)
        )
    first = client.get(reverse("articles:section", kwargs={"slug": "sport"}))
    older = next(a for a in parse(first.content).iter("a") if a.get("rel") == "next")
    second = client.get(reverse("articles:section", kwargs={"slug": "sport"}) + older.get("href"))
    assert len(_headlines(first)) == 20
    assert _headlines(second) == ["Match 20", "Match 21", "Match 22"]


def test_section_front_query_count_is_fixed(
    client, sport, django_assert_num_queries, section_nav_cached
):
    for _ in range(5):
        ArticleFactory(section=sport)
    # the section + stories + authors + lead photos
    with django_assert_num_queries(4):
        assert client.get(reverse("articles:section", kwargs={"slug": "sport"})).status_code == 200


# -- the header ----------------------------------------------------------------------------


def _nav_links(client) -> list[str]:
    nav = by_class(parse(client.get(reverse("articles:latest")).content), "site-nav")[0]
    return [squash(text(a)) for a in nav.iter("a")]


def test_header_lists_active_sections_in_their_order(client, db):
    SectionFactory(name="Business", slug="business", position=2)
    SectionFactory(name="Local", slug="local", position=1)
    SectionFactory(name="Archive", slug="archive", position=0, is_active=False)
    assert _nav_links(client) == ["Latest", "Local", "Business", "Search"]


def test_a_new_section_is_in_the_header_on_the_next_request(
    client, db, django_capture_on_commit_callbacks
):
    SectionFactory(name="Local", slug="local")
    assert _nav_links(client) == ["Latest", "Local", "Search"]
    with django_capture_on_commit_callbacks(execute=True):
        SectionFactory(name="Business", slug="business")
    assert _nav_links(client) == ["Latest", "Local", "Business", "Search"]


def test_a_page_asks_the_cache_for_the_navigation_once(client, sport, monkeypatch):
    """Only the header prints it: the head links and the footer do not wait for the cache."""
    from articles.delivery import page_cache

    asked = []
    fragment = page_cache.fragment
    monkeypatch.setattr(
        page_cache,
        "fragment",
        lambda name, *a, **kw: asked.append(name) or fragment(name, *a, **kw),
    )
    article = ArticleFactory(section=sport)
    for url in (reverse("articles:latest"), article.get_absolute_url()):
        asked.clear()
        assert client.get(url).status_code == 200
        assert asked == ["section-nav"], url
    assert _nav_links(client) == ["Latest", "Sport", "Search"]


def test_header_navigation_is_one_query_then_cached_until_a_section_changes(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    local = SectionFactory(name="Local", slug="local")
    with django_assert_num_queries(1):
        assert [link["name"] for link in section_nav()] == ["Local"]
    with django_assert_num_queries(0):
        section_nav()
    with django_capture_on_commit_callbacks(execute=True):
        local.name = "Town"
        local.save()
    assert _nav_links(client)[1] == "Town"
    with django_capture_on_commit_callbacks(execute=True):
        local.delete()
    assert _nav_links(client) == ["Latest", "Search"]


def test_a_header_read_before_a_rename_is_never_kept_after_it(
    client, db, django_capture_on_commit_callbacks
):
    """A reader who read the sections, then a rename committed, then the reader stored the
    list: the next page shows the new name (the list was kept under the old moment)."""
    from articles.delivery import page_cache

    local = SectionFactory(name="Local", slug="local")
    seq = page_cache.store().lookup("fragment:section-nav").seq  # the reader begins
    stale = [{"name": "Local", "url": local.get_absolute_url()}]  # and reads the old name
    with django_capture_on_commit_callbacks(execute=True):
        local.name = "Town"
        local.save()
    page_cache.store().store("fragment:section-nav", stale, seq=seq, keys=["nav"], ttl=3600)
    assert _nav_links(client)[1] == "Town"


# -- sitemaps ------------------------------------------------------------------------------


def test_sitemap_lists_active_section_fronts(client, sport):
    SectionFactory(name="Archive", slug="archive", is_active=False)
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert "http://testserver/sitemap-sections.xml" in [e.text for e in index.iter(f"{SM}loc")]
    sections = ElementTree.fromstring(client.get("/sitemap-sections.xml").content)
    assert [e.text for e in sections.iter(f"{SM}loc")] == ["http://testserver/sections/sport/"]


# -- the admin -----------------------------------------------------------------------------


def test_editors_manage_sections_in_the_admin(editor_client, sport):
    ArticleFactory(section=sport)
    ArticleFactory(section=sport, draft=True)
    changelist = editor_client.get(reverse("admin:articles_section_changelist"))
    assert changelist.status_code == 200
    assert b'<td class="field-story_count">2</td>' in changelist.content
    response = editor_client.post(
        reverse("admin:articles_section_add"),
        {
            "name": "Business",
            "slug": "business",
            "position": 3,
            "description": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert [link["name"] for link in section_nav()] == ["Sport", "Business"]


def test_the_story_list_filters_by_section(editor_client, sport):
    ArticleFactory(headline="Regatta won", section=sport)
    ArticleFactory(headline="Council meets")
    url = reverse("admin:articles_article_changelist") + f"?section__id__exact={sport.pk}"
    content = editor_client.get(url).content.decode()
    assert "Regatta won" in content
    assert "Council meets" not in content


def test_the_story_form_sets_the_sections(editor_client, sport):
    business = SectionFactory(name="Business", slug="business")
    article = ArticleFactory(headline="Regatta won")
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = form_data(editor_client.get(url))
    data |= {"section": [str(sport.pk)], "secondary_sections": [str(business.pk)]}
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.section == sport
    assert list(article.secondary_sections.all()) == [business]
