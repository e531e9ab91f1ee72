"""The reader's pages: a story with all its parts, fronts and indexes, status answers,
conditional GET, pagination, pinned query counts and sound HTML."""

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from urllib.parse import quote as urlquote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import loader
from django.urls import reverse
from django.utils import timezone

from articles.desk.operations import article_withdraw
from articles.models import Article, Byline
from articles.public import list_entries
from tests.factories import (
    RESTRICTIVE_NOTICE,
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    RightsNoticeFactory,
)
from tests.pages import (
    assert_in_order,
    by_class,
    heading_levels,
    one_by_class,
    parse,
    parse_errors,
    squash,
    text,
)
from tests.stories import story_with_parts

pytestmark = pytest.mark.django_db

SUMMER_NOON_UTC = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)  # 13:00 in Lisbon (WEST)


@pytest.fixture
def solar_story():
    """An agency story with every part a story page prints."""
    notice = RightsNoticeFactory(notice=RESTRICTIVE_NOTICE, allows_full_text=False)
    article = ArticleFactory(
        headline="Harbor city approves floating solar farm",
        standfirst="Fishing crews fear the panels will drive fish away.",
        dateline="PORT ALDER",
        source="Northwind",
        body=(
            "The council voted 7-2 on Monday.\n\n"
            '"We are turning a rusting liability into cheap power," the mayor said.\n\n'
            "## SHADE AND SILT\n\n"
            '"If the fish go, the boats go," said Rui Matos.\n\n'
            "Engineers said the floats would leave open channels."
        ),
        published_at=SUMMER_NOON_UTC,
        rights_notice=notice,
        tags=["energy", "Port Alder"],
    )
    people = {
        name: PersonFactory(name=name)
        for name in ["Dana Whitlock", "Omar Reyes", "Ana Ruiz", "Bo Lind", "Kai Brandt", "Tom Hale"]
    }
    BylineFactory(article=article, person=people["Dana Whitlock"], position=0)
    BylineFactory(article=article, person=people["Omar Reyes"], position=1)
    for position, (name, role, location) in enumerate(
        [
            ("Tom Hale", Byline.Role.EDITING, ""),
            ("Ana Ruiz", Byline.Role.REPORTING, "Port Alder"),
            ("Kai Brandt", Byline.Role.ADDITIONAL_REPORTING, ""),
            ("Bo Lind", Byline.Role.REPORTING, "Lisbon"),
        ],
        start=2,
    ):
        BylineFactory(
            article=article, person=people[name], role=role, location=location, position=position
        )
    mayor = PersonFactory(name="Ines Carvalho")
    pull = QuoteFactory(
        article=article,
        speaker=mayor,
        speaker_title="Mayor",
        text="We are turning a rusting liability into cheap power,",
        is_pull_quote=True,
    )
    plain = QuoteFactory(
        article=article,
        speaker=PersonFactory(name="Rui Matos"),
        text="If the fish go, the boats go,",
    )
    lena = PersonFactory(name="Lena Fischer")
    PhotoCaptionFactory(
        article=article,
        is_lead=True,
        caption="Workers inspect a test float on the north basin.",
        credit="NORTHWIND/Lena Fischer/File Photo",
        alt_text="Two workers on a floating platform.",
        photographer=lena,
    )
    PhotoCaptionFactory(article=article, caption="The basin at dusk.", credit="NORTHWIND/Bo Lind")
    PhotoCaptionFactory(article=article, image=None, caption="Caption without its file yet.")
    related = ArticleFactory(headline="Solar panels arrive by barge", tags=["energy"])
    return {"article": article, "pull": pull, "plain": plain, "related": related, "lena": lena}


# -- one story ----------------------------------------------------------------


def test_story_page_shows_every_part_in_order(client, solar_story):
    article = solar_story["article"]
    assert article.get_absolute_url() == "/2025/07/01/harbor-city-approves-floating-solar-farm/"
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert_in_order(
        content,
        '<h1 id="headline">Harbor city approves floating solar farm</h1>',
        '<p class="standfirst">Fishing crews fear the panels will drive fish away.</p>',
        'By <a href="/people/dana-whitlock/">Dana Whitlock</a> and '
        '<a href="/people/omar-reyes/">Omar Reyes</a>',
        '<time datetime="2025-07-01T13:00:00+01:00">1 July 2025, 13:00 WEST</time>',
        '<figure class="photo photo-lead">',
        'alt="Two workers on a floating platform."',
        '<span class="file-photo">File Photo:</span>',
        "Workers inspect a test float on the north basin.",
        'NORTHWIND/<a href="/people/lena-fischer/">Lena Fischer</a>/File Photo',
        "</figure>",
        '<p><span class="dateline">PORT ALDER (Northwind) - </span>'
        "The council voted 7-2 on Monday.",
        "the mayor said.",
        '<figure class="pull-quote"',
        "“We are turning a rusting liability into cheap power”",
        '<a href="/people/ines-carvalho/">Ines Carvalho</a>, Mayor',
        "<h2>SHADE AND SILT</h2>",
        "Engineers said the floats would leave open channels.",
        '<p class="credits">',
        '<h2 id="tags-heading">Tags</h2>',
        '<a href="/tags/energy/" rel="tag">energy</a>',
        "Related stories",
        "Solar panels arrive by barge",
        'href="mailto:?subject=',
        '<footer class="rights"',
    )
    root = parse(content)
    credits = squash(text(one_by_class(root, "credits")))
    assert credits == (
        "(Reporting by Ana Ruiz in Port Alder and Bo Lind in Lisbon; "
        "Additional reporting by Kai Brandt; Editing by Tom Hale)"
    )
    assert text(one_by_class(root, "rights-notice")) == article.rights_notice.notice
    # The second photo sits in the story, after the first paragraph and before the credits.
    assert_in_order(content, "The council voted", "The basin at dusk.", '<p class="credits">')
    assert "Caption without its file yet." not in content


def test_each_quote_is_anchored_for_links_from_person_pages(client, solar_story):
    content = client.get(solar_story["article"].get_absolute_url()).content.decode()
    root = parse(content)
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    for quote in (solar_story["pull"], solar_story["plain"]):
        assert quote.get_absolute_url().split("#")[1] in ids
    # The plain quote's anchor sits in the paragraph that says it.
    assert f'<p><span id="quote-{solar_story["plain"].pk}"></span>"If the fish go' in content


def test_share_link_mails_the_story_address_without_third_party_scripts(client, solar_story):
    article = solar_story["article"]
    content = client.get(article.get_absolute_url()).content.decode()
    address = f"http://testserver{article.get_absolute_url()}"
    assert (
        f'href="mailto:?subject={urlquote(article.headline, safe="")}'
        f'&amp;body={urlquote(address, safe="")}"'
    ) in content
    assert f'data-url="{address}"' in content
    scripts = [s.get("src") for s in parse(content).iter("script") if s.get("src")]
    assert scripts == ["/static/js/share.js"]


def _story_html(client, article: Article) -> str:
    return client.get(article.get_absolute_url()).content.decode()


def test_own_story_dateline_has_no_source(client):
    article = ArticleFactory(dateline="PORT ALDER", source="")
    html = _story_html(client, article)
    assert '<p><span class="dateline">PORT ALDER - </span>The council met on Monday.' in html


def test_own_story_without_dateline_opens_with_the_text(client):
    article = ArticleFactory(dateline="", source="")
    html = _story_html(client, article)
    assert "dateline" not in html
    assert "<p>The council met on Monday.</p>" in html


def test_dateline_goes_into_the_first_paragraph_even_after_a_subhead(client):
    article = ArticleFactory(body="## OPENING\n\nFirst words.", source="Northwind")
    html = _story_html(client, article)
    assert_in_order(
        html, "<h2>OPENING</h2>", '<p><span class="dateline">PORT ALDER (Northwind) - </span>First'
    )


def test_caption_arriving_before_its_file_is_not_shown_even_as_lead(client):
    article = ArticleFactory()
    PhotoCaptionFactory(article=article, is_lead=True, image=None, caption="Lead without file.")
    PhotoCaptionFactory(article=article, caption="Photo with its file.")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "Lead without file." not in content
    assert "photo-lead" not in content
    assert "Photo with its file." in content


def test_publication_time_is_shown_in_the_newsroom_time_zone_and_dates_the_url(client):
    late = datetime(2025, 7, 1, 23, 30, tzinfo=UTC)  # already 2 July in Lisbon
    article = ArticleFactory(published_at=late, slug="late-story")
    assert article.get_absolute_url() == "/2025/07/02/late-story/"
    content = client.get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2025-07-02T00:30:00+01:00">2 July 2025, 00:30 WEST</time>' in content


@pytest.mark.parametrize(
    "path", ["/2025/07/01/late-story/", "/2025/7/2/late-story/", "/2024/01/01/late-story/"]
)
def test_wrong_or_unpadded_date_redirects_to_the_canonical_address(client, path):
    ArticleFactory(published_at=datetime(2025, 7, 1, 23, 30, tzinfo=UTC), slug="late-story")
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == "/2025/07/02/late-story/"


def test_unknown_story_is_a_friendly_404(client):
    response = client.get("/2025/07/01/no-such-story/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b"The Harbour Ledger" in response.content  # in the site's design


def test_withdrawn_story_is_gone_with_headline_and_notice_but_no_body(client):
    article = ArticleFactory(headline="Lighthouse to reopen by Easter")
    article_withdraw(article=article, reason="The date came from a draft schedule.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    content = response.content.decode()
    assert "Lighthouse to reopen by Easter" in content
    assert "This story has been withdrawn." in content
    assert "The date came from a draft schedule." in content
    assert "The council met on Monday." not in content
    assert "rights-notice" not in content


def test_story_withdrawn_before_it_ever_went_public_is_a_404(client):
    article = ArticleFactory(embargoed=True, headline="Secret merger")
    article_withdraw(article=article, reason="Withdrawn for the test.")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert b"Secret merger" not in response.content


@pytest.mark.parametrize("traits", [{"draft": True}, {"scheduled": True}, {"embargoed": True}])
def test_never_public_stories_are_404_for_readers(client, traits):
    article = ArticleFactory(headline="Not yet", **traits)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert b"Not yet" not in response.content


def test_error_pages_in_the_site_design():
    assert "This page has been removed" in loader.render_to_string("410.html")
    # 500.html is rendered without context processors or the database.
    server_error = loader.get_template("500.html").render()
    assert "Something went wrong" in server_error
    assert "/static/css/site.css" in server_error


# -- staff preview ------------------------------------------------------------


@pytest.mark.parametrize("traits", [{"draft": True}, {"embargoed": True}, {"withdrawn": True}])
def test_staff_preview_any_story_and_nobody_caches_it(reporter_client, traits):
    article = ArticleFactory(headline="Preview me", **traits)
    BylineFactory(article=article, person__name="Priya Raman")
    response = reporter_client.get(article.get_preview_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Preview me" in content and "The council met on Monday." in content
    assert "Staff preview" in content
    assert '<meta name="robots" content="noindex, nofollow">' in content
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_preview_of_a_story_without_rights_notice_says_so(editor_client):
    article = ArticleFactory(draft=True, rights_notice=None)
    content = editor_client.get(article.get_preview_url()).content.decode()
    assert "No rights notice yet" in content


def test_readers_cannot_preview(client):
    article = ArticleFactory(draft=True, headline="Not for readers")
    response = client.get(article.get_preview_url())
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# -- conditional GET and freshness -------------------------------------------------


def test_story_page_answers_conditional_get_and_changes_show_at_once(client):
    article = ArticleFactory(headline="First headline")
    url = article.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    assert "Cookie" not in first.get("Vary", "")  # the same page for every reader
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

    article.headline = "Corrected headline"
    article.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert b"Corrected headline" in changed.content

    article_withdraw(article=article, reason="Withdrawn for the test.")
    assert client.get(url, headers={"if-none-match": changed["ETag"]}).status_code == 410


def test_publishing_a_story_puts_it_on_the_home_page_at_once(client):
    client.get("/")
    article = ArticleFactory(draft=True, headline="Fresh off the desk")
    assert b"Fresh off the desk" not in client.get("/").content
    from articles.desk.operations import article_publish

    article_publish(article=article)
    assert b"Fresh off the desk" in client.get("/").content


# -- fronts and indexes -----------------------------------------------------------


def test_latest_lists_public_stories_newest_first_with_byline_and_lead_photo(client):
    now = timezone.now()
    older = ArticleFactory(headline="Older story", published_at=now - timedelta(days=2))
    newer = ArticleFactory(headline="Newer story", published_at=now - timedelta(hours=1))
    BylineFactory(article=newer, person__name="Jonah Pereira")
    PhotoCaptionFactory(article=newer, is_lead=True)
    content = client.get("/latest/").content.decode()
    assert_in_order(content, "Newer story", "Jonah Pereira", "Older story")
    assert f"/photos/{newer.photos.get().rendition_key}/thumb-" in content  # a small crop
    assert older.get_absolute_url() in content


def _headlines(response) -> list[str]:
    return [squash(text(h)) for h in by_class(parse(response.content), "story-item-headline")]


def _follow(client, response, rel: str):
    """Follow the page's ``rel="next"`` (older) or ``rel="prev"`` (newer) link, if any."""
    link = next((a for a in parse(response.content).iter("a") if a.get("rel") == rel), None)
    return None if link is None else client.get("/latest/" + link.get("href"))


def test_home_pages_through_the_archive_without_gaps_or_repeats(client):
    start = timezone.now() - timedelta(days=1)
    tied = start - timedelta(hours=1)  # five stories at one instant, across the page break
    for i in range(18):
        ArticleFactory(headline=f"Story {i:02d}", published_at=start - timedelta(minutes=i))
    for i in range(5):
        ArticleFactory(headline=f"Tied {i}", published_at=tied)
    for i in range(3):
        ArticleFactory(headline=f"Old {i}", published_at=tied - timedelta(days=1, minutes=i))

    first = client.get("/latest/")
    second = _follow(client, first, "next")
    assert _follow(client, first, "prev") is None
    assert _follow(client, second, "next") is None
    first_page = _headlines(first)
    seen = first_page + _headlines(second)
    assert len(first_page) == 20
    assert len(seen) == 26 == len(set(seen))  # every story once, ties included
    assert seen[:2] == ["Story 00", "Story 01"] and seen[-1] == "Old 2"

    # "Newer" from the second page is the first page again.
    assert _headlines(_follow(client, second, "prev")) == first_page


@pytest.mark.parametrize(
    "cursor", ["?before=nonsense", "?after=1.2.3", "?before=999999999999999999.1"]
)
def test_malformed_page_cursor_is_a_404(client, cursor):
    ArticleFactory()
    assert client.get("/latest/" + cursor).status_code == 404


def test_page_past_the_end_is_a_404(client):
    story = ArticleFactory()
    from articles.public.pagination import encode_cursor

    assert client.get(f"/latest/?before={encode_cursor(story)}").status_code == 404


def test_tag_page_lists_its_public_stories(client):
    ArticleFactory(headline="Tagged story", tags=["energy"])
    ArticleFactory(headline="Other story", tags=["weather"])
    response = client.get(reverse("articles:tag", kwargs={"slug": "energy"}))
    content = response.content.decode()
    assert "Tagged story" in content and "Other story" not in content
    assert reverse("articles:tag-feed-atom", kwargs={"slug": "energy"}) in content


def test_unknown_tag_is_404(client):
    assert client.get("/tags/nothing/").status_code == 404


def test_source_page_lists_one_agencys_stories(client):
    ArticleFactory(headline="Wire story", agency=True)
    ArticleFactory(headline="Own story")
    response = client.get(reverse("articles:source", kwargs={"slug": "northwind"}))
    content = response.content.decode()
    assert "Stories from Northwind" in content
    assert "Wire story" in content and "Own story" not in content
    assert client.get("/sources/nobody/").status_code == 404


def test_person_page_lists_stories_written_or_shot_and_quotes_given(client):
    person = PersonFactory(name="Rui Matos", title="Fisherman")
    wrote = ArticleFactory(headline="Story they wrote")
    BylineFactory(article=wrote, person=person, role=Byline.Role.EDITING)
    shot = ArticleFactory(headline="Story they shot")
    PhotoCaptionFactory(article=shot, photographer=person)
    quoted = ArticleFactory(headline="Story quoting them", body='"The fish go," he said.')
    quote = QuoteFactory(
        article=quoted, speaker=person, text="The fish go,", speaker_title="chairman"
    )
    ArticleFactory(headline="Unrelated story")
    content = client.get(person.get_absolute_url()).content.decode()
    assert "<h1" in content and "Rui Matos" in content and "Fisherman" in content
    assert "Story they wrote" in content and "Story they shot" in content
    assert "Unrelated story" not in content
    assert "“The fish go,”" in content and "chairman" in content
    assert f'href="{quote.get_absolute_url()}"' in content


def test_person_with_only_a_photo_not_yet_arrived_has_no_page(client):
    person = PersonFactory()
    PhotoCaptionFactory(photographer=person, image=None)
    assert client.get(person.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("query", ["Solar", "barge crews", "SUMMARY WORD", "buried deep"])
def test_search_finds_words_in_headline_standfirst_and_body(client, query):
    ArticleFactory(
        headline="Solar panels arrive",
        standfirst="Barge crews unload the summary word.",
        body="The detail is buried deep in the text.",
    )
    ArticleFactory(headline="Unrelated")
    content = client.get("/search/", {"q": query}).content.decode()
    assert "Solar panels arrive" in content
    assert "Unrelated" not in content


def test_search_without_words_shows_the_form_only(
    client, django_assert_num_queries, section_nav_cached
):
    ArticleFactory()
    with django_assert_num_queries(0):
        response = client.get("/search/")
    assert b'<input type="search" id="search-q" name="q" value=""' in response.content


def test_search_without_results_says_so(client):
    ArticleFactory()
    assert "No stories match “zebra”." in client.get("/search/?q=zebra").content.decode()


def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Sitemap: http://testserver/news-sitemap.xml" in body
    assert "Disallow: /preview/" in body


def test_public_pages_refuse_unsafe_methods(client):
    assert client.post("/").status_code == 405


# -- query counts -----------------------------------------------------------------


@pytest.fixture
def warm_content_types():
    """Tag joins look up the Article content type once per process; keep that out of counts."""
    ContentType.objects.get_for_model(Article)


@pytest.mark.parametrize("parts", [1, 20])
def test_story_page_query_count_does_not_grow_with_its_parts(
    client, django_assert_num_queries, warm_content_types, section_nav_cached, parts
):
    article = story_with_parts(parts)
    story_with_parts(parts, headline="A related story")
    # The first view renders the parts: the page's row, the whole story, bylines, quotes,
    # photos, tags, corrections, related stories, and the parts stored (an UPDATE, then an
    # INSERT, in a savepoint).
    with django_assert_num_queries(12):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response.content.count(b'class="pull-quote"') == len(range(0, parts, 3))
    with django_assert_num_queries(2):  # then: the page's row (with its parts), related stories
        again = client.get(article.get_absolute_url())
    assert again.content == response.content


@pytest.mark.parametrize("parts", [1, 20])
def test_list_page_query_counts_stay_flat(
    client, django_assert_num_queries, warm_content_types, section_nav_cached, parts
):
    stories = [story_with_parts(parts) for _ in range(3 if parts == 1 else 22)]
    writer = stories[0].bylines.first().person
    speaker = stories[0].quotes.first().speaker
    # The first view: the stories, then the authors and lead photos their list entries are
    # rendered from; then the entries are kept (articles.public.list_entries): the stories.
    pages = [
        ("/latest/", 3, 1),  # the home is the front now
        ("/tags/topic-0/", 4, 2),  # + the tag
        ("/sources/northwind/", 3, 1),
        # + the person + their quotes + whether they shot a story without their byline
        # (then the list cannot walk their bylines: selectors.person_stories)
        (writer.get_absolute_url(), 6, 4),
        (speaker.get_absolute_url(), 4, 4),  # quoted only: no stories to render
    ]
    for url, first, then in pages:
        list_entries.forget_all()
        with django_assert_num_queries(first):
            response = client.get(url)
        assert response.status_code == 200, url
        with django_assert_num_queries(then):
            assert client.get(url).content == response.content, url


# -- sound HTML ---------------------------------------------------------------------


def _page_urls(solar_story):
    article = solar_story["article"]
    return [
        "/",
        article.get_absolute_url(),
        "/tags/energy/",
        "/sources/northwind/",
        solar_story["lena"].get_absolute_url(),
        "/people/ines-carvalho/",
        "/search/",
        "/search/?q=solar",
        "/2030/01/01/missing/",
    ]


def test_every_page_is_sound_accessible_html(client, solar_story):
    withdrawn = ArticleFactory()
    article_withdraw(article=withdrawn, reason="Withdrawn for the test.")
    for url in [*_page_urls(solar_story), withdrawn.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code in (200, 404, 410), url
        content = response.content.decode()
        assert content.startswith("<!doctype html>"), url
        assert parse_errors(content) == [], url
        root = parse(content)
        assert root.get("lang") == "en"
        levels = heading_levels(root)
        assert levels.count(1) == 1, url
        assert all(b <= a + 1 for a, b in pairwise(levels)), (url, levels)
        ids = [el.get("id") for el in root.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), url
        for el in root.iter():
            if el.get("aria-labelledby"):
                assert el.get("aria-labelledby") in ids, url
        assert all(img.get("alt") is not None for img in root.iter("img")), url
        for landmark in ("header", "nav", "main", "footer"):
            assert root.find(f".//{landmark}") is not None, (url, landmark)
        assert root.find(".//a[@class='skip-link']").get("href") == "#content"


def test_pull_quotes_are_figures_not_landmarks(client):
    """Several pull quotes must not make several unnamed or same-named landmarks."""
    article = ArticleFactory(body='"We will build it," the mayor said. "Soon," she added.')
    QuoteFactory(article=article, text="We will build it,", is_pull_quote=True)
    QuoteFactory(article=article, text="Soon,", speaker=PersonFactory(), is_pull_quote=True)
    content = client.get(article.get_absolute_url()).content.decode()
    assert content.count('<figure class="pull-quote"') == 2
    assert '<aside class="pull-quote"' not in content
    assert content.count('<figcaption class="pull-quote-speaker">') == 2
