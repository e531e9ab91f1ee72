"""``manage.py generate_stories N``: invented stories in bulk for scale and load tests."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.desk.story_generator import generate_stories


class Command(BaseCommand):
    help = (
        "Add N invented stories (original text) with bylines, quotes, photo captions, tags "
        "and a mix of statuses. For load and scale tests, never a live site."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many stories to add")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same stories")

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("Give a number of stories of 1 or more.")
        started = time.monotonic()

        def progress(done: int) -> None:
            if options["verbosity"] > 1 or done == count:
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"{done:,} stories ({rate:,.0f} a second)")

        generate_stories(count, seed=seed, progress=progress)
