"""Operations on stories that change what the public sees: publish, withdraw, restore.

Keyword-only functions so every call site says what it does; they refuse with
a plain-language ``PublishingRefused`` that the admin shows to the editor.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, Revision
from .revisions import apply_snapshot, record_revision, restore_problems
from .versioning import claim_version


class PublishingRefused(Exception):
    """An operation the rules forbid; the message is written for editors."""


def publishing_problems(article: Article) -> list[str]:
    """Everything that stops ``article`` from going public, in editors' words."""
    problems = []
    if article.status == Article.Status.WITHDRAWN:
        problems.append(
            _("It has been withdrawn. Set its status back to draft first if it should return.")
        )
    if not article.headline.strip():
        problems.append(_("It has no headline."))
    if not article.body.strip():
        problems.append(_("It has no body text."))
    if article.rights_notice_id is None:
        problems.append(_("It has no rights notice. Choose one under “Rights”."))
    for quote in article.unverified_quotes():
        problems.append(
            _("The quote from %(speaker)s (“%(text)s”) is not in the body word for word.")
            % {"speaker": quote.speaker, "text": quote.text[:60]}
        )
    return problems


def article_publish(*, article: Article, user=None, at=None) -> Article:
    """Publish ``article``; its publication time stays as set, or becomes ``at`` / now."""
    if user is not None and not user.has_perm("articles.publish_article"):
        raise PublishingRefused(_("You do not have permission to publish stories."))
    problems = publishing_problems(article)
    if problems:
        raise PublishingRefused(
            _("“%(headline)s” cannot be published: %(problems)s")
            % {"headline": article.headline, "problems": " ".join(problems)}
        )
    with transaction.atomic():
        article.status = Article.Status.PUBLISHED
        article.published_at = article.published_at or at or timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        record_revision(article=article, user=user, action="published")
    return article


def article_withdraw(*, article: Article, user=None, reason: str = "") -> Article:
    """Take ``article`` off the site for good; readers who could see it get “410 Gone”."""
    if user is not None and not user.has_perm("articles.publish_article"):
        raise PublishingRefused(_("You do not have permission to withdraw stories."))
    if article.status == Article.Status.WITHDRAWN:
        raise PublishingRefused(
            _("“%(headline)s” is already withdrawn.") % {"headline": article.headline}
        )
    now = timezone.now()
    with transaction.atomic():
        # Only a story readers could see is "gone" (410, its withdrawal notice); one withdrawn
        # as a draft, scheduled or under embargo never existed for them and stays a 404.
        article.withdrawn_at = now if article.is_public(now=now) else None
        article.status = Article.Status.WITHDRAWN
        article.withdrawal_reason = reason or article.withdrawal_reason
        article.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
        record_revision(article=article, user=user, action="withdrawn")
    return article


def may_change_story(user, article: Article) -> bool:
    """Reporters change drafts; once a story has left draft only editors change it."""
    if not user.has_perm("articles.change_article"):
        return False
    return article.status == Article.Status.DRAFT or user.has_perm("articles.publish_article")


def revision_restore(*, revision: Revision, user, expected_version: int) -> Revision | None:
    """Bring back ``revision``'s words as a new revision; the story's status stays as it is.

    ``expected_version`` is the version the editor saw when asking for the restore: a story
    saved since is not overwritten (``versioning.EditConflict``). ``user=None`` is the
    system (shell, commands), as for the other operations. Returns the new revision, or
    ``None`` when the story already read as the revision does.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=revision.article_id)
        if user is not None and not may_change_story(user, article):
            raise PublishingRefused(
                _(
                    "You may not change “%(headline)s”: once a story has left draft, only "
                    "editors do."
                )
                % {"headline": article.headline}
                if user.has_perm("articles.change_article")
                else _("You do not have permission to change stories.")
            )
        problems = restore_problems(article, revision.snapshot)
        if problems:
            raise PublishingRefused(
                _("Version %(version)s cannot be restored: %(problems)s")
                % {"version": revision.version, "problems": " ".join(problems)}
            )
        claim_version(article, expected=expected_version)
        apply_snapshot(article, revision.snapshot)
        return record_revision(article=article, user=user, action="restored")
