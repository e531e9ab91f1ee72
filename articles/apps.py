from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Stories")

    def ready(self):
        from . import invalidation

        invalidation.connect()
        from . import navigation  # noqa: F401 - connects the signals that refresh the header
        from .request_host import use_request_host

        use_request_host()
