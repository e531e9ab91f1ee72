"""The reader's pages. Every URL is named; templates build links with {% url %}."""

from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
    path("preview/<int:pk>/", views.article_preview, name="preview"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
]
