"""Time travel: scheduled time, embargo and licence expiry, checked on every public output.

One story (the "subject") sits next to an always-public anchor that shares its tag,
source and writer. The clock is moved to just before, exactly at and just after the
subject's boundary, with no write in between: what readers see changes by the query-time
rule alone (no cron job). Every output is asked whether it shows the subject.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Byline
from tests.factories import ArticleFactory, BylineFactory, PersonFactory, RightsNoticeFactory
from tests.pages import json_ld

pytestmark = pytest.mark.django_db

CREATED = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)  # when the desk sets everything up
BOUNDARY = datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # the moment the subject changes
SECOND = timedelta(seconds=1)
SLUG = "zzsubject-story"
BODY_MARK = "ZZSUBJECT body"


@dataclass(frozen=True)
class Case:
    """A state of the subject story, the time to look, and whether readers see it then."""

    state: str
    moment: str
    visible: bool

    @property
    def now(self) -> datetime:
        return BOUNDARY + {"before": -SECOND, "at": timedelta(0), "after": SECOND}[self.moment]

    @property
    def hidden_status(self) -> int:
        """What the story's own address answers while it is hidden."""
        return 410 if self.state.startswith("expired") else 404

    def __str__(self) -> str:
        return f"{self.state}-{self.moment}"


CASES = [
    # Hidden until the boundary, public from it on (published_at <= now, embargo <= now).
    Case("scheduled", "before", False),
    Case("scheduled", "at", True),
    Case("scheduled", "after", True),
    Case("embargoed", "before", False),
    Case("embargoed", "at", True),
    Case("embargoed", "after", True),
    # Public until the boundary, gone from it on (shown while licence_expires_at > now).
    Case("expired by days", "before", True),
    Case("expired by days", "at", False),
    Case("expired by days", "after", False),
    Case("expired by date", "before", True),
    Case("expired by date", "at", False),
    Case("expired by date", "after", False),
]


def _subject_fields(state: str) -> dict:
    """Publication time, embargo and notice that put the subject's boundary at BOUNDARY."""
    if state == "scheduled":
        return {"published_at": BOUNDARY, "rights_notice": RightsNoticeFactory()}
    if state == "embargoed":
        return {
            "published_at": BOUNDARY - timedelta(hours=6),
            "embargo_until": BOUNDARY,
            "rights_notice": RightsNoticeFactory(),
        }
    if state == "expired by days":
        # One day: the story is still inside the news sitemap's two-day window.
        return {
            "published_at": BOUNDARY - timedelta(days=1),
            "rights_notice": RightsNoticeFactory(display_days=1),
        }
    assert state == "expired by date"
    return {
        "published_at": BOUNDARY - timedelta(hours=12),
        "rights_notice": RightsNoticeFactory(display_until=BOUNDARY),
    }


@pytest.fixture
def world(time_machine):
    time_machine.move_to(CREATED, tick=False)
    writer = PersonFactory(name="Shared Writer")
    anchor = ArticleFactory(
        headline="Anchor story",
        agency=True,
        published_at=CREATED - timedelta(days=1),
        tags=["harbour"],
    )
    BylineFactory(article=anchor, person=writer)

    def make(state: str):
        # Created an hour after the anchor: the sitemap index's lastmod tells them apart.
        time_machine.move_to(CREATED + timedelta(hours=1), tick=False)
        subject = ArticleFactory(
            headline="ZZSUBJECT story",
            standfirst="ZZSUBJECT standfirst",
            body=f"The harbour council met. {BODY_MARK}.",
            source="Northwind",
            source_identifier="nw-subject",
            tags=["harbour", "zzsubject-tag"],
            **_subject_fields(state),
        )
        BylineFactory(article=subject, person=writer, role=Byline.Role.REPORTING)
        BylineFactory(article=subject, person=PersonFactory(name="Zzsubject Writer"))
        return {"anchor": anchor, "subject": subject, "writer": writer}

    return make


def _listed(client, url: str) -> bool:
    """A list, feed or sitemap that answers 200 either way (the anchor keeps it alive)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return SLUG in response.content.decode()


def _listed_or_404(client, url: str) -> bool:
    """A page of something only the subject has: 404 while the subject is hidden."""
    response = client.get(url)
    assert response.status_code in (200, 404), url
    return response.status_code == 200 and SLUG in response.content.decode()


def _story_page(client, url: str, case: Case) -> bool:
    response = client.get(url)
    content = response.content.decode()
    if response.status_code == 200:
        return BODY_MARK in content
    assert response.status_code == case.hidden_status, url
    assert BODY_MARK not in content and "ZZSUBJECT standfirst" not in content
    return False


def _json_ld(client, url: str) -> bool:
    response = client.get(url)
    blocks = json_ld(response.content) if response.status_code == 200 else []
    headlines = [block.get("headline") for block in blocks if block["@type"] == "NewsArticle"]
    assert response.status_code == 200 or "ZZSUBJECT" not in json.dumps(headlines)
    return "ZZSUBJECT story" in headlines


def _export_command(subject) -> bool:
    out = io.StringIO()
    call_command("export_ninjs", stdout=out)
    exported = [item["headlines"][0]["value"] for item in json.loads(out.getvalue())]
    by_id = True
    try:
        call_command("export_ninjs", str(subject.pk), stdout=io.StringIO())
    except CommandError:
        by_id = False
    assert by_id == ("ZZSUBJECT story" in exported)
    return by_id


def _sitemap_index(client, subject) -> bool:
    """The index's lastmod for stories is the newest public story's: the subject's or not.

    The subject was saved, and is published, later than the anchor: whichever of the two
    times the index goes by, it is the subject's only while the subject is public.
    """
    content = client.get("/sitemap.xml").content.decode()
    times = {subject.updated_at, subject.published_at}
    return any(date_filter(timezone.localtime(t), "c") in content for t in times)


def _seen_everywhere(client, world, case: Case) -> dict[str, bool]:
    subject, anchor, writer = world["subject"], world["anchor"], world["writer"]
    page = subject.get_absolute_url()
    tag, source = "harbour", "northwind"
    return {
        "story page": _story_page(client, page, case),
        "ninjs.json": _story_page(client, f"{page}ninjs.json", case),
        "JSON-LD on the story page": _json_ld(client, page),
        "export_ninjs command": _export_command(subject),
        "home": _listed(client, "/"),
        "tag page": _listed(client, f"/tags/{tag}/"),
        "page of a tag only it has": _listed_or_404(client, "/tags/zzsubject-tag/"),
        "person page": _listed(client, writer.get_absolute_url()),
        "source page": _listed(client, f"/sources/{source}/"),
        "search": _listed(client, "/search/?q=zzsubject"),
        "related stories on another page": _listed(client, anchor.get_absolute_url()),
        "rss": _listed(client, reverse("articles:feed-rss")),
        "atom": _listed(client, reverse("articles:feed-atom")),
        "tag rss": _listed(client, reverse("articles:tag-feed-rss", kwargs={"slug": tag})),
        "tag atom": _listed(client, reverse("articles:tag-feed-atom", kwargs={"slug": tag})),
        "source rss": _listed(client, reverse("articles:source-feed-rss", kwargs={"slug": source})),
        "source atom": _listed(
            client, reverse("articles:source-feed-atom", kwargs={"slug": source})
        ),
        "sitemap index": _sitemap_index(client, subject),
        "articles sitemap": _listed(client, "/sitemap-articles.xml"),
        "news sitemap": _listed(client, "/news-sitemap.xml"),
        # Known only from the subject: these appear and disappear with it.
        "tags sitemap": "zzsubject-tag" in client.get("/sitemap-tags.xml").content.decode(),
        "people sitemap": "zzsubject-writer" in client.get("/sitemap-people.xml").content.decode(),
    }


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_output_shows_the_story_exactly_when_readers_may_see_it(
    client, world, time_machine, case
):
    built = world(case.state)
    time_machine.move_to(case.now, tick=False)
    seen = _seen_everywhere(client, built, case)
    assert seen == dict.fromkeys(seen, case.visible)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_is_public_agrees_with_published_at_every_moment(world, time_machine, case):
    subject = world(case.state)["subject"]
    time_machine.move_to(case.now, tick=False)
    subject.refresh_from_db()
    in_queryset = type(subject).objects.published().filter(pk=subject.pk).exists()
    assert subject.is_public() is in_queryset is case.visible


def test_one_story_walks_through_its_life_without_a_single_write(client, world, time_machine):
    """Scheduled, then public, then gone: only the clock moves, nothing is written.

    Except the story page's rendered parts, stored on the first view (derived HTML that
    says nothing about visibility: see articles.public.story_pages).
    """
    subject = world("expired by days")["subject"]
    timeline = [
        (subject.published_at - SECOND, 404),
        (subject.published_at, 200),
        (BOUNDARY - SECOND, 200),
        (BOUNDARY, 410),
    ]
    answers = []
    with CaptureQueriesContext(connection) as queries:
        for moment, _expected in timeline:
            time_machine.move_to(moment, tick=False)
            answers.append(client.get(subject.get_absolute_url()).status_code)
    assert answers == [expected for _moment, expected in timeline]
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
        and "articles_renderedstory" not in q["sql"]
    ]
    assert writes == []
