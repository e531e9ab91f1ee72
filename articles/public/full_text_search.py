"""Full-text search over public stories: ranked, stemmed, accent-folded on PostgreSQL.

The words live in ``SearchDocument`` (one weighted ``tsvector`` per story, kept up
to date by database triggers, see migration ``0009_search``). A query is read with
``websearch_to_tsquery``, which accepts anything a reader types (quotes, ``-word``,
``or``) without a syntax error, once ``bounded_query`` has capped what could still make
it fail (runs of ``-``, each a nested NOT; the number of terms); an error the query
still causes is a 400 for the reader, never a 500. The newest
``NEWSROOM_SEARCH_WINDOW`` matches (1,000) are ranked by ``ts_rank`` and carry a snippet
with the matched words marked, so a common word costs the same in any size of archive;
readers are told when more match. The count stops at ``COUNT_CAP`` ("more than 1,000")
so it never walks every match, and a statement timeout bounds each search. SQLite
(development) keeps a plain substring scan with the same interface.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import DatabaseError, OperationalError, connections, transaction
from django.db.models import Case, CharField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .kept import Kept

logger = logging.getLogger(__name__)

CONFIG = "newsroom_english"  # created by migration 0009_search: unaccent, then English stems
MAX_QUERY_LENGTH = 200
PER_PAGE = 20
COUNT_CAP = 1000
MAX_PAGE = COUNT_CAP // PER_PAGE
# Private-use characters as highlight markers: never printed, escaped around, then replaced.
_START, _STOP = "\ue000", "\ue001"
MAX_TERMS = 32  # words and quoted phrases sent to PostgreSQL; the rest is left out
_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement timeout
# SQLSTATE classes of a server in trouble (connection, resources, shutdown, system): not the
# query's fault, so the fault middleware answers 503. Any other error is the query's: 400.
_SERVER_TROUBLE = ("08", "53", "57", "58")
_MARKDOWN_LINK_TARGET = re.compile(r"\]\([^)\s]*\)?")  # a snippet may cut it short
_MARKDOWN_MARKS = re.compile(r"(?m)^\s*(?:#{1,6}|>)\s*|[*\[\]]")


@dataclass
class SearchResults:
    """One page of results, best first; ``count`` stops at ``COUNT_CAP``."""

    query: str
    stories: list = field(default_factory=list)
    count: int = 0
    page: int = 1
    timed_out: bool = False
    # PostgreSQL could not read the query (a reader's 400; ``bounded_query`` makes it rare).
    unreadable: bool = False
    # PostgreSQL ranks the newest ``window`` matches only (``NEWSROOM_SEARCH_WINDOW``).
    window: int | None = None

    @property
    def cap(self) -> int:
        return COUNT_CAP if self.window is None else min(COUNT_CAP, self.window)

    @property
    def count_is_capped(self) -> bool:
        return self.count > self.cap

    @property
    def window_is_full(self) -> bool:
        """More stories match than the window holds: the results are the best of the newest."""
        return self.window is not None and self.count > self.window

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < MAX_PAGE and self.page * PER_PAGE < self.count

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PER_PAGE + 1

    @property
    def previous_query(self) -> str:
        return urlencode({"q": self.query, "page": self.page - 1})

    @property
    def next_query(self) -> str:
        return urlencode({"q": self.query, "page": self.page + 1})

    def __bool__(self) -> bool:
        return bool(self.stories)


def clean_query(raw: str) -> str:
    """What a reader typed, made safe to send: no NUL or other control characters, no lone
    surrogates (neither can be encoded for the database), single spaces, at most 200 chars."""
    kept = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"} else char for char in raw
    )
    return " ".join(kept[: MAX_QUERY_LENGTH * 4].split())[:MAX_QUERY_LENGTH]


# websearch_to_tsquery reads a "-" where it waits for a word as a NOT and stacks them: 32
# in a row overflow its stack ("tsquery stack too small"). Between words it skips the
# tsquery operators ``!&|()<`` and spaces, so a run is any mix of those and "-" outside a
# word or a quoted phrase ("a-b" is one word).
_QUERY_PIECES = re.compile(
    r'(?P<phrase>"[^"]*"?)|(?P<word>[^\s!&|()<"-][^\s!&|()<"]*)|(?P<gap>[\s!&|()<-]+)'
)


def bounded_query(query: str) -> str:
    """``query`` as ``websearch_to_tsquery`` reads it, within what it can take: at most two
    NOTs in a row (the run's parity kept: ``---x`` is ``-x``, ``----x`` is ``--x``) and the
    first ``MAX_TERMS`` words and quoted phrases; nothing else is changed."""
    kept = []
    terms = 0
    for piece in _QUERY_PIECES.finditer(query):
        text = piece.group()
        if piece.lastgroup == "gap":
            kept.append(_fewer_negations(text))
            continue
        terms += 1
        if terms > MAX_TERMS:
            break
        kept.append(text)
    return "".join(kept) if terms else ""


def _fewer_negations(gap: str) -> str:
    """The gap with its "-" cut to one (an odd run) or two (an even one), in place."""
    negations = gap.count("-")
    if negations <= 2:
        return gap
    keep = 2 - negations % 2
    pieces = gap.split("-")
    return "-".join(pieces[: keep + 1]) + "".join(pieces[keep + 1 :])


def search(stories: QuerySet, query: str, *, page: int = 1) -> SearchResults:
    """Page ``page`` of the ``stories`` (already limited to public ones) matching ``query``."""
    results = SearchResults(query=query, page=page)
    if not query or not 1 <= page <= MAX_PAGE:
        return results
    if connections[stories.db].vendor == "postgresql":
        return _search_postgresql(stories, results)
    return _search_fallback(stories, results)


def _page_slice(page: int) -> slice:
    start = (page - 1) * PER_PAGE
    return slice(start, start + PER_PAGE)


def _window() -> int:
    return max(1, settings.NEWSROOM_SEARCH_WINDOW)


# The newest matches (``{candidates}``: id, published_at, vector, render stamp, newest first,
# one more than the window to tell whether it is full), ranked; the count is read from the
# same rows.
_RANKED_WINDOW = """WITH candidates (id, published_at, vector, stamp) AS MATERIALIZED ({candidates})
SELECT newest.id, newest.stamp, (SELECT count(*) FROM candidates)
FROM (SELECT * FROM candidates ORDER BY published_at DESC, id DESC LIMIT %s) AS newest
ORDER BY ts_rank(newest.vector, websearch_to_tsquery(%s::regconfig, %s)) DESC,
    newest.published_at DESC, newest.id DESC
LIMIT %s OFFSET %s
"""


def _search_postgresql(stories: QuerySet, results: SearchResults) -> SearchResults:
    """Rank the newest ``NEWSROOM_SEARCH_WINDOW`` matches, then load the page's 20 stories.

    Ranking every match made a common word (most of the archive) cost in proportion to
    the archive. The candidates are the newest matches instead, found in one of two ways
    the planner picks between: for a common word it walks ``article_status_pub_idx``
    newest first and stops after the window's worth of hits; for a rare one the GIN index
    finds every match and only those are sorted by date. A rare word's old stories are
    still found (the window holds every match when there are fewer). Only those rows are
    ranked, paged, and counted; snippets are made for the page shown only.
    """
    window = _window()
    results.window = window
    text = bounded_query(results.query)
    if not text:
        return results  # no word and no phrase: nothing can match
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    candidates = (
        stories.filter(search_document__vector=query)
        .order_by("-published_at", "-pk")
        .values_list("pk", "published_at", "search_document__vector", "render_stamp")[: window + 1]
    )
    candidates_sql, candidates_params = candidates.query.get_compiler(using=stories.db).as_sql()
    page = _page_slice(results.page)
    sql = _RANKED_WINDOW.format(candidates=candidates_sql)
    params = (
        *candidates_params,
        window,
        CONFIG,
        text,
        page.stop - page.start,
        page.start,
    )
    try:
        with transaction.atomic(using=stories.db):
            _set_statement_timeout(stories.db)
            with connections[stories.db].cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            page_ids = [pk for pk, _stamp, _count in rows]
            results.count = rows[0][2] if rows else 0
            # Snippets kept for these words and these stories as they are now (their stamp):
            # the database makes the others only.
            kept = {pk: _snippets.get((results.query, pk, stamp)) for pk, stamp, _ in rows}
            to_make = [pk for pk, snippet in kept.items() if snippet is None]
            headline = SearchHeadline(
                Concat("standfirst", Value("\n\n"), "body", output_field=CharField()),
                query,
                config=CONFIG,
                start_sel=_START,
                stop_sel=_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
            if len(to_make) < len(page_ids):
                headline = Case(
                    When(pk__in=to_make, then=headline), default=Value(""), output_field=TextField()
                )
            loaded = (
                stories.filter(pk__in=page_ids)
                .defer("body", "body_html")
                .annotate(snippet_source=headline)
            )
            by_id = {story.pk: story for story in loaded} if page_ids else {}
    except DatabaseError as error:
        # Leaving ``atomic`` rolled the failed statement back (to its savepoint inside a
        # transaction), so the connection is usable again.
        sqlstate = getattr(error.__cause__, "sqlstate", None) or ""
        if sqlstate == _QUERY_CANCELED:
            results.timed_out = True
        elif isinstance(error, OperationalError) and (
            not sqlstate or sqlstate.startswith(_SERVER_TROUBLE)
        ):
            raise  # the database is down or struggling: the fault middleware answers 503
        else:
            logger.warning("PostgreSQL could not read the search %r: %s", text, error)
            results.unreadable = True  # e.g. "tsquery stack too small"
        results.count = 0
        return results
    results.stories = [by_id[pk] for pk in page_ids if pk in by_id]
    for story in results.stories:
        story.snippet = kept[story.pk]
        if story.snippet is None:
            story.snippet = highlighted(story.snippet_source)
            _snippets.put((results.query, story.pk, story.render_stamp), story.snippet)
    return results


# Snippets per (words, story, stamp): the stamp moves with every change of the story's text
# (``story_pages``), so a kept snippet is one the database would make now.
MAX_SNIPPETS = 4000
_snippets = Kept(MAX_SNIPPETS)


def forget_snippets() -> None:
    """Drop the kept snippets (tests; a process's snippets otherwise go with it)."""
    _snippets.clear()


def _set_statement_timeout(using: str) -> None:
    """``SET LOCAL`` for this transaction only (``set_config`` accepts a bound parameter)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %s, true)",
            [f"{settings.NEWSROOM_SEARCH_TIMEOUT_MS}ms"],
        )


def _search_fallback(stories: QuerySet, results: SearchResults) -> SearchResults:
    """Every word in the headline, standfirst or body; newest first (SQLite, development)."""
    words = results.query.split()[:10]
    for word in words:
        stories = stories.filter(
            Q(headline__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
    results.count = stories.values("pk")[: COUNT_CAP + 1].count()
    ordered = stories.order_by("-published_at", "-pk")
    results.stories = list(ordered[_page_slice(results.page)])
    for story in results.stories:
        story.snippet = highlighted(_excerpt(f"{story.standfirst}\n\n{story.body}", words))
    return results


def _excerpt(text: str, words: list[str], *, size: int = 30) -> str:
    """About ``size`` words around the first match, the matches between markers."""
    tokens = _plain(text).split()
    lowered = [word.casefold() for word in words]

    def matches(token: str) -> bool:
        return any(word in token.casefold() for word in lowered)

    first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
    start = max(0, first - size // 3)
    window = tokens[start : start + size]
    marked = [f"{_START}{token}{_STOP}" if matches(token) else token for token in window]
    return " ".join(marked)


def _plain(markdown: str) -> str:
    """The body's words without Markdown punctuation (link targets, ``##``, ``>``, ``*``)."""
    text = _MARKDOWN_LINK_TARGET.sub("]", markdown)
    return " ".join(_MARKDOWN_MARKS.sub(" ", text).split())


def highlighted(snippet: str) -> SafeString:
    """The snippet as HTML: every character escaped, the marked words in ``<mark>``.

    The markers come from the database and the body may contain anything, so the text
    is escaped piece by piece and only our own ``<mark>`` tags are added; a stray or
    unbalanced marker is dropped rather than trusted.
    """
    pieces = []
    for index, chunk in enumerate(_plain(snippet).split(_START)):
        if index == 0:
            pieces.append(escape(chunk.replace(_STOP, "")))
            continue
        marked, _, rest = chunk.partition(_STOP)
        pieces.append(f"<mark>{escape(marked)}</mark>{escape(rest.replace(_STOP, ''))}")
    return mark_safe("".join(pieces))  # every piece is escaped above
