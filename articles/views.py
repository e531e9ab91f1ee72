"""The reader's pages. Every query starts from Article.objects.published()."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from .models import Article, Person


def home(request):
    stories = Article.objects.published().for_listing()
    page = Paginator(stories, 20).get_page(request.GET.get("page"))
    return render(request, "articles/home.html", {"page": page})


def article_detail(request, year, month, day, slug):
    article = get_object_or_404(Article.objects.published().with_story_parts(), slug=slug)
    return render(request, "articles/article_detail.html", {"article": article})


@never_cache
@staff_member_required
def article_preview(request, pk):
    article = get_object_or_404(Article.objects.with_story_parts(), pk=pk)
    response = render(
        request, "articles/article_detail.html", {"article": article, "preview": True}
    )
    response["Cache-Control"] = "private, no-store"
    return response


def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    stories = Article.objects.published().filter(bylines__person=person).distinct().for_listing()
    return render(request, "articles/person_detail.html", {"person": person, "stories": stories})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().filter(tags__slug=slug).for_listing()
    return render(request, "articles/tag_detail.html", {"tag": tag, "stories": stories})


def source_detail(request, slug):
    stories = Article.objects.published().filter(source_slug=slug).for_listing()
    return render(request, "articles/source_detail.html", {"source": slug, "stories": stories})
