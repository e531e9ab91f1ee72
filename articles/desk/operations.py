"""Every change of what the public sees: publish, schedule, unpublish, withdraw, restore,
correct.

The admin's change form and list actions, the wire importer, commands and the
shell all come through here, so the rules and their refusals (in editors'
words, as ``PublishingRefused``) live in one place. Each operation runs in one
transaction, claims the story's version (``articles.desk.versioning``: a writer that
read an older version gets ``EditConflict`` and writes nothing) and then calls
``_written`` so the revision history and the audit log follow every door.

The states: *draft* → *published* (public at ``published_at``, or scheduled
when that is in the future, or held by an embargo) → *withdrawn* (a legal act:
readers who could see it get ``410 Gone`` with the reason). A withdrawn story
never goes straight back to published: it is first restored to a draft, by an
editor, on purpose.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..jobs import outbox
from ..models import Article, Correction, Revision
from . import auditing
from .revisions import apply_snapshot, record_revision, restore_problems
from .versioning import EditConflict, claim_version

__all__ = [
    "EditConflict",
    "PublishingRefused",
    "article_add_correction",
    "article_change_status",
    "article_publish",
    "article_reinstate",
    "article_schedule",
    "article_unpublish",
    "article_withdraw",
    "may_change_story",
    "publishing_problems",
    "revision_restore",
    "transition_problems",
]

PUBLISH_PERMISSION = "articles.publish_article"


class PublishingRefused(Exception):
    """An operation the rules forbid; the message is written for editors."""


# -- the rules ---------------------------------------------------------------------


def publishing_problems(article: Article) -> list[str]:
    """Everything that stops ``article`` from going public, in editors' words."""
    problems = []
    if article.status == Article.Status.WITHDRAWN:
        problems.append(_("It has been withdrawn. An editor must restore it to a draft first."))
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


def publishing_warnings(article: Article) -> list[str]:
    """What an editor should fix soon but that does not stop publishing (not a refusal)."""
    warnings = []
    for photo in article.photos.all():
        if photo.image and not photo.alt_text.strip():
            warnings.append(
                _(
                    "The photo “%(photo)s” has no alt text: readers who cannot see it get "
                    "nothing. Describe what it shows; the caption may be a start: “%(caption)s”"
                )
                % {"photo": str(photo), "caption": photo.caption[:200]}
            )
    return warnings


def transition_problems(*, article: Article, to: str, user=None, reason: str = "") -> list[str]:
    """Why ``article`` (as stored) may not move to status ``to``; empty when it may.

    Checks the state machine, the permission and the withdrawal reason; the content
    checks of publishing are ``publishing_problems``. The change form calls this in its
    validation, so an editor sees the same refusal as the list action or the shell.
    """
    current = article.status
    if to == current:
        return []
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        return [_("You do not have permission to change the status of stories.")]
    Status = Article.Status
    if current == Status.WITHDRAWN and to == Status.PUBLISHED:
        return [
            _(
                "A withdrawn story cannot be published again directly: restore it to a draft "
                "first, check it, then publish it."
            )
        ]
    if to == Status.WITHDRAWN and not reason.strip():
        return [_("Give the reason for withdrawing: readers see it on the story's address.")]
    return []


def _refuse_if(problems: list[str], article: Article, verb: str) -> None:
    if problems:
        raise PublishingRefused(
            _("“%(headline)s” cannot be %(verb)s: %(problems)s")
            % {"headline": article.headline, "verb": verb, "problems": " ".join(problems)}
        )


def _check_permission(user, message: str) -> None:
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise PublishingRefused(message)


def _written(*, article: Article, user, action: str, summary: str = "") -> None:
    """After every write: the revision history and the audit log (inside the transaction)."""
    record_revision(article=article, user=user, action=action)
    auditing.record(actor=user, action=action, obj=article, summary=summary)


# -- the operations ----------------------------------------------------------------


# The job that stores a story's page parts before its first reader asks
# (``articles.public.story_pages.warm_story``).
WARM_STORY = "public.warm_story"


def _write(*, article: Article, user, expected_version, action: str, summary="", **values):
    """One status change: claim the version, set ``values``, save them, keep the record."""
    with transaction.atomic():
        claim_version(article, expected=expected_version)
        for name, value in values.items():
            setattr(article, name, value)
        article.save(update_fields=[*values, "updated_at", "version"])
        _written(article=article, user=user, action=action, summary=summary)
        if article.status == Article.Status.PUBLISHED:
            _warm_when_public(article)
    return article


def _warm_when_public(article: Article) -> None:
    """Its page rendered ahead of readers, at the moment it goes public."""
    at = max(filter(None, (article.published_at, article.embargo_until)))
    when = at if at > timezone.now() else None
    outbox.enqueue(
        WARM_STORY,
        {"article": article.pk},
        run_after=when,
        dedupe_key=f"{WARM_STORY}:{article.pk}:{at.isoformat()}",
    )


def article_publish(
    *, article: Article, user=None, at=None, expected_version: int | None = None
) -> Article:
    """Publish ``article``; its publication time stays as set, or becomes ``at`` / now.

    A publication time in the future schedules the story (see ``article_schedule``).
    """
    _check_permission(user, _("You do not have permission to publish stories."))
    _refuse_if(publishing_problems(article), article, _("published"))
    when = article.published_at or at or timezone.now()
    return _write(
        article=article,
        user=user,
        expected_version=expected_version,
        action="scheduled" if when > timezone.now() else "published",
        status=Article.Status.PUBLISHED,
        published_at=when,
    )


def article_schedule(
    *, article: Article, user=None, at, expected_version: int | None = None
) -> Article:
    """Publish ``article`` at the future time ``at``: it stays hidden until then."""
    _check_permission(user, _("You do not have permission to schedule stories."))
    if at is None or at <= timezone.now():
        raise PublishingRefused(_("Choose a publication time in the future to schedule a story."))
    _refuse_if(publishing_problems(article), article, _("scheduled"))
    return _write(
        article=article,
        user=user,
        expected_version=expected_version,
        action="scheduled",
        status=Article.Status.PUBLISHED,
        published_at=at,
    )


def article_unpublish(
    *, article: Article, user=None, expected_version: int | None = None
) -> Article:
    """Take a published (or scheduled) story back to draft, without a withdrawal notice."""
    _check_permission(user, _("You do not have permission to unpublish stories."))
    if article.status != Article.Status.PUBLISHED:
        raise PublishingRefused(
            _("“%(headline)s” is not published.") % {"headline": article.headline}
        )
    return _write(
        article=article,
        user=user,
        expected_version=expected_version,
        action="unpublished",
        status=Article.Status.DRAFT,
    )


def article_withdraw(
    *,
    article: Article,
    user=None,
    reason: str,
    expected_version: int | None = None,
    was_public: bool | None = None,
) -> Article:
    """Take ``article`` off the site for good; readers who could see it get “410 Gone”.

    ``was_public`` says whether readers could see it before this change, for a caller
    (the change form) that saved other fields first; by default it is judged now.
    """
    _check_permission(user, _("You do not have permission to withdraw stories."))
    if article.status == Article.Status.WITHDRAWN:
        raise PublishingRefused(
            _("“%(headline)s” is already withdrawn.") % {"headline": article.headline}
        )
    _refuse_if(
        transition_problems(article=article, to=Article.Status.WITHDRAWN, reason=reason),
        article,
        _("withdrawn"),
    )
    # Only a story readers could see is "gone" (410, its withdrawal notice); one withdrawn
    # as a draft, scheduled or under embargo never existed for them and stays a 404.
    now = timezone.now()
    if was_public is None:
        was_public = article.is_public(now=now)
    return _write(
        article=article,
        user=user,
        expected_version=expected_version,
        action="withdrawn",
        summary=reason.strip(),
        status=Article.Status.WITHDRAWN,
        withdrawn_at=now if was_public else None,
        withdrawal_reason=reason.strip(),
    )


def article_reinstate(
    *, article: Article, user=None, expected_version: int | None = None
) -> Article:
    """Bring a withdrawn story back as a draft (its address answers 404 until republished)."""
    _check_permission(user, _("You do not have permission to restore withdrawn stories."))
    if article.status != Article.Status.WITHDRAWN:
        raise PublishingRefused(
            _("“%(headline)s” is not withdrawn.") % {"headline": article.headline}
        )
    return _write(
        article=article,
        user=user,
        expected_version=expected_version,
        action="reinstated",
        status=Article.Status.DRAFT,
        withdrawn_at=None,
    )


def article_change_status(
    *,
    article: Article,
    to: str,
    user=None,
    reason: str = "",
    expected_version: int | None = None,
    was_public: bool | None = None,
) -> Article:
    """Move ``article`` to status ``to`` by the operation that does it (the form's door)."""
    _refuse_if(
        transition_problems(article=article, to=to, user=user, reason=reason),
        article,
        _("changed"),
    )
    Status = Article.Status
    common = {"article": article, "user": user, "expected_version": expected_version}
    if to == article.status:
        return article
    if to == Status.PUBLISHED:
        return article_publish(**common)
    if to == Status.WITHDRAWN:
        return article_withdraw(reason=reason, was_public=was_public, **common)
    if article.status == Status.WITHDRAWN:
        return article_reinstate(**common)
    return article_unpublish(**common)


# -- telling readers of a change ----------------------------------------------------

_MARKUP = re.compile(r"<\s*[a-zA-Z/!]")


def article_add_correction(
    *,
    article: Article,
    user,
    kind: str,
    text: str,
    at=None,
) -> Correction:
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
        # Not a version of the story: an editor with its form open is not stopped by it.
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
        _written(article=article, user=user, action="corrected", summary=text)
    return correction


# -- revisions ---------------------------------------------------------------------


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
        restored = record_revision(article=article, user=user, action="restored")
        auditing.record(
            actor=user,
            action=auditing.Action.RESTORED,
            obj=article,
            summary=_("Restored version %(version)s.") % {"version": revision.version},
        )
        return restored
