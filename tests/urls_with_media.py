"""The site's URLs plus uploaded photos, for the browser test's live server.

Outside DEBUG, Django does not serve MEDIA_ROOT (the web server does), and the
tests use a fresh temporary MEDIA_ROOT each, so it is read at request time.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
