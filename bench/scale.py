"""Scale benchmark: median milliseconds per page, in-process, against an existing database.

Run it against a database filled by ``manage.py generate_stories N`` (never the test
database, never a live site)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_scale \\
        make bench-scale                       # or: python -m bench.scale [--runs 15]

It renders each page with Django's test client (no network, no page cache: the
figure is the uncached cost of a page), prints a Markdown table of median and
slowest-run milliseconds and the queries per page, and with ``--explain DIR``
writes ``EXPLAIN (ANALYZE, BUFFERS)`` of each page's slowest query to ``DIR``.
Compare two runs (1,000 and 100,000 stories) for the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("NEWSROOM_PAGE_CACHE", "0")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def pages() -> list[tuple[str, str, bool]]:
    """(label, URL, needs staff) for the pages the issue lists, chosen from the data."""
    from taggit.models import Tag

    from articles.models import Article, Byline, Person
    from articles.public import selectors
    from articles.public.sitemaps import ArticleSitemap

    story = selectors.public_stories().only("slug", "published_at", "created_at").first()
    tag = Tag.objects.annotate(n=Count("articles_taggedarticle_items")).order_by("-n").first()
    busiest = Byline.objects.values("person").annotate(n=Count("pk")).order_by("-n").first() or {}
    person = Person.objects.filter(pk=busiest.get("person")).first()
    source = selectors.public_stories().exclude(source_slug="").values("source_slug").first()
    # Article sitemap files are id ranges (IdRangePaginator): the last one holds the top id.
    last_sitemap_page = ArticleSitemap().paginator.num_pages
    recent_source = Article.objects.exclude(source="").order_by("-pk").values("source").first()
    found = [
        ("home", "/", False),
        ("story", story.get_absolute_url() if story else "/", False),
        ("tag page", f"/tags/{tag.slug}/" if tag else "/", False),
        ("tag feed", f"/tags/{tag.slug}/feed/rss/" if tag else "/", False),
        ("person page", person.get_absolute_url() if person else "/", False),
        ("source page", f"/sources/{source['source_slug']}/" if source else "/", False),
        ("site feed", "/feeds/rss/", False),
        ("sitemap index", "/sitemap.xml", False),
        ("articles sitemap, first page", "/sitemap-articles.xml?p=1", False),
        ("articles sitemap, last page", f"/sitemap-articles.xml?p={last_sitemap_page}", False),
        ("people sitemap", "/sitemap-people.xml", False),
        ("tags sitemap", "/sitemap-tags.xml", False),
        ("news sitemap", "/news-sitemap.xml", False),
        ("search, common word", "/search/?q=council", False),
        ("search, rare words", "/search/?q=lighthouse+petition", False),
        ("search, page 5", "/search/?q=council&page=5", False),
        ("admin changelist", "/admin/articles/article/", True),
        ("admin changelist, filtered", "/admin/articles/article/?status__exact=published", True),
        ("admin changelist, a year", "/admin/articles/article/?published_at__year=2025", True),
        (
            "admin changelist, source filter",
            "/admin/articles/article/?" + urlencode({"source": recent_source["source"]})
            if recent_source
            else "/admin/articles/article/?source=-",
            True,
        ),
        ("admin changelist, search", "/admin/articles/article/?q=council", True),
    ]
    return found


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int, int, list]:
    """Median and slowest ms over ``runs`` (after two warm-ups), queries, status, queries."""
    for _ in range(2):
        client.get(url)
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return (
        statistics.median(timings),
        max(timings),
        len(captured),
        response.status_code,
        captured.captured_queries,
    )


def explain(queries: list, path: Path) -> None:
    """EXPLAIN ANALYZE of the slowest query (PostgreSQL), written to ``path``."""
    if connection.vendor != "postgresql" or not queries:
        return
    slowest = max(queries, key=lambda query: float(query["time"]))
    sql = slowest["sql"]
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        return
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    path.write_text(f"{sql}\n\n{plan}\n")


def main(argv: list[str] | None = None) -> int:
    summary = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=summary)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--explain", type=Path, help="write each page's slowest plan here")
    parser.add_argument("--only", help="measure only the pages whose label contains this")
    args = parser.parse_args(argv)

    from articles.models import Article

    setup_test_environment()  # lets the test client talk to the site; no test database
    staff, _ = get_user_model().objects.get_or_create(
        username="bench-scale", defaults={"is_staff": True, "is_superuser": True}
    )
    reader, editor = Client(), Client()
    editor.force_login(staff)
    total = Article.objects.count()
    print(f"{total:,} stories in {connection.vendor} ({connection.settings_dict['NAME']})\n")
    print("| page | median ms | slowest ms | queries | status |")
    print("| --- | ---: | ---: | ---: | ---: |")
    if args.explain:
        args.explain.mkdir(parents=True, exist_ok=True)
    for label, url, needs_staff in pages():
        if args.only and args.only not in label:
            continue
        median, slowest, queries, status, captured = measure(
            editor if needs_staff else reader, url, args.runs
        )
        print(f"| {label} | {median:.1f} | {slowest:.1f} | {queries} | {status} |", flush=True)
        if args.explain:
            explain(captured, args.explain / f"{label.replace(' ', '-').replace(',', '')}.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
