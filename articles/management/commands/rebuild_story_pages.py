"""Drop every story's stored page parts; with ``--origin``, render the public ones again now.

Needed only after changing what the parts are made from outside the code and templates
that ``articles.story_pages`` fingerprints (those re-render by themselves), or to warm a
new site: without ``--origin`` each story is rendered on its next view.
"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory

from articles import story_pages
from articles.selectors import story_page


class Command(BaseCommand):
    help = "Drop the stored story page parts (and render the public stories' again with --origin)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--origin",
            help="The site's address readers use, e.g. https://news.example.org: render every "
            "public story's parts now for it.",
        )

    def handle(self, *args, origin=None, **options):
        dropped = story_pages.forget_all()
        self.stdout.write(f"{dropped} stored story pages dropped.")
        if not origin:
            return
        address = urlsplit(origin)
        if address.scheme not in {"http", "https"} or not address.hostname:
            raise CommandError(
                f"--origin must be an address like https://news.example.org, not {origin!r}."
            )
        factory = RequestFactory()
        rendered = 0
        for article in story_page().iterator(chunk_size=500):
            request = factory.get(
                article.get_absolute_url(),
                HTTP_HOST=address.netloc,
                secure=address.scheme == "https",
            )
            story_pages.parts_for(request, article)
            rendered += 1
        self.stdout.write(f"{rendered} public stories rendered for {origin}.")
