"""Export public stories as IPTC ninjs 2.2: to standard output (a JSON array) or a folder."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from articles.public.ninjs_export import article_to_ninjs


class Command(BaseCommand):
    help = (
        "Export public stories as ninjs 2.2 JSON: all of them, or those with the given IDs. "
        "Only public stories are exported; the body only where the rights notice allows it."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, metavar="ID")
        parser.add_argument(
            "--output",
            "-o",
            metavar="FOLDER",
            help="Write one <date>-<slug>.json file per story into FOLDER instead of stdout.",
        )

    def handle(self, *args, **options):
        ids = options["ids"]
        stories = Article.objects.published().with_story_parts().order_by("published_at", "pk")
        if ids:
            stories = stories.filter(pk__in=ids)
            missing = sorted(set(ids) - set(stories.values_list("pk", flat=True)))
            if missing:
                raise CommandError(
                    "Not public (or no such story), nothing exported: "
                    + ", ".join(str(pk) for pk in missing)
                )
        folder = Path(options["output"]) if options["output"] else None
        if folder:
            folder.mkdir(parents=True, exist_ok=True)
        items, count = [], 0
        for article in stories.iterator(chunk_size=200):
            item = article_to_ninjs(article)
            count += 1
            if folder is None:
                items.append(item)
                continue
            name = f"{article.publication_date:%Y-%m-%d}-{article.slug}.json"
            (folder / name).write_text(
                json.dumps(item, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        if folder is None:
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
        else:
            self.stderr.write(f"Exported {count} stories to {folder}.")
