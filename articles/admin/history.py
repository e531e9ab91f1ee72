"""A story's revision history in the admin: the list, a readable diff, restoring one.

Anyone on the desk who may view a story may read its history; restoring follows the
change rule (reporters drafts only, editors anything) and the version check.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from ..desk.operations import PublishingRefused, revision_restore
from ..desk.revisions import diff, restored_snapshot, snapshot
from ..desk.versioning import EditConflict
from ..models import Article, Byline, Revision


def history_urls(model_admin) -> list:
    """The history pages, to be placed before the admin's own ``<id>/`` patterns."""
    site = model_admin.admin_site
    extra = {"model_admin": model_admin}
    return [
        path(
            "<int:object_id>/revisions/",
            site.admin_view(revision_list_view),
            extra,
            name="articles_article_revisions",
        ),
        path(
            "<int:object_id>/revisions/compare/",
            site.admin_view(revision_compare_view),
            extra,
            name="articles_article_revisions_compare",
        ),
        path(
            "<int:object_id>/revisions/<int:revision_id>/",
            site.admin_view(revision_detail_view),
            extra,
            name="articles_article_revision",
        ),
    ]


def _story(request, model_admin, object_id) -> Article:
    article = get_object_or_404(Article.objects.select_related("rights_notice"), pk=object_id)
    if not model_admin.has_view_permission(request, article):
        raise PermissionDenied
    return article


def _context(request, model_admin, article: Article, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Article._meta,
        "original": article,
        "title": title,
        "list_url": reverse("admin:articles_article_revisions", args=[article.pk]),
        **extra,
    }


def revision_list_view(request, object_id, model_admin):
    """Every revision of the story, newest first, with two to pick for comparing."""
    article = _story(request, model_admin, object_id)
    revisions = list(article.revisions.defer("snapshot"))
    context = _context(
        request,
        model_admin,
        article,
        _("Revisions of “%(headline)s”") % {"headline": article.headline},
        revisions=revisions,
        compare_url=reverse("admin:articles_article_revisions_compare", args=[article.pk]),
    )
    return TemplateResponse(request, "admin/articles/article/revisions.html", context)


def _revision_id(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def revision_compare_view(request, object_id, model_admin):
    """The changes between any two revisions, older first whatever order they were picked."""
    article = _story(request, model_admin, object_id)
    ids = [_revision_id(request.GET.get(key)) for key in ("a", "b")]
    found = article.revisions.in_bulk([pk for pk in ids if pk is not None])
    if None in ids or any(pk not in found for pk in ids):
        messages.error(request, _("Pick two revisions of this story to compare."))
        return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
    older, newer = sorted((found[ids[0]], found[ids[1]]), key=lambda r: (r.version, r.pk))
    context = _context(
        request,
        model_admin,
        article,
        _("Version %(old)s → version %(new)s") % {"old": older.version, "new": newer.version},
        older=older,
        newer=newer,
        changes=diff(older.snapshot, newer.snapshot),
    )
    return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)


def revision_detail_view(request, object_id, revision_id, model_admin):
    """One revision as it was, what restoring it would change, and the restore button."""
    article = _story(request, model_admin, object_id)
    revision = get_object_or_404(Revision, pk=revision_id, article=article)
    if request.method == "POST":
        return _restore(request, model_admin, article, revision)
    current, roles = snapshot(article), dict(Byline.Role.choices)
    previous = (
        article.revisions.filter(
            Q(version__lt=revision.version) | Q(version=revision.version, pk__lt=revision.pk)
        )
        .order_by("-version", "-pk")
        .only("snapshot")
        .first()
    )
    context = _context(
        request,
        model_admin,
        article,
        _("Version %(version)s of “%(headline)s”")
        % {"version": revision.version, "headline": revision.snapshot.get("headline", "")},
        revision=revision,
        snap=revision.snapshot,
        changes=diff(current, restored_snapshot(current, revision.snapshot)),
        changes_made=diff(previous.snapshot if previous else {}, revision.snapshot),
        is_first=previous is None,
        bylines=[
            {**row, "role_label": roles.get(row["role"], row["role"])}
            for row in revision.snapshot.get("bylines", [])
        ],
        can_restore=model_admin.has_change_permission(request, article),
    )
    return TemplateResponse(request, "admin/articles/article/revision_detail.html", context)


def _restore(request, model_admin, article: Article, revision: Revision):
    here = reverse("admin:articles_article_revision", args=[article.pk, revision.pk])
    if not model_admin.has_change_permission(request, article):
        raise PermissionDenied
    expected = _revision_id(request.POST.get("expected_version"))
    if expected is None:
        messages.error(request, _("The restore form was incomplete: try again from this page."))
        return HttpResponseRedirect(here)
    try:
        restored = revision_restore(revision=revision, user=request.user, expected_version=expected)
    except EditConflict:
        article.refresh_from_db(fields=["version"])
        messages.error(
            request,
            _(
                "Someone changed the story while you were looking at this revision; nothing "
                "was restored. The story is now at version %(version)s: check what restoring "
                "would change below, then restore again if you still want to."
            )
            % {"version": article.version},
        )
        return HttpResponseRedirect(here)
    except PublishingRefused as refusal:
        messages.error(request, str(refusal))
        return HttpResponseRedirect(here)
    if restored is None:
        messages.info(request, _("The story already read as version %s.") % revision.version)
    else:
        messages.success(
            request,
            _("Restored version %(old)s as version %(new)s. Its status has not changed.")
            % {"old": revision.version, "new": restored.version},
        )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
