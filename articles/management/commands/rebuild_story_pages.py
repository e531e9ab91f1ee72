"""Rebuild what is rendered from stories ahead of readers: the body HTML and the page parts.

- Body HTML (``Article.body_html``) is stored by ``save()``; stories written without it
  (``bulk_create``: ``generate_stories``, older rows) or by an older renderer
  (``rendering.VERSION``) get it here. Until then their body is rendered on each view.
- Page parts (``RenderedStory``) are dropped; with ``--origin`` every public story's are
  rendered again now for that address (else on each story's next view). Needed only to
  warm a new site, or after changing what the parts are made from outside the code and
  templates that ``articles.public.story_pages`` fingerprints (those re-render by themselves).
"""

from django.core.exceptions import DisallowedHost
from django.core.management.base import BaseCommand, CommandError

from articles.conventions import rendering
from articles.models import Article
from articles.public import story_pages
from articles.public.selectors import story_page

BATCH = 500


class Command(BaseCommand):
    help = (
        "Store missing body HTML; drop the stored story page parts (and render the public "
        "stories' again with --origin)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            help="The site's address readers use, e.g. https://news.example.org: render every "
            "public story's parts now for it.",
        )

    def handle(self, *args, origin=None, **options):
        stale = Article.objects.exclude(body_html_version=rendering.VERSION).order_by("pk")
        rebuilt = 0
        while batch := list(stale.only("body")[:BATCH]):
            for article in batch:
                article.store_body_html()
            # bulk_update: the same HTML the page would render now, so no stamp moves.
            Article.objects.bulk_update(batch, ["body_html", "body_html_version"])
            rebuilt += len(batch)
        self.stdout.write(f"{rebuilt} stories' body HTML stored.")
        dropped = story_pages.forget_all()
        self.stdout.write(f"{dropped} stored story pages dropped.")
        if not origin:
            return
        try:
            story_pages.origin_request(origin)
        except ValueError as problem:
            raise CommandError(f"--origin: {problem}") from None
        except DisallowedHost:
            raise CommandError(f"{origin} is not in DJANGO_ALLOWED_HOSTS.") from None
        rendered = 0
        for article in story_page().iterator(chunk_size=500):
            request = story_pages.origin_request(origin, article.get_absolute_url())
            story_pages.parts_for(request, article)
            rendered += 1
        self.stdout.write(f"{rendered} public stories rendered for {origin}.")
