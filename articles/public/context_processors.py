from functools import cache

from django.conf import settings

from . import navigation


def site(request):
    """The newsroom's name and the section navigation for every template.

    ``section_nav`` is passed uncalled: only a page that shows the header (``base.html``)
    reads it, so admin pages never pay for it; and it is read once per request however
    often a page asks (each read is a round trip to the cache).
    """
    return {"newsroom_name": settings.NEWSROOM_NAME, "section_nav": cache(navigation.section_nav)}
