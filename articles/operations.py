"""Operations on stories that change what the public sees: publish, withdraw, correct.

Keyword-only functions so every call site says what it does; they refuse with
a plain-language ``PublishingRefused`` that the admin shows to the editor.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, Correction


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
    return article


# Text that looks like markup: readers would see the tags literally, so say so instead.
_MARKUP = re.compile(r"<\s*[a-zA-Z/!]")


def article_add_correction(*, article: Article, user, kind: str, text: str, at=None) -> Correction:
    """Tell readers of a correction or update to a public story; it can never be taken back.

    The note and the story's ``revised_at`` change together, so feeds, sitemaps,
    JSON-LD and ninjs report the story as modified at the time readers see.
    """
    if user is None or not user.has_perm("articles.publish_article"):
        raise PublishingRefused(_("You do not have permission to add corrections or updates."))
    if kind not in Correction.Kind.values:
        raise PublishingRefused(_("Choose whether this is a correction or an update."))
    if not article.is_public():
        raise PublishingRefused(
            _("“%(headline)s” is not public: correct the story itself, readers have not seen it.")
            % {"headline": article.headline}
        )
    text = " ".join((text or "").split())
    if not text:
        raise PublishingRefused(_("Write the text readers will see."))
    if _MARKUP.search(text):
        raise PublishingRefused(
            _("Write the note as plain text: HTML tags would be shown to readers as typed.")
        )
    at = at or timezone.now()
    with transaction.atomic():
        correction = Correction.objects.create(
            article=article,
            kind=kind,
            text=text,
            created_at=at,
            created_by=user,
            created_by_name=(user.get_full_name() or user.get_username())[:150],
        )
        article.revised_at = max(at, article.revised_at) if article.revised_at else at
        article.save(update_fields=["revised_at", "updated_at"])
    return correction
