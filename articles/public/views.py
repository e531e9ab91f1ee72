"""The reader's pages. Every query starts from Article.objects.published() (see selectors).

Public pages answer conditional GETs (an ETag of the page's bytes) and browsers
revalidate every time; anonymous readers are served from the page cache and shared
caches keep pages until content changes (``articles.delivery``), so a saved, published or
withdrawn story is visible on the very next request.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import conditional_page, require_safe
from taggit.models import Tag

from ..delivery import surrogate_keys
from ..models import Article, Person, Section
from . import front_page, list_entries, selectors, story_pages
from . import full_text_search as search_module
from .pagination import keyset_page
from .share_cards import front_card
from .structured_data import (
    json_ld_scripts,
    organization,
    profile_page,
    website,
)


def public_page(view):
    """Safe methods only, an ETag from the rendered bytes, and browsers always revalidate.

    ``no-cache`` lets browsers keep a copy but makes them ask again each time, so a
    change is seen at once; a 304 comes back when the page is byte for byte the same.
    Also wraps the feeds, sitemaps and ninjs (see ``urls``), which otherwise carry a
    ``Last-Modified`` and no ``Cache-Control``: caches may then keep them heuristically
    for a tenth of their age, a withdrawn story with them.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # A list's Last-Modified is its newest entry's: it goes back in time when that
        # entry is withdrawn, and If-Modified-Since would then answer 304 and keep the
        # withdrawn story in the reader's copy. The ETag (of the bytes) alone validates.
        if response.has_header("Last-Modified"):
            del response["Last-Modified"]
        if response.status_code in (404, 410):
            _cache_briefly(response)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        # For the page cache and shared caches (see articles.delivery.cache_middleware).
        response.public_page = True
        response.surrogate_keys = surrogate_keys.of_response(request, response)
        response[surrogate_keys.HEADER] = surrogate_keys.header_value(response.surrogate_keys)
        if request.method == "HEAD" and not response.streaming:
            # conditional_page tags GET only; HEAD must carry the same validator.
            set_response_etag(response)
        return response

    public = require_safe(conditional_page(wrapper))
    public.is_public_page = True  # the page cache looks for it before calling the view
    return public


# A missing or gone page may be kept a minute by shared caches: short, so that an
# embargoed story's URL is seen soon after it becomes public.
NOT_FOUND_MAX_AGE = 60


def _cache_briefly(response):
    patch_cache_control(response, public=True, max_age=NOT_FOUND_MAX_AGE)


def page_not_found(request, exception):
    """Django's 404 page (``404.html``), with the short ``Cache-Control`` above."""
    response = defaults.page_not_found(request, exception)
    _cache_briefly(response)
    return response


def _listing(request, stories, *, key: str = "published_at"):
    """One keyset page of ``stories``; past the last page is a 404, not an empty page."""
    page = keyset_page(selectors.listed(stories), request.GET, key=key)
    if not page and not page.is_first:
        raise Http404("No such page.")
    list_entries.attach(page.items)
    surrogate_keys.add(request, *list_entries.keys_of(page.items))
    return page


# -- fronts and indexes ----------------------------------------------------


@public_page
def home(request):
    """The front the editors arranged (``fronts``): lead, pinned stories, section blocks."""
    if "before" in request.GET or "after" in request.GET:
        # "Older stories" links from when the home was the chronological list.
        return HttpResponsePermanentRedirect(
            f"{reverse('articles:latest')}?{request.GET.urlencode()}"
        )
    front = front_page.home_front()
    stories = front.every_story()
    list_entries.attach_front(front)
    surrogate_keys.add(request, *list_entries.keys_of(stories))
    card = front_card(
        request,
        title=settings.NEWSROOM_NAME,
        description=_("The latest news from %(name)s.") % {"name": settings.NEWSROOM_NAME},
        stories=stories,
    )
    absolute = request.build_absolute_uri
    json_ld = json_ld_scripts(website(absolute=absolute), organization(absolute=absolute))
    context = {"front": front, "card": card, "json_ld": json_ld}
    return render(request, "articles/home.html", context)


@public_page
def latest(request):
    """Every public story, newest first, page after page."""
    page = _listing(request, selectors.public_stories())
    card = front_card(
        request,
        title=_("Latest stories"),
        description=_("Every story from %(name)s, newest first.")
        % {"name": settings.NEWSROOM_NAME},
        stories=page,
    )
    return render(request, "articles/latest.html", {"page": page, "card": card})


@public_page
def section_detail(request, slug):
    section = get_object_or_404(Section.objects.active(), slug=slug)
    page = _listing(request, selectors.section_stories(section))
    card = front_card(
        request,
        title=section.name,
        description=section.description
        or _("%(section)s: the latest from %(name)s.")
        % {"section": section.name, "name": settings.NEWSROOM_NAME},
        stories=page,
    )
    context = {"page": page, "section": section, "card": card}
    return render(request, "articles/section_detail.html", context)


@public_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = _listing(request, selectors.tag_stories(tag), key=selectors.LISTED_AT)
    if not page:  # a tag that only unpublished stories carry is not public yet
        raise Http404("No such tag.")
    card = front_card(
        request,
        title=tag.name,
        description=_("Stories tagged “%(tag)s” from %(name)s.")
        % {"tag": tag.name, "name": settings.NEWSROOM_NAME},
        stories=page,
    )
    return render(request, "articles/tag_detail.html", {"page": page, "tag": tag, "card": card})


@public_page
def source_detail(request, slug):
    page = _listing(request, selectors.source_stories(slug))
    if not page:
        raise Http404("No such source.")
    source = page.items[0].source
    card = front_card(
        request,
        title=_("Stories from %(source)s") % {"source": source},
        description=_("Stories from %(source)s published by %(name)s.")
        % {"source": source, "name": settings.NEWSROOM_NAME},
        stories=page,
    )
    context = {"page": page, "source": source, "source_slug": slug, "card": card}
    return render(request, "articles/source_detail.html", context)


@public_page
def person_detail(request, slug):
    person = get_object_or_404(Person, slug=slug)
    page = _listing(request, selectors.person_stories(person), key=selectors.LISTED_AT)
    quotes = list(selectors.person_quotes(person)) if page.is_first else []
    keys = [surrogate_keys.person(person.pk), *(surrogate_keys.story(q.article_id) for q in quotes)]
    surrogate_keys.add(request, *keys)
    if not page and not quotes:  # known only from unpublished stories: not public
        raise Http404("No such person.")
    description = (
        _("%(person)s, %(title)s: stories and quotes in %(name)s.")
        if person.title
        else _("%(person)s: stories and quotes in %(name)s.")
    ) % {"person": person.name, "title": person.title, "name": settings.NEWSROOM_NAME}
    card = front_card(
        request, title=person.name, description=description, stories=page, kind="profile"
    )
    json_ld = json_ld_scripts(profile_page(person, absolute=request.build_absolute_uri))
    context = {"page": page, "person": person, "quotes": quotes, "card": card, "json_ld": json_ld}
    return render(request, "articles/person_detail.html", context)


def _search_page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not (raw.isascii() and raw.isdigit() and 1 <= int(raw) <= search_module.MAX_PAGE):
        raise Http404("No such page.")
    return int(raw)


@public_page
def corrections(request):
    """Every correction to a public story, newest first, each linking to its story."""
    page = keyset_page(selectors.public_corrections(), request.GET, key="created_at")
    if not page and not page.is_first:
        raise Http404("No such page.")
    surrogate_keys.add(request, *(surrogate_keys.story(note.article_id) for note in page.items))
    card = front_card(
        request,
        title=_("Corrections"),
        description=_("Every correction %(name)s has made to its stories, newest first.")
        % {"name": settings.NEWSROOM_NAME},
    )
    return render(request, "articles/corrections.html", {"page": page, "card": card})


@public_page
def search(request):
    """Ranked results with snippets; any text a reader types answers 200, or 400 with a
    message when the database cannot read it (404 past the end, 503 when it took too long)."""
    query = search_module.clean_query(request.GET.get("q", ""))
    page_number = _search_page_number(request)
    results = selectors.search_stories(query, page=page_number) if query else None
    failed = results is not None and (results.timed_out or results.unreadable)
    if results is not None and not results and page_number > 1 and not failed:
        raise Http404("No such page.")
    if results is not None:
        list_entries.attach(results.stories, list_entries.RESULT)
        surrogate_keys.add(request, *list_entries.keys_of(results.stories))
    status = 200
    if results is not None and results.timed_out:
        status = 503
    elif results is not None and results.unreadable:
        status = 400
    card = front_card(
        request,
        title=_("Search: %(query)s") % {"query": query} if query else _("Search"),
        description=_("Search the stories of %(name)s.") % {"name": settings.NEWSROOM_NAME},
    )
    context = {"query": query, "results": results, "card": card}
    response = render(request, "articles/search.html", context, status=status)
    if status == 503:
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"  # busy now: no cache may keep this answer
    return response


# -- one story -------------------------------------------------------------


def _story_parts(request, article: Article, *, store: bool = True):
    """The story's stored parts (``story_pages``) and its related stories' HTML, read and
    printed live on every view (they change without the story changing)."""
    parts = story_pages.parts_for(request, article, store=store)
    related = list(story_pages.related_stories(article, parts))
    return parts, related


@public_page
def article_detail(request, year, month, day, slug):
    """A public story; 410 once withdrawn or its licence expired; a wrong date redirects to
    the canonical URL."""
    # Slugs are unique: no ORDER BY to build (first() would add the default ordering).
    article = next(iter(selectors.story_page().filter(slug=slug).order_by()[:1]), None)
    if article is None:
        gone = selectors.gone_story(slug=slug)
        if gone is None:
            raise Http404("No such story.")
        surrogate_keys.add(request, surrogate_keys.story(gone.article.pk))
        return render(request, "410.html", {"article": gone.article, "gone": gone}, status=410)
    canonical = article.get_absolute_url()
    if request.path != canonical:
        # The publication date was corrected since the link was made: keep old links working.
        return HttpResponsePermanentRedirect(canonical)
    parts, related = _story_parts(request, article)
    surrogate_keys.add(request, *parts.keys, *(surrogate_keys.story(other.pk) for other in related))
    html = story_pages.page_html(request, article, parts, list_entries.related_html(related))
    return HttpResponse(html)


@never_cache
@staff_member_required
def article_preview(request, pk):
    """Staff see any story as readers would; never stored by any cache.

    "Staff" means the newsroom: people who may read stories in the admin. A staff account
    without that permission (no group yet, or another team) is refused, as in the admin.
    """
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    article = get_object_or_404(selectors.story_page(public_only=False), pk=pk)
    parts, related = _story_parts(request, article, store=False)
    context = story_pages.page_context(
        request, article, parts, list_entries.related_html(related), preview=True
    )
    response = render(request, story_pages.FRAME_TEMPLATE, context)
    response["Cache-Control"] = "private, no-store"
    return response


# -- machines --------------------------------------------------------------


@require_safe
@cache_control(max_age=3600)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('articles:news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
