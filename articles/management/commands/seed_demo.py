"""Load the demo stories into a site that has none yet; leave a site in use alone.

``loaddata demo`` overwrites rows with the demo's primary keys, which would undo an
editor's changes to demo stories (or clash with a story that took a demo slug) every
time ``make run`` starts. Seeding only an empty site keeps repeated runs harmless.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = "Load the demo content (fixtures/demo.json) when the site has no stories yet."

    def handle(self, *args, **options):
        count = Article.objects.count()
        if count:
            self.stdout.write(
                f"The site has {count} stories: demo content not loaded again "
                "(`manage.py loaddata demo` reloads it, undoing changes to demo stories)."
            )
            return
        call_command("loaddata", "demo", verbosity=options["verbosity"])
        call_command("make_renditions", stdout=self.stdout)  # loaddata skips PhotoCaption.save()
