"""Keep a first revision of every story that has none: run once after upgrading.

Stories saved before the revision history existed have no revision until their next
save, and that save would keep only the new state; this keeps the current one first.
"""

from django.core.management.base import BaseCommand

from articles.desk.revisions import record_revision
from articles.models import Article


class Command(BaseCommand):
    help = "Keep a first revision of every story that has none (run once after upgrading)."

    def handle(self, *args, **options):
        stories = Article.objects.filter(revisions__isnull=True).select_related("rights_notice")
        kept = 0
        for article in stories.iterator(chunk_size=200):
            kept += record_revision(article=article, action="initial") is not None
        self.stdout.write(f"Kept a first revision of {kept} stories.")
