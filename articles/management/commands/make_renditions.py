"""Make the renditions photos saved before renditions existed lack (safe to run again)."""

from django.core.management.base import BaseCommand

from articles.models import PhotoCaption
from articles.photos.renditions import generate_renditions, rendition_key
from articles.public.story_pages import forget


class Command(BaseCommand):
    help = "Write every missing rendition (crops × widths × formats) of every photo with a file."

    def handle(self, *args, **options):
        written = photos = missing = 0
        for photo in PhotoCaption.objects.exclude(image="").iterator():
            key = rendition_key(photo.image.name, photo.focal_x, photo.focal_y)
            if key != photo.rendition_key:
                photo.rendition_key = key
                PhotoCaption.objects.filter(pk=photo.pk).update(rendition_key=key)
                forget([photo.article_id])  # the story page names the renditions
            try:
                written += generate_renditions(photo)
            except (OSError, ValueError) as error:  # a file gone or damaged: say which, go on
                self.stderr.write(f"Photo {photo.pk} ({photo.image.name}): {error}")
                missing += 1
            photos += 1
        self.stdout.write(
            f"{photos} photos checked, {written} renditions written, {missing} unreadable."
        )
