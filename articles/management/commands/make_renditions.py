"""Make the renditions photos lack, here and now (safe to run again).

Photos saved before renditions existed, loaded from fixtures (``loaddata`` skips
``save()``), or whose job failed for good: every one gets its key and its files.
"""

from django.core.management.base import BaseCommand

from articles.models import PhotoCaption
from articles.models.parts import rendition_key
from articles.photos.rendition_jobs import make_for


class Command(BaseCommand):
    help = "Write every missing rendition (crops × widths × formats) of every photo with a file."

    def handle(self, *args, **options):
        written = photos = missing = 0
        for photo in PhotoCaption.objects.exclude(image="").iterator():
            key = rendition_key(photo.image.name, photo.focal_x, photo.focal_y)
            if key != photo.rendition_key:
                photo.save(update_fields=["rendition_key"])  # the stories' pages follow
            try:
                written += make_for(photo)
            except (OSError, ValueError) as error:  # a file gone or damaged: say which, go on
                self.stderr.write(f"Photo {photo.pk} ({photo.image.name}): {error}")
                missing += 1
            photos += 1
        self.stdout.write(
            f"{photos} photos checked, {written} renditions written, {missing} unreadable."
        )
