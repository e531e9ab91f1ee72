"""Original stories for the page benchmark, written in bulk (invented people and places)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

PLACES = ["Port Alder", "Saltmarsh", "Cape Morrow", "New Hollin", "St. Brae", "Eastwick Ferry"]
THINGS = ["ferry", "school", "bridge", "market", "wind farm", "library", "harbour", "tram"]
VERBS = ["approves", "delays", "rejects", "expands", "reviews", "funds"]
NAMES = ["Ada Berg", "Bruno Castell", "Carla Dunmore", "Dario Eskola", "Elin Falk", "Farid Hale"]


@transaction.atomic
def create_stories(count: int, *, seed: int = 2025) -> str:
    """``count`` published stories with bylines, a quote and tags; returns the richest's URL."""
    from taggit.models import Tag

    from articles.models import Article, Byline, Person, Quote, RightsNotice, TaggedArticle

    rng = random.Random(seed)
    notice = RightsNotice.objects.create(
        notice="© 2026 The Harbour Ledger. Free to share with a link to the original story.",
        allows_full_text=True,
    )
    people = [
        Person.objects.create(name=f"{name} {i}", title="Reporter")
        for i in range(20)
        for name in NAMES
    ]
    tags = [Tag.objects.create(name=thing, slug=slugify(thing)) for thing in THINGS]
    now = timezone.now()
    articles = []
    for i in range(count):
        place, thing = rng.choice(PLACES), rng.choice(THINGS)
        headline = f"{place} council {rng.choice(VERBS)} {i + 3} new {thing} plans"
        quote = f"This is the most useful thing we can do this year for the {thing}"
        paragraphs = [
            f"The council of {place} voted on Monday on the {thing}, officials said.",
            f'"{quote}," said the {thing} manager.',
            "## WHAT COMES NEXT",
            *(f"Paragraph {n} of the story about the {thing} in {place}." for n in range(8)),
        ]
        articles.append(
            Article(
                headline=headline,
                slug=f"{slugify(headline)}-{i}",
                standfirst=f"What the vote on the {thing} means for {place}.",
                dateline=place.upper(),
                body="\n\n".join(paragraphs),
                status=Article.Status.PUBLISHED,
                published_at=now - timedelta(minutes=10 * (i + 1)),
                rights_notice=notice,
            )
        )
    for article in articles:  # as save() would: pages and feeds read the stored body HTML
        article.store_body_html()
    Article.objects.bulk_create(articles, batch_size=500)
    bylines, quotes, tagged = [], [], []
    for index, article in enumerate(articles):
        parts = 12 if index == 0 else 2  # the first story is the "richest" one
        for n, person in enumerate(rng.sample(people, parts)):
            role = Byline.Role.AUTHOR if n < 2 else Byline.Role.ADDITIONAL_REPORTING
            bylines.append(
                Byline(
                    article=article,
                    person=person,
                    role=role,
                    position=n,
                    published_at=article.published_at,  # the copy save() would make
                )
            )
        quotes.append(
            Quote(
                article=article,
                speaker=rng.choice(people),
                text=article.body.split('"')[1],
                position=0,
                is_pull_quote=True,
            )
        )
        for tag in rng.sample(tags, 2):
            tagged.append(
                TaggedArticle(tag=tag, content_object=article, published_at=article.published_at)
            )
    Byline.objects.bulk_create(bylines, batch_size=1000)
    Quote.objects.bulk_create(quotes, batch_size=1000)
    TaggedArticle.objects.bulk_create(tagged, batch_size=1000)
    return articles[0].get_absolute_url()
