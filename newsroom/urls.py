"""Top-level URLs: the editors' desk under /admin/, the reader site at the root."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.public.simple_pages import simple_page
from articles.public.views import public_page

admin.site.site_header = f"{settings.NEWSROOM_NAME} — editors' desk"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Stories, people and rights"
admin.site.enable_nav_sidebar = False  # the story list needs the width more than the menu

# A database error outside a view (in a middleware) still answers 503, not 500.
handler500 = "articles.delivery.faults.server_error"
handler404 = "articles.public.views.page_not_found"  # with a short Cache-Control

# The simple pages (django.contrib.flatpages): editors write them in the admin under
# these addresses; the footer links to them by name.
SIMPLE_PAGES = {
    "about": "/about/",
    "contact": "/contact/",
    "privacy": "/privacy/",
    "terms": "/terms/",
}

urlpatterns = [
    path("admin/", admin.site.urls),
    *(
        path(url.strip("/") + "/", public_page(simple_page), {"url": url}, name=f"page-{name}")
        for name, url in SIMPLE_PAGES.items()
    ),
    path("", include("articles.public.reader_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
