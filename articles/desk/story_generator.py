"""Realistic invented stories in bulk, for load and scale tests (``generate_stories N``).

Everything is original text built from small word lists: invented people, places,
agencies and notices, never agency copy. Stories come with bylines, quotes that
their body prints word for word, photo captions (no files), tags and a mix of
statuses (mostly published, some scheduled, embargoed, draft or withdrawn), spread
over five years. Rows are written with ``bulk_create`` in batches, one transaction
per batch, so 100,000 stories take minutes rather than hours.

``bulk_create`` bypasses ``save()``: fields that ``save()`` derives (slugs, the
source slug, photo credit parts) are filled here, and anything another save path
derives must be rebuilt by its own command afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from ..conventions.credits import split_credit
from ..models import Article, Byline, Person, PhotoCaption, Quote, RightsNotice, TaggedArticle

# fmt: off
FIRST = ["Ada", "Bruno", "Carla", "Dario", "Elin", "Farid", "Greta", "Hugo", "Inês", "Jonas",
         "Kaia", "Lorenzo", "Maren", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tilde",
         "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zoë", "Aurélie", "Björn", "Çelik", "Dörte"]
LAST = ["Abril", "Berg", "Castell", "Dunmore", "Eskola", "Falk", "Garrow", "Hale", "Ilves",
        "Jansen", "Korhonen", "Lund", "Mireles", "Nord", "Okafor", "Pell", "Quist", "Rask",
        "Sandoval", "Toivo", "Ueda", "Varga", "Wexler", "Yamada", "Zeller", "Núñez", "Østby"]
TITLES = ["harbour master", "city engineer", "head teacher", "market warden", "project manager",
          "chief librarian", "council leader", "ferry captain", "union spokesperson", "mayor"]
PLACES = ["PORT ALDER", "SALTMARSH", "CAPE MORROW", "NEW HOLLIN", "ST. BRAE", "EASTWICK FERRY",
          "LOWER TARN", "GULL ROCK", "KESTREL BAY", "MILLHAVEN"]
THINGS = ["ferry", "school", "bridge", "market", "wind farm", "library", "harbour wall",
          "tram line", "café", "fish auction", "lighthouse", "water works", "hospital wing",
          "sea wall", "cycle path", "museum", "ice rink", "bus depot", "marina", "orchard"]
VERBS = ["approves", "delays", "rejects", "expands", "reviews", "funds", "pauses", "reopens"]
TOPICS = ["Transport", "Education", "Energy", "Health", "Culture", "Housing", "Environment",
          "Economy", "Fisheries", "Tourism", "Weather", "Sport", "Courts", "Council", "Science"]
FILLER = [
    "Officials said the plan had been discussed for more than a year.",
    "Residents packed the hall for a meeting that ran late into the evening.",
    "The cost will be shared between the city and the regional government.",
    "Opponents said the timetable left too little room for a proper study.",
    "Work is expected to begin after the summer holidays.",
    "A final vote is scheduled for the next session of the council.",
    "Local businesses welcomed the decision but asked for clearer deadlines.",
    "The last comparable project in the region took four years to finish.",
    "Several speakers asked how the plan would be paid for once grants ran out.",
    "The figures were published on the council's notice board on Friday.",
    "Engineers will survey the site again before any contract is signed.",
    "A petition against the change gathered more than two thousand names.",
]
SAYINGS = [
    "We have waited long enough for this",
    "The numbers simply do not add up",
    "Nobody here wants to lose the {thing}",
    "It will take time, but it is the right decision",
    "We asked for a plan and we were given a promise",
    "The {thing} belongs to everyone in {place}",
]
AGENCIES = [("", "Our Newsroom"), ("Northwind", "Northwind Media"), ("Gullwing", "Gullwing News")]
# fmt: on
BATCH = 1000
# Status mix of a living archive: mostly public, some waiting, some killed.
STATUS_WEIGHTS = [("published", 85), ("scheduled", 5), ("embargoed", 3), ("draft", 4), ("w", 3)]


@dataclass
class Pools:
    people: list[Person]
    tags: list[Tag]
    notices: dict[str, RightsNotice]


def generate_stories(
    count: int, *, seed: int = 1, progress: Callable[[int], None] | None = None
) -> int:
    """Write ``count`` invented stories with their parts; returns how many were written."""
    rng = random.Random(seed)
    pools = _pools(rng, people=max(60, count // 80), tags=max(40, min(count // 200, 600)))
    first_number = (Article.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    now = timezone.now()
    written = 0
    while written < count:
        size = min(BATCH, count - written)
        with transaction.atomic():
            drafts = [
                _story(rng, pools, number=first_number + written + i, now=now) for i in range(size)
            ]
            articles = Article.objects.bulk_create([draft.article for draft in drafts])
            bylines, quotes, photos, tagged = [], [], [], []
            for article, draft in zip(articles, drafts, strict=True):
                for part in draft.bylines + draft.quotes + draft.photos:
                    part.article_id = article.pk
                for byline in draft.bylines:  # the copy save() would make (tag and person pages)
                    byline.published_at = article.published_at
                bylines += draft.bylines
                quotes += draft.quotes
                photos += draft.photos
                tagged += [
                    TaggedArticle(
                        tag_id=tag.pk,
                        content_object_id=article.pk,
                        published_at=article.published_at,
                    )
                    for tag in draft.tags
                ]
            Byline.objects.bulk_create(bylines)
            Quote.objects.bulk_create(quotes)
            PhotoCaption.objects.bulk_create(photos)
            TaggedArticle.objects.bulk_create(tagged)
        written += size
        if progress:
            progress(written)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the planner guesses
            cursor.execute("ANALYZE")
    return written


def _pools(rng: random.Random, *, people: int, tags: int) -> Pools:
    """People, tags and notices the stories share (created once, reused by later runs)."""
    existing = list(Person.objects.filter(slug__startswith="gen-").order_by("pk")[:people])
    new_people = [
        Person(
            name=(name := f"{rng.choice(FIRST)} {rng.choice(LAST)}"),
            slug=f"gen-{slugify(name)}-{number}",
            title=rng.choice(TITLES),
        )
        for number in range(len(existing), people)
    ]
    Person.objects.bulk_create(new_people)
    tag_names = [f"{topic}" for topic in TOPICS] + [
        f"{place.title()} {thing}" for place in PLACES for thing in THINGS
    ]
    wanted = tag_names[:tags]
    known = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
    Tag.objects.bulk_create(
        [Tag(name=name, slug=slugify(name)) for name in wanted if name not in known],
        ignore_conflicts=True,
    )
    notices = {}
    for source, holder in AGENCIES:
        text = f"© {holder} 2026. All rights reserved." + (
            "" if not source else " Republication only with a current licence."
        )
        notice = RightsNotice.objects.filter(fingerprint=RightsNotice.fingerprint_of(text)).first()
        if notice is None:
            notice = RightsNotice(notice=text, allows_full_text=not source)
            notice.save()
        notices[source] = notice
    return Pools(
        people=existing + new_people,
        tags=list(Tag.objects.filter(name__in=wanted).order_by("pk")),
        notices=notices,
    )


@dataclass
class _Draft:
    article: Article
    bylines: list[Byline]
    quotes: list[Quote]
    photos: list[PhotoCaption]
    tags: list[Tag]


def _story(rng: random.Random, pools: Pools, *, number: int, now) -> _Draft:
    thing, place, verb = rng.choice(THINGS), rng.choice(PLACES), rng.choice(VERBS)
    source, _holder = rng.choice(AGENCIES)
    headline = f"{place.title()} council {verb} {thing} plan"
    authors = rng.sample(pools.people, k=rng.choice([1, 1, 1, 2]))
    speakers = rng.sample(pools.people, k=rng.choice([0, 1, 2, 3]))
    sayings = [
        rng.choice(SAYINGS).format(thing=thing, place=place.title()) for _ in range(len(speakers))
    ]
    paragraphs = [
        f"The council in {place.title()} {verb} the {thing} plan on "
        f"{rng.choice(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'])}.",
        *rng.sample(FILLER, k=rng.randint(2, 5)),
    ]
    for speaker, saying in zip(speakers, sayings, strict=True):
        paragraphs.insert(
            rng.randint(1, len(paragraphs)), f"“{saying},” said {speaker.name}, {speaker.title}."
        )
    if rng.random() < 0.4:
        paragraphs.insert(len(paragraphs) // 2, "## WHAT COMES NEXT")
    published_at = now - timedelta(minutes=rng.randint(60, 5 * 365 * 24 * 60))
    status, embargo, withdrawn_at = Article.Status.PUBLISHED, None, None
    kind = rng.choices([k for k, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])[0]
    if kind == "scheduled":
        published_at = now + timedelta(minutes=rng.randint(10, 14 * 24 * 60))
    elif kind == "embargoed":
        # An embargo lasts hours to two days from filing, so only the last two days' hold
        # one still running: an archive's live embargoes come from its daily flow, not its
        # size (not 3,000 live ones at 100,000 stories in front of every public list).
        embargo = published_at + timedelta(minutes=rng.randint(10, 48 * 60))
    elif kind == "draft":
        status = Article.Status.DRAFT
    elif kind == "w":
        status, withdrawn_at = Article.Status.WITHDRAWN, published_at + timedelta(hours=2)
    article = Article(
        headline=headline,
        slug=f"{slugify(headline)[:150]}-{number}",
        standfirst=f"A decision on the {thing} that {place.title()} has argued over for months.",
        dateline=place,
        source=source,
        source_slug=slugify(source),
        body="\n\n".join(paragraphs),
        status=status,
        published_at=published_at,
        embargo_until=embargo,
        withdrawn_at=withdrawn_at,
        withdrawal_reason="Withdrawn for legal reasons." if withdrawn_at else "",
        rights_notice=pools.notices[source],
    )
    bylines = [
        Byline(person=person, role=Byline.Role.AUTHOR, position=position)
        for position, person in enumerate(authors)
    ]
    if rng.random() < 0.15:
        extra = rng.choice(pools.people)
        if extra not in authors:
            bylines.append(
                Byline(person=extra, role=Byline.Role.ADDITIONAL_REPORTING, position=len(bylines))
            )
    quotes = [
        Quote(speaker=speaker, speaker_title=speaker.title, text=saying, position=position)
        for position, (speaker, saying) in enumerate(zip(speakers, sayings, strict=True))
    ]
    photos = []
    for position in range(rng.choice([0, 1, 1, 2])):
        photographer = rng.choice(pools.people)
        credit = f"{(source or 'STAFF').upper()}/{photographer.name}"
        parts = split_credit(credit)
        photos.append(
            PhotoCaption(
                caption=f"The {thing} in {place.title()}, seen from the quay.",
                credit=credit,
                agency=parts.agency,
                photographer_name=parts.photographer,
                is_file_photo=parts.file_photo,
                photographer=photographer,
                alt_text=f"The {thing} on a grey morning.",
                position=position,
                is_lead=position == 0,
            )
        )
    tags = rng.sample(pools.tags, k=min(len(pools.tags), rng.choice([1, 2, 2, 3, 4])))
    return _Draft(article, bylines, quotes, photos, tags)
