"""Search: ranked full text on PostgreSQL, a plain scan on SQLite; any query is safe."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from articles.public import full_text_search
from tests.factories import ArticleFactory, BylineFactory, PersonFactory

# Full-text search is PostgreSQL's: these run in the PostgreSQL pass (see conftest).
postgresql_only = pytest.mark.postgresql

pytestmark = pytest.mark.django_db


def found(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200, query
    return response.content.decode()


def test_search_finds_public_stories_only(client):
    ArticleFactory(headline="Lighthouse keeper retires")
    ArticleFactory(headline="Lighthouse draft", draft=True)
    ArticleFactory(headline="Lighthouse scheduled", scheduled=True)
    ArticleFactory(headline="Lighthouse embargoed", embargoed=True)
    ArticleFactory(headline="Lighthouse withdrawn", withdrawn=True)
    content = found(client, "lighthouse")
    assert "Lighthouse keeper retires" in content
    for hidden in ("draft", "scheduled", "embargoed", "withdrawn"):
        assert f"Lighthouse {hidden}" not in content
    assert "1 story" in content


def test_snippet_marks_the_match_and_escapes_the_body(client):
    ArticleFactory(
        headline="Quay repairs",
        body='The <script>alert("x")</script> *ferry* timetable <b>changes</b> in [June](https://x.example/).',
    )
    content = found(client, "timetable")
    assert "<mark>timetable</mark>" in content
    snippet = content.split('class="story-item-standfirst snippet"')[1].split("</p>")[0]
    # SQLite escapes the tags; PostgreSQL's ts_headline drops them: never markup either way.
    assert "<script" not in snippet and "<b>" not in snippet and "*" not in snippet
    assert "https://x.example" not in snippet


def test_highlighted_drops_stray_markers_and_escapes_everything():
    html = full_text_search.highlighted("a \ue001<i> \ue000<b>x</b>\ue001 \ue000open")
    assert html == "a &lt;i&gt; <mark>&lt;b&gt;x&lt;/b&gt;</mark> <mark>open</mark>"


def test_count_stops_at_the_cap(client, monkeypatch):
    monkeypatch.setattr(full_text_search, "COUNT_CAP", 2)
    for n in range(4):
        ArticleFactory(headline=f"Tidal gauge report {n}")
    assert "More than 2 stories" in found(client, "tidal")


def test_results_come_in_pages(client, monkeypatch):
    monkeypatch.setattr(full_text_search, "PER_PAGE", 2)
    for n in range(3):
        ArticleFactory(headline=f"Breakwater survey {n}")
    first = found(client, "breakwater")
    assert first.count('class="story-item"') == 2
    assert 'rel="next" href="?q=breakwater&amp;page=2"' in first
    second = found(client, "breakwater", page=2)
    assert second.count('class="story-item"') == 1 and 'rel="prev"' in second
    assert client.get("/search/", {"q": "breakwater", "page": 3}).status_code == 404


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1e3", "٣"])
def test_a_bad_page_number_is_not_found(client, page):
    ArticleFactory(headline="Breakwater survey")
    assert client.get("/search/", {"q": "breakwater", "page": page}).status_code == 404


BAD_QUERIES = [
    '"',
    '"unclosed quote',
    "'",
    "\\",
    "a & b | !c",
    "<-> :* & | ! ( ) ",
    "council:*",
    "-council",
    "council or",
    "or",
    "the",
    "(((",
    "%",
    "%%",
    "_",
    "${x}",
    "' OR 1=1 --",
    "ж" * 300,
    "word " * 2000,  # 10 kB
    "🚢 harbour",
    # Each "-" where a word is awaited is a NOT that websearch_to_tsquery stacks; 32 in a
    # row overflowed its stack ("tsquery stack too small") and the page answered 500.
    "-" * 33,
    "-" * 200,
    "- " * 100,
    "council " + "-" * 40 + "harbour",
    "-(" * 50 + "council",
    "!-&-|-<-" * 25,
    '"-' * 100,
    "-or " * 50,
    " ".join(f"-w{n}" for n in range(60)),
    " ".join(f'"a{n} b{n}"' for n in range(40)),
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_any_query_answers_200(client, query):
    ArticleFactory(headline="Council harbour plan")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "raw",
    [
        "q=council%00",  # NUL
        "q=%00",
        "q=%ED%A0%80council",  # a lone surrogate, UTF-8 encoded
        "q=%FF%FE",  # not UTF-8 at all
        "q=" + "x" * 10_000,
        "q=council&q=other",
        "q=%E2%80%A8council",  # line separator
    ],
)
def test_raw_query_strings_answer_200(client, raw):
    ArticleFactory(headline="Council harbour plan")
    assert client.get(f"/search/?{raw}").status_code == 200


def test_clean_query_drops_what_the_database_cannot_take():
    assert full_text_search.clean_query("a\x00b\ud800c\x07  d\n") == "a b c d"
    assert len(full_text_search.clean_query("x" * 10_000)) == full_text_search.MAX_QUERY_LENGTH


# -- what reaches PostgreSQL: bounded_query ----------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["harbour", '"harbour wall" -of', "council or harbour", "well-known -quay-side", "a!-b"],
)
def test_bounded_query_leaves_ordinary_queries_alone(query):
    assert full_text_search.bounded_query(query) == query


@pytest.mark.parametrize(
    ("query", "bounded"),
    [
        ("-" * 33 + "harbour", "-harbour"),
        ("-" * 34 + "harbour", "--harbour"),
        ("council " + "- " * 5 + "harbour", "council -     harbour"),
        ("-(" * 4 + "harbour", "-(-(((harbour"),
    ],
)
def test_bounded_query_keeps_two_negations_in_a_row_at_most_and_their_parity(query, bounded):
    assert full_text_search.bounded_query(query) == bounded


def test_bounded_query_leaves_hyphens_in_words_and_phrases_alone():
    query = '"' + "-" * 40 + ' harbour" a' + "-" * 40 + "b"
    assert full_text_search.bounded_query(query) == query


def test_bounded_query_keeps_the_first_terms():
    words = [f"w{n}" for n in range(full_text_search.MAX_TERMS + 8)]
    bounded = full_text_search.bounded_query(" ".join(words))
    assert bounded.split() == words[: full_text_search.MAX_TERMS]
    phrases = " ".join(f'"a{n} b{n}"' for n in range(full_text_search.MAX_TERMS + 1))
    assert full_text_search.bounded_query(phrases).count('"') == 2 * full_text_search.MAX_TERMS


@postgresql_only
@pytest.mark.parametrize("query", ["-" * 50, "( ) ! & | <", "- - -"])
def test_a_query_without_words_matches_nothing_without_asking_the_database(
    query, django_assert_num_queries
):
    ArticleFactory(headline="Council harbour plan")
    assert full_text_search.bounded_query(query) == ""
    with django_assert_num_queries(0):
        results = full_text_search.search(Article.objects.published(), query)
    assert not results


# Operators, quotes and the words around them, as a reader (or a fuzzer) might type them,
# with runs of "-" (each one a NOT where a word is awaited) between other operators.
QUERY_PIECES = [" ", '"', "'", "!", "&", "|", "(", ")", "<", ":*", "\\", "or", "\u00a0", "\x00"]
WORDS = ["council", "harbour", "the", "a-b", "x"]
NEGATIONS = st.builds(
    lambda between, count: ("-" + between) * count,
    st.sampled_from(["", " ", "(", "!", '"']),
    st.integers(min_value=1, max_value=100),
)
OPERATOR_HEAVY = st.lists(
    st.one_of(st.sampled_from(QUERY_PIECES + WORDS), NEGATIONS), max_size=60
).map("".join)
ANY_TEXT = st.one_of(st.text(), OPERATOR_HEAVY)


@pytest.fixture
def harbour_story(db):
    """One story for every example of a property test (the examples share the test's data)."""
    return ArticleFactory(headline="Council harbour plan")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=ANY_TEXT)
def test_any_text_as_the_query_answers_200_or_400(client, harbour_story, text):
    # As raw bytes: a lone surrogate arrives as the bytes a browser would send for it.
    raw = quote(text.encode("utf-8", "surrogatepass"))
    response = client.get(f"/search/?q={raw}")
    assert response.status_code in (200, 400), text


def test_search_query_counts(client, django_assert_num_queries, section_nav_cached):
    ContentType.objects.get_for_model(Article)
    for n in range(3):
        BylineFactory(article=ArticleFactory(headline=f"Council vote {n}"))
    # SQLite: count + results + authors. PostgreSQL: the ranked window with its count +
    # results + authors, the timeout and, inside the test's transaction, a savepoint and
    # its release. Then the results' entries are kept (list_entries): no authors.
    expected = 6 if connection.vendor == "postgresql" else 3
    with django_assert_num_queries(expected):
        response = client.get("/search/?q=council")
    assert response.status_code == 200
    with django_assert_num_queries(expected - 1):
        assert client.get("/search/?q=council").content == response.content


# -- PostgreSQL: ranking, stemming, accents, kept up to date ---------------------------


@postgresql_only
def test_headline_match_ranks_above_body_match(client):
    ArticleFactory(headline="Budget news", body="The harbour budget is late.")
    ArticleFactory(headline="Harbour budget approved", body="Nothing else.")
    content = found(client, "harbour")
    assert content.index("Harbour budget approved") < content.index("Budget news")


@postgresql_only
@pytest.mark.parametrize(
    ("stored", "typed"),
    [("Councils vote", "council"), ("The council voted", "voting"), ("Café owners", "cafe")],
)
def test_stems_and_accents_match(client, stored, typed):
    ArticleFactory(headline=stored)
    assert stored in found(client, typed)


@postgresql_only
def test_an_accented_query_finds_plain_text(client):
    ArticleFactory(headline="Cafe owners meet")
    assert "Cafe owners meet" in found(client, "café")


@postgresql_only
def test_phrases_and_exclusions_work(client):
    ArticleFactory(headline="Harbour wall repaired")
    ArticleFactory(headline="Wall of the harbour repaired")
    content = found(client, '"harbour wall"')
    assert "Harbour wall repaired" in content and "Wall of the harbour" not in content
    content = found(client, "harbour -of")
    assert "Harbour wall repaired" in content


@postgresql_only
def test_tags_bylines_and_source_are_searchable_and_kept_up_to_date(client):
    story = ArticleFactory(headline="Morning report", source="Northwind")
    assert "Morning report" in found(client, "northwind")
    assert "Morning report" not in found(client, "seagrass")
    story.tags.add("Seagrass")
    assert "Morning report" in found(client, "seagrass")
    writer = PersonFactory(name="Oona Vestergaard")
    BylineFactory(article=story, person=writer)
    assert "Morning report" in found(client, "vestergaard")
    writer.name = "Oona Lindqvist"
    writer.save()
    assert "Morning report" not in found(client, "vestergaard")
    assert "Morning report" in found(client, "lindqvist")
    story.tags.clear()
    assert "Morning report" not in found(client, "seagrass")


@postgresql_only
def test_edits_bulk_writes_and_deletes_reach_the_index(client):
    story = ArticleFactory(headline="Old words")
    story.headline = "Kelp forest"
    story.save()
    assert "Kelp forest" in found(client, "kelp")
    Article.objects.filter(pk=story.pk).update(body="A narwhal was seen.")
    assert "Kelp forest" in found(client, "narwhal")
    Article.objects.bulk_create(
        Article(
            headline=f"Walrus sighting {n}",
            slug=f"walrus-sighting-{n}",
            body="Seen from the pier.",
            status=Article.Status.PUBLISHED,
            published_at=story.published_at,
            rights_notice=story.rights_notice,
        )
        for n in range(3)
    )
    assert "3 stories" in found(client, "walrus")
    story.delete()
    assert "No stories match" in found(client, "kelp")


@postgresql_only
def test_a_search_over_its_time_answers_503_with_a_message(client, monkeypatch):
    ArticleFactory(headline="Council harbour plan")

    def slow(using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(0.2)")

    monkeypatch.setattr(full_text_search, "_set_statement_timeout", slow)
    response = client.get("/search/?q=council")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "took too long" in response.content.decode()
    assert client.get("/").status_code == 200  # the transaction was rolled back cleanly


@postgresql_only
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=ANY_TEXT)
def test_postgresql_reads_every_bounded_query(db, text):
    query = full_text_search.bounded_query(full_text_search.clean_query(text))
    with connection.cursor() as cursor:  # an error fails the test: no savepoint needed
        cursor.execute(
            "SELECT ts_rank(to_tsvector(%s::regconfig, 'council harbour plan'),"
            " websearch_to_tsquery(%s::regconfig, %s))",
            [full_text_search.CONFIG, full_text_search.CONFIG, query],
        )
        cursor.fetchall()


@postgresql_only
def test_a_query_postgresql_cannot_read_answers_400_and_the_next_request_works(client, monkeypatch):
    ArticleFactory(headline="Council harbour plan")
    monkeypatch.setattr(full_text_search, "bounded_query", lambda query: query)  # unbounded
    response = client.get("/search/", {"q": "-" * 33 + "council"})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    # The failed statement was rolled back to its savepoint: the test's transaction goes on.
    assert "Council harbour plan" in found(client, "council")


@postgresql_only
def test_a_query_over_a_limit_of_postgresql_answers_400_not_the_outage_503(client, monkeypatch):
    ArticleFactory(headline="Council harbour plan")

    def over_a_limit(using):
        with connection.cursor() as cursor:  # SQLSTATE 54000: an OperationalError in Django
            cursor.execute("SELECT repeat('x', 2147483647)")

    monkeypatch.setattr(full_text_search, "_set_statement_timeout", over_a_limit)
    response = client.get("/search/?q=council")
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


# -- PostgreSQL: the newest matches are ranked (NEWSROOM_SEARCH_WINDOW) ----------------

LIMITED = "Best matches among the newest"


def _days_ago(days: float):
    return timezone.now() - timedelta(days=days)


@postgresql_only
def test_the_newest_matches_are_ranked_and_older_ones_left_out(client, settings):
    settings.NEWSROOM_SEARCH_WINDOW = 3
    ArticleFactory(headline="Harbour harbour harbour", published_at=_days_ago(30))
    ArticleFactory(headline="Ferry news", body="The harbour opens.", published_at=_days_ago(1))
    ArticleFactory(headline="Harbour dues rise", body="Fees.", published_at=_days_ago(3))
    ArticleFactory(headline="Quay news", body="The harbour closes.", published_at=_days_ago(2))
    content = found(client, "harbour")
    # The three newest matches, the headline match first although it is the oldest of them.
    assert content.index("Harbour dues rise") < content.index("Ferry news")
    assert "Quay news" in content
    assert "Harbour harbour harbour" not in content  # fourth newest: outside the window
    assert "More than 3 stories" in content
    assert f"{LIMITED} 3 stories that match" in content


@postgresql_only
def test_a_rare_word_finds_old_stories(client, settings):
    settings.NEWSROOM_SEARCH_WINDOW = 3
    ArticleFactory(headline="Lighthouse petition", published_at=_days_ago(3 * 365))
    for n in range(5):
        ArticleFactory(headline=f"Council vote {n}")
    content = found(client, "lighthouse")
    assert "Lighthouse petition" in content and "1 story" in content
    assert LIMITED not in content


@postgresql_only
def test_the_limited_note_only_when_the_window_is_full(client, settings):
    settings.NEWSROOM_SEARCH_WINDOW = 3
    for n in range(3):
        ArticleFactory(headline=f"Breakwater survey {n}", published_at=_days_ago(n + 1))
    content = found(client, "breakwater")
    assert "3 stories" in content and LIMITED not in content
    ArticleFactory(headline="Breakwater survey old", published_at=_days_ago(10))
    content = found(client, "breakwater")
    assert LIMITED in content and "Breakwater survey old" not in content


@postgresql_only
def test_a_full_window_pages_within_it(client, settings, monkeypatch):
    settings.NEWSROOM_SEARCH_WINDOW = 3
    monkeypatch.setattr(full_text_search, "PER_PAGE", 2)
    for n in range(5):
        ArticleFactory(headline=f"Slipway report {n}", published_at=_days_ago(n + 1))
    first, second = found(client, "slipway"), found(client, "slipway", page=2)
    assert first.count('class="story-item"') == 2 and second.count('class="story-item"') == 1
    assert 'rel="next"' not in second
    assert client.get("/search/", {"q": "slipway", "page": 3}).status_code == 404
    shown = first + second
    assert all(f"Slipway report {n}" in shown for n in range(3))
    assert all(f"Slipway report {n}" not in shown for n in (3, 4))


@postgresql_only
def test_a_full_window_costs_the_same_queries(
    client, settings, django_assert_num_queries, section_nav_cached
):
    ContentType.objects.get_for_model(Article)
    settings.NEWSROOM_SEARCH_WINDOW = 2
    for n in range(4):
        BylineFactory(article=ArticleFactory(headline=f"Council vote {n}"))
    # the ranked window with its count, the results, their authors, the timeout, and the
    # test's savepoint and its release
    with django_assert_num_queries(6):
        content = client.get("/search/?q=council").content.decode()
    assert LIMITED in content


@postgresql_only
def test_a_kept_snippet_is_never_shown_after_the_story_changes(client):
    """Snippets are kept per words, story and stamp: an edit makes the next one afresh."""
    article = ArticleFactory(
        headline="Harbour report", body="The slipway at the old harbour needs new timber."
    )
    assert "new timber" in found(client, "slipway")
    assert "new timber" in found(client, "slipway")  # kept
    article.body = "The slipway at the old harbour was rebuilt in stone."
    article.save()
    shown = found(client, "slipway")
    assert "rebuilt in stone" in shown
    assert "new timber" not in shown
