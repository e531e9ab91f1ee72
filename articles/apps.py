from django.apps import AppConfig
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Stories")

    def ready(self):
        # Imported here, once the models are: the signal receivers, and the modules that
        # register background jobs and Celery tasks (every process may send them).
        from taggit.models import Tag

        from .delivery import clock, purging, tracking  # noqa: F401 - jobs and tasks
        from .jobs import periodic, tasks  # noqa: F401 - Celery tasks
        from .models.tagging import (
            COPY_FIELDS,
            copy_published_at_on_raw_save,
            copy_story_published_at_on_raw_save,
            tag_slug_for_urls,
        )
        from .models.text import clean_on_save
        from .photos import rendition_jobs
        from .public import story_pages  # noqa: F401 - the warm_story job
        from .public.request_host import use_request_host
        from .wire import photo_fetch  # noqa: F401 - the fetch_photos job

        tracking.connect()
        rendition_jobs.connect()
        use_request_host()
        # Every save of a story's text, a person, a notice or a tag, whatever the door.
        for model in [*self.get_models(), Tag]:
            pre_save.connect(
                clean_on_save, sender=model, dispatch_uid=f"clean-text-{model._meta.label}"
            )
        pre_save.connect(tag_slug_for_urls, sender=Tag, dispatch_uid="tag-slug-for-urls")
        for label in COPY_FIELDS:
            pre_save.connect(
                copy_published_at_on_raw_save,
                sender=self.get_model(label),
                dispatch_uid=f"copy-published-at-{label}",
            )
        post_save.connect(
            copy_story_published_at_on_raw_save,
            sender=self.get_model("Article"),
            dispatch_uid="copy-published-at-article",
        )
