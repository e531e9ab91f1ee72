"""Wire import benchmark: stories per second for parsing, and for parsing plus storing.

Run with ``make bench`` (``DJANGO_SETTINGS_MODULE=tests.settings python -m bench``).
It generates 1,000 original stories in the plain-text wire layout (invented
people, places and agency), creates a throwaway test database (SQLite by
default, PostgreSQL when DATABASE_URL names one), and removes it afterwards.

    python -m bench [--stories N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import textwrap
import time
from datetime import date, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

# fmt: off
FIRST = ["Ada", "Bruno", "Carla", "Dario", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Kaia", "Lorenzo", "Maren", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tilde",
         "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zora"]
LAST = ["Abril", "Berg", "Castell", "Dunmore", "Eskola", "Falk", "Garrow", "Hale", "Ilves",
        "Jansen", "Korhonen", "Lund", "Mireles", "Nord", "Okafor", "Pell", "Quist", "Rask",
        "Sandoval", "Toivo", "Ueda", "Varga", "Wexler", "Yamada", "Zeller"]
# fmt: on
PLACES = ["PORT ALDER", "SALTMARSH", "CAPE MORROW", "NEW HOLLIN", "ST. BRAE", "EASTWICK FERRY"]
AGENCIES = [("Northwind", "Northwind Media"), ("Gullwing", "Gullwing News")]
TOPICS = [
    ("ferry", "crossings", "harbour master"),
    ("school", "classrooms", "head teacher"),
    ("bridge", "repairs", "city engineer"),
    ("market", "stalls", "market warden"),
    ("wind farm", "turbines", "project manager"),
    ("library", "reading rooms", "chief librarian"),
]
VERBS = ["approves", "delays", "rejects", "expands", "reviews", "funds"]
FILLER = [
    "Officials said the plan had been discussed for more than a year.",
    "Residents packed the hall for a meeting that ran late into the evening.",
    "The cost will be shared between the city and the regional government.",
    "Opponents said the timetable left too little room for a proper study.",
    "Work is expected to begin after the summer holidays.",
    "A final vote is scheduled for the next session of the council.",
    "Local businesses welcomed the decision but asked for clearer deadlines.",
    "The last comparable project in the region took four years to finish.",
]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def wrap(paragraph: str) -> list[str]:
    return textwrap.wrap(paragraph, width=rng_width(paragraph))


def rng_width(paragraph: str) -> int:
    return 60 + len(paragraph) % 12  # hard-wrapped at 60 to 71 characters, like wire copy


def generate(n: int, rng: random.Random) -> list[bytes]:
    """``n`` original stories in the plain-text wire layout of docs/wire-format.md."""
    stories = []
    start = date(2025, 1, 1)
    for i in range(n):
        thing, parts, job = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        agency, holder = rng.choice(AGENCIES)
        day = start + timedelta(days=i % 300)
        authors = [person(rng) for _ in range(rng.choice([1, 1, 2]))]
        speaker, second = person(rng), person(rng)
        count = 3 + i % 97
        headline = f"{place.title()} council {rng.choice(VERBS)} {count} new {thing} {parts}"
        body = [
            f"{place} ({agency}) - The council of {place.title()} voted on Monday to add "
            f"{count} {parts} to the {thing}, officials said, in a plan numbered {i + 1}.",
            *rng.sample(FILLER, 2),
            f'"This is the most useful thing we can do this year," said {speaker}, '
            f"{job} of {place.title()}.",
            f'"We will keep the public informed," {speaker.split()[1]} added.',
        ]
        lines = [headline, "Send a link to a friend", f"[{day:%B} {day.day}, {day.year}]"]
        lines.append("By " + " and ".join(authors))
        for paragraph in body:
            lines.extend(wrap(paragraph))
        lines.append("'WHAT COMES NEXT'")
        for paragraph in [*rng.sample(FILLER, 2), f'{second} called the plan "long overdue."']:
            lines.extend(wrap(paragraph))
        if i % 3 == 0:
            lines += [
                "[to top of second column]",
                "|",
                *wrap(f"A view of the {thing} in {place.title()}, {day:%B} {day.day}, {day.year}."),
                f"{agency.upper()}/{person(rng)}/File Photo",
            ]
        lines += wrap(
            f"(Reporting by {authors[0]} in {place.title()}; Additional reporting by "
            f"{person(rng)}; Editing by {person(rng)})"
        )
        lines += [
            f"[© {day.year} {holder}. All rights reserved.]This material may not be",
            "published, broadcast, rewritten or redistributed.",
            f"{holder} is solely responsible for this content. |",
        ]
        stories.append("\n".join(lines).encode("utf-8"))
    return stories


def large_quote_paste(size: int) -> str:
    """One story of about ``size`` characters of short quotes in several languages' styles,
    the shape that once took 33 s for 3 MB: parsing must stay linear in its length."""
    pieces = [
        f'"We will," said {person(random.Random(n))}, harbour master. "Yes," he added. '
        "«Sì», ha detto il sindaco Ada Berg. „Ja“, sagte sie. "
        for n in range(50)
    ]
    paragraphs, length = [], 0
    while length < size:
        paragraph = pieces[len(paragraphs) % len(pieces)] * 3
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    return "Harbour hearing runs all night\n\n" + "\n\n".join(paragraphs) + "\n"


def rate(n: int, seconds: float, cpu: float) -> str:
    """Stories a second by the clock, and by this process's CPU time: on a shared machine
    the second says what the code costs when other work takes the cores (it leaves out
    the database server's own time)."""
    return f"{n / seconds:8.1f} stories/s  ({seconds:6.2f} s for {n}; {n / cpu:6.1f}/s of CPU)"


class _Timer:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--quote-kb", type=int, default=1000, help="size of the quote paste")
    args = parser.parse_args(argv)

    from articles.models import Article, Person
    from articles.wire.detect import parse
    from articles.wire.store import store_story

    rng = random.Random(args.seed)
    copies = generate(args.stories, rng)

    for copy in copies[:50]:  # warm up: first calls compile regular expressions
        parse(copy)

    with _Timer() as parse_time:
        stories = [parse(copy, format="text") for copy in copies]

    with _Timer() as detect_time:
        for copy in copies:
            parse(copy)  # format recognised from the content

    quote_paste = large_quote_paste(args.quote_kb * 1000)
    began = time.perf_counter()
    quoted = parse(quote_paste.encode("utf-8"), format="text")
    quote_time = time.perf_counter() - began

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = f"{connection.vendor} ({connection.settings_dict['NAME']})"
        with _Timer() as store_time:
            results = [store_story(parse(copy, format="text")) for copy in copies]

        with _Timer() as again_time:
            again = [store_story(parse(copy, format="text")) for copy in copies]

        created = sum(r.action == "created" for r in results)
        unchanged = sum(r.action == "unchanged" for r in again)
        articles, people = Article.objects.count(), Person.objects.count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(f"Wire import benchmark: {len(copies)} generated plain-text stories, database {vendor}")
    print(f"  parse (text parser)            {rate(len(stories), parse_time.wall, parse_time.cpu)}")
    print(
        f"  parse (format auto-detected)   {rate(len(copies), detect_time.wall, detect_time.cpu)}"
    )
    print(f"  parse + store (new drafts)     {rate(len(copies), store_time.wall, store_time.cpu)}")
    print(f"  parse + store again (no-op)    {rate(len(copies), again_time.wall, again_time.cpu)}")
    print(
        f"  parse a {len(quote_paste) // 1000} kB paste of short quotes   {quote_time:6.2f} s "
        f"({len(quote_paste) / quote_time / 1000:.0f} kB/s, {len(quoted.quotes)} quotes)"
    )
    print(
        f"  {created} created, {unchanged} unchanged on re-import; "
        f"{articles} articles, {people} people in the database"
    )
    if created != len(copies) or unchanged != len(copies):
        print("  WARNING: not every story was created once and recognised again", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
