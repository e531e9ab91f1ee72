"""Write one parsed ``WireStory`` into the database: the only wire step with side effects.

One transaction per story, so a failure leaves nothing half-written. Storing is
idempotent: a story is recognised by its agency identifier (source and
``source_identifier``) or, for plain text that has none, by a fingerprint of
source, date and headline kept on the article (``import_fingerprint``).

An agency update rewrites a draft in full (body, bylines, quotes, photos, tags,
...). Two things make it stop and say why, unless forced:

- the story is published (or withdrawn): readers have seen it;
- an editor changed it since the import: ``import_checksum`` holds a digest of
  every part an update would overwrite, as the import left it, and the digest
  of the story as it is now no longer matches.

A kill notice (``pubstatus == "canceled"``) withdraws the story.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..conventions.credits import split_credit
from ..desk import auditing
from ..desk.operations import PublishingRefused, article_withdraw
from ..desk.revisions import record_revision
from ..desk.revisions.snapshots import Written
from ..desk.versioning import claim_version
from ..models import Article, Byline, Person, PhotoCaption, Quote, RightsNotice
from ..models.slugs import next_slug, slug_base, taken_slugs
from ..models.text import clean_dataclass_text, normalise_text_fields
from .photo_fetch import ask_for_photos, fetching_enabled
from .wire_story import WireError, WireStory

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
ACTIONS = (CREATED, UPDATED, UNCHANGED, REFUSED, WITHDRAWN)


@dataclass
class StoreResult:
    """What ``store_story`` did (or, in a dry run, would do) and why, in editors' words."""

    action: str  # one of ACTIONS
    article: Article | None
    message: str
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def stored(self) -> bool:
        return self.action in (CREATED, UPDATED, WITHDRAWN) and not self.dry_run


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back, carrying its result."""

    def __init__(self, result: StoreResult):
        super().__init__(result.action)
        self.result = result


# -- identity ----------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _name_key(name: str) -> str:
    """People are the same person when their names match, case and spacing aside."""
    return _one_line(name).casefold()


def aware(value: datetime | None) -> datetime | None:
    """Agency times without a zone are in the newsroom's zone (settings.TIME_ZONE)."""
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value, timezone.get_default_timezone())


def import_fingerprint(story: WireStory) -> str:
    """Identity of plain-text copy without an agency ID: source, date and headline."""
    published = aware(story.published_at)
    day = timezone.localtime(published).date().isoformat() if published else ""
    key = "\n".join((_name_key(story.source), day, _name_key(story.headline)))
    return hashlib.sha256(key.encode()).hexdigest()


def _lock_id(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)


def _people_made_by_someone_else(keys: list[str]) -> dict[str, Person]:
    """Two imports naming the same new person at once must make one person, not two.

    On PostgreSQL a transaction-scoped advisory lock per name serialises the imports that
    would create that person; after them, the rows a concurrent import committed are
    found (the oldest row of a name wins). The locks of one story are taken in one
    statement, in the order of their numbers, so two imports taking theirs do not wait
    for each other in a circle. (SQLite runs one writing transaction at a time.)
    """
    if connection.vendor != "postgresql" or not keys:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(id) FROM "
            "(SELECT DISTINCT unnest(%s::bigint[]) AS id ORDER BY id) AS locks",
            [sorted({_lock_id(key) for key in keys})],
        )
    lookup = Q()
    for key in keys:
        lookup |= Q(name__iexact=key)
    found: dict[str, Person] = {}
    for person in Person.objects.filter(lookup).order_by("-pk"):
        found[_name_key(person.name)] = person
    return {key: found[key] for key in keys if key in found}


def find_existing(story: WireStory, *, lock: bool = False) -> Article | None:
    """The article an earlier import of ``story`` created, if any."""
    # The notice comes with the story (its digest needs it); only the story's row is locked.
    articles = Article.objects.select_related("rights_notice")
    articles = articles.select_for_update(of=("self",)) if lock else articles
    identifier = story.source_identifier.strip()
    if not identifier:
        return articles.filter(import_fingerprint=import_fingerprint(story)).first()
    found = articles.filter(source=_one_line(story.source), source_identifier=identifier).first()
    if found is None and _is_global_identifier(identifier):
        # A kill or an update often carries only the item's URI, and the source read from
        # its text may differ from the first import's: a URI names one item, whatever the
        # source. Only when exactly one story has it.
        same = list(articles.filter(source_identifier=identifier)[:2])
        found = same[0] if len(same) == 1 else None
    return found


def _is_global_identifier(identifier: str) -> bool:
    """An agency item URI or URN (``urn:newsml:...``, ``https://...``), not a bare number."""
    return len(identifier) >= 12 and (":" in identifier or "/" in identifier)


# -- the digest of everything an update would overwrite ----------------------


def _when(value: datetime | None) -> str:
    return aware(value).astimezone(UTC).isoformat() if value else ""


def _digest(parts: dict) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def story_digest(story: WireStory) -> str:
    """Digest of the parts ``story`` would write, comparable with ``article_digest``."""
    rights = story.rights.notice if story.rights and story.rights.notice.strip() else ""
    return _digest(
        {
            "headline": _one_line(story.headline),
            "standfirst": story.standfirst.strip(),
            "dateline": _one_line(story.dateline),
            "body": story.body.strip(),
            "published_at": _when(story.published_at),
            "embargo_until": _when(story.embargo_until),
            "rights": RightsNotice.fingerprint_of(rights) if rights else "",
            "bylines": [
                [_name_key(b.name), b.role, _one_line(b.location), _one_line(b.title)]
                for b in _unique_bylines(story)
            ],
            "quotes": [
                [_name_key(q.speaker), _one_line(q.speaker_title), q.text.strip(), q.partial, False]
                for q in story.quotes
                if q.text.strip() and _one_line(q.speaker)
            ],
            "photos": [
                [p.caption.strip(), _one_line(p.credit), p.alt_text.strip()]
                for p in story.photos
                if p.caption.strip()
            ],
            "tags": sorted({_one_line(t) for t in story.tags if _one_line(t)}),
        }
    )


def article_digest(article: Article) -> str:
    """Digest of the parts of ``article`` that an agency update would overwrite."""
    return _parts_digest(
        article,
        bylines=article.bylines.select_related("person").order_by("position", "pk"),
        quotes=article.quotes.select_related("speaker").order_by("position", "pk"),
        photos=article.photos.order_by("position", "pk"),
        tags=[tag.name for tag in article.tags.all()],
    )


def _parts_digest(article: Article, *, bylines, quotes, photos, tags) -> str:
    """``article_digest`` of an article whose parts are given (just written, or loaded)."""
    return _digest(
        {
            "headline": _one_line(article.headline),
            "standfirst": article.standfirst.strip(),
            "dateline": _one_line(article.dateline),
            "body": article.body.strip(),
            "published_at": _when(article.filed_at),
            "embargo_until": _when(article.embargo_until),
            "rights": article.rights_notice.fingerprint if article.rights_notice_id else "",
            "bylines": [
                [_name_key(b.person.name), b.role, _one_line(b.location), _one_line(b.title)]
                for b in bylines
            ],
            "quotes": [
                [
                    _name_key(q.speaker.name),
                    _one_line(q.speaker_title),
                    q.text.strip(),
                    q.is_partial,
                    q.is_pull_quote,
                ]
                for q in quotes
            ],
            "photos": [
                [p.caption.strip(), _one_line(p.credit), p.alt_text.strip()] for p in photos
            ],
            "tags": sorted(_one_line(name) for name in tags),
        }
    )


def _unique_bylines(story: WireStory):
    """One byline per person and role (the database allows no more), in order."""
    seen = set()
    for byline in story.bylines:
        key = (_name_key(byline.name), byline.role)
        if key[0] and key not in seen:
            seen.add(key)
            yield byline


# -- the writer ----------------------------------------------------------------


def _checked(instance, what: str, **kwargs):
    """Validate ``instance`` like a form would, so bad copy fails with a plain message."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False, **kwargs)
    except ValidationError as error:
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
        raise WireError(
            _("%(what)s: %(problems)s") % {"what": what, "problems": problems}
        ) from None
    return instance


class _Writer:
    """Writes one story's parts; people and notices are looked up once per story."""

    def __init__(self, story: WireStory):
        self.story = story
        self.people: dict[str, Person] = {}
        self.warnings: list[str] = []
        self.slugs_taken: set[str] = set()  # slugs of people, for the new ones' slugs
        self.slug_bases: set[str] = set()  # bases whose taken slugs are all in slugs_taken
        self.locked: set[str] = set()  # names locked against concurrent imports
        self.written: Written | None = None  # the parts saved, for the revision

    def _names(self) -> list[str]:
        """Everyone the story names, in the order the parts name them."""
        story = self.story
        names = [b.name for b in _unique_bylines(story)]
        names += [q.speaker for q in story.quotes if q.text.strip()]
        names += [split_credit(p.credit).photographer for p in story.photos if p.caption.strip()]
        return list(dict.fromkeys(_one_line(name) for name in names if _one_line(name)))

    def load_people(self) -> None:
        """Everyone the story names, found in one query (the oldest row wins a tie)."""
        story = self.story
        names = {_one_line(b.name) for b in story.bylines}
        names |= {_one_line(q.speaker) for q in story.quotes}
        names |= {split_credit(p.credit).photographer for p in story.photos}
        lookup = Q()
        for name in filter(None, names):
            lookup |= Q(name__iexact=name)
        if not lookup:
            return
        for person in Person.objects.filter(lookup).order_by("-pk"):
            self.people[_name_key(person.name)] = person

    def prepare_new_people(self) -> None:
        """The people not found are locked against concurrent imports and looked for
        again; the slugs the names of those still missing would take are read at once."""
        names = self._names()
        missing = list(dict.fromkeys(k for k in map(_name_key, names) if k not in self.people))
        self.people.update(_people_made_by_someone_else(missing))
        self.locked.update(missing)
        bases = [slug_base(name) for name in names if _name_key(name) not in self.people]
        self.slugs_taken |= taken_slugs(Person, bases)
        self.slug_bases.update(bases)

    def person(self, name: str) -> Person:
        """The person named ``name``, made when new.

        Their current title (shown on their public page) is never taken from the copy:
        imports are drafts, often embargoed, and "chief executive-designate of the merged
        group" on a person's page would tell the embargoed news. The title as printed
        stays on the byline and the quote; editors set the current title.
        """
        key = _name_key(name)
        if key not in self.people and key not in self.locked:  # a name _names() missed
            self.people.update(_people_made_by_someone_else([key]))
            self.locked.add(key)
        person = self.people.get(key)
        if person is None:
            person = Person(name=_one_line(name))
            _checked(person, _("Person “%(name)s”") % {"name": name}, exclude=["slug"])
            base = slug_base(person.name)
            if base not in self.slug_bases:
                self.slugs_taken |= taken_slugs(Person, [base])
                self.slug_bases.add(base)
            person.slug = next_slug(base, self.slugs_taken)
            self.slugs_taken.add(person.slug)
            person.save()
            self.people[key] = person
        return person

    def rights_notice(self) -> RightsNotice | None:
        rights = self.story.rights
        if rights is None or not rights.notice.strip():
            return None
        notice = RightsNotice.objects.filter(
            fingerprint=RightsNotice.fingerprint_of(rights.notice)
        ).first()
        if notice is None:
            # A new notice takes its parts from the copy; editors decide afterwards
            # whether it allows full text, and an existing notice keeps their choice.
            notice = RightsNotice(
                notice=rights.notice.strip(),
                holder=_one_line(rights.holder),
                year=rights.year,
                statement=_one_line(rights.statement),
                restriction=_one_line(rights.restriction),
                responsibility=_one_line(rights.responsibility),
                usage_terms=rights.usage_terms.strip(),
                allows_full_text=rights.allows_full_text,
            )
            notice.fingerprint = RightsNotice.fingerprint_of(notice.notice)
            _checked(notice, _("Rights notice"))
            notice.save()
        return notice

    def write(self, article: Article) -> Article:
        """Fill ``article`` from the story and replace all its parts.

        Everything is checked and the import checksum worked out before the story's row
        is written, so the row is written once; the parts follow it.
        """
        story = self.story
        is_new = article.pk is None
        article.headline = _one_line(story.headline)
        article.standfirst = story.standfirst.strip()
        article.dateline = _one_line(story.dateline)
        article.source = _one_line(story.source)
        article.source_identifier = story.source_identifier.strip()
        article.import_fingerprint = "" if article.source_identifier else import_fingerprint(story)
        article.body = story.body.strip()
        # The agency's time is kept as data; the story goes public when an editor publishes
        # it (or at the time they set), so it is not filed under an old date.
        article.filed_at = aware(story.published_at)
        article.embargo_until = aware(story.embargo_until)
        article.wire_format = story.format
        article.rights_notice = self.rights_notice()
        article.imported_at = timezone.now()
        _checked(article, _("Story"), exclude=["slug", "rights_notice"])

        self.load_people()
        self.prepare_new_people()
        images = {}
        if not is_new:
            # Picture files an editor uploaded for the captions stay with their positions.
            images = {p.position: p for p in article.photos.exclude(image="")}

        bylines = []
        for position, wire in enumerate(_unique_bylines(story)):
            byline = Byline(
                article=article,
                published_at=article.published_at,  # bulk_create: the copy save() would make
                person=self.person(wire.name),
                role=wire.role,
                location=_one_line(wire.location),
                title=_one_line(wire.title),
                position=position,
            )
            what = _("Byline of %(name)s") % {"name": wire.name}
            bylines.append(_checked(byline, what, exclude=["article", "person"]))
        if len(bylines) < len(story.bylines):
            self.warnings.append(_("Repeated or nameless bylines were left out."))

        quotes = []
        for position, wire in enumerate(q for q in story.quotes if q.text.strip()):
            if not _one_line(wire.speaker):
                self.warnings.append(
                    _("A quote without a speaker was left out: “%(text)s”") % {"text": wire.text}
                )
                continue
            quote = Quote(
                article=article,
                speaker=self.person(wire.speaker),
                speaker_title=_one_line(wire.speaker_title),
                text=wire.text.strip(),
                is_partial=wire.partial,
                position=position,
            )
            what = _("Quote from %(name)s") % {"name": wire.speaker}
            quotes.append(_checked(quote, what, exclude=["article", "speaker"]))

        photos = []
        for position, wire in enumerate(p for p in story.photos if p.caption.strip()):
            credit = split_credit(wire.credit)
            photo = PhotoCaption(
                article=article,
                caption=wire.caption.strip(),
                credit=_one_line(wire.credit),
                alt_text=wire.alt_text.strip(),
                photographer=self.person(credit.photographer) if credit.photographer else None,
                position=position,
                is_lead=position == 0,
            )
            if position in images:
                photo.image = images[position].image
                # Same file, same focal point: the same renditions, already made.
                photo.renditions_made = images[position].renditions_made
            if urlsplit(wire.href).scheme in {"http", "https"}:
                photo.source_url = wire.href[:1000]
            what = _("Photo caption %(n)d") % {"n": position + 1}
            _checked(photo, what, exclude=["article", "photographer"])
            normalise_text_fields(photo)  # as its save() will: the checksum sees the stored text
            photos.append(photo)
            if wire.href and not photo.image and not (photo.source_url and fetching_enabled()):
                self.warnings.append(
                    _(
                        "Photo %(n)d: the picture (%(href)s) is not fetched, so readers do not "
                        "see it; upload the file."
                    )
                    % {"n": position + 1, "href": wire.href}
                )

        tags = list(dict.fromkeys(_one_line(t) for t in story.tags if _one_line(t)))
        for tag in tags:
            if len(tag) > 100:
                raise WireError(
                    _("Tag “%(tag)s…” is longer than 100 characters.") % {"tag": tag[:40]}
                )

        # The checksum is taken from what is written, so an editor's later change
        # (and only that) makes the two differ.
        normalise_text_fields(article)  # as its save() will
        article.import_checksum = _parts_digest(
            article, bylines=bylines, quotes=quotes, photos=photos, tags=tags
        )
        article.save()
        if not is_new:
            article.bylines.all().delete()
            article.quotes.all().delete()
            article.photos.all().delete()
        Byline.objects.bulk_create(bylines)
        Quote.objects.bulk_create(quotes)
        for photo in photos:
            photo.save()  # save() splits the credit into its parts
        if tags or not is_new:
            article.tags.set(tags)
        self.written = Written(bylines, quotes, photos, tags=None if tags else [], created=is_new)
        return article


def _texts(story: WireStory):
    yield from (story.headline, story.standfirst, story.body, story.dateline, story.source)
    for byline in story.bylines:
        yield from (byline.name, byline.location, byline.title)
    for quote in story.quotes:
        yield from (quote.text, quote.speaker, quote.speaker_title)
    for photo in story.photos:
        yield from (photo.caption, photo.credit, photo.alt_text)
    if story.rights:
        yield story.rights.notice
    yield from story.tags


def _check_story(story: WireStory) -> None:
    if any("\x00" in text for text in _texts(story)):
        # PostgreSQL cannot store NUL characters; they only come from binary data.
        raise WireError(_("The copy contains NUL characters: is it a binary file?"))
    if story.pubstatus == "canceled":
        if not (story.source_identifier.strip() or story.headline.strip()):
            raise WireError(_("The kill notice does not say which story it kills."))
        return
    if not story.headline.strip():
        raise WireError(_("The story has no headline."))
    if not story.body.strip():
        raise WireError(_("The story has no body text."))


def _label(article: Article) -> str:
    return f"“{article.headline}”"


def _decide(story: WireStory, existing: Article, *, force: bool) -> StoreResult | None:
    """The refusal or no-op for an update of ``existing``, or None to go ahead."""
    current = article_digest(existing)
    if story_digest(story) == current:
        return StoreResult(
            UNCHANGED, existing, _("%(story)s is already up to date.") % {"story": _label(existing)}
        )
    if force:
        return None
    if existing.status == Article.Status.WITHDRAWN:
        return StoreResult(
            REFUSED,
            existing,
            _(
                "%(story)s was withdrawn; the agency update was not applied. "
                "Force the import to update it anyway (it stays withdrawn)."
            )
            % {"story": _label(existing)},
        )
    edited = current != existing.import_checksum
    if edited and existing.imported_at is None:
        return StoreResult(
            REFUSED,
            existing,
            _(
                "%(story)s was not imported from the wire but carries the same agency ID; "
                "the agency version was not applied. Force the import to replace it."
            )
            % {"story": _label(existing)},
        )
    if existing.status == Article.Status.PUBLISHED:
        return StoreResult(
            REFUSED,
            existing,
            _(
                "%(story)s is already published%(edited)s; the agency update was not applied. "
                "Check it and force the import to replace the published text."
            )
            % {
                "story": _label(existing),
                "edited": _(" and an editor has changed it since the import") if edited else "",
            },
        )
    if edited:
        return StoreResult(
            REFUSED,
            existing,
            _(
                "%(story)s has been changed by an editor since it was imported%(when)s; "
                "the agency update was not applied. Force the import to replace their changes."
            )
            % {
                "story": _label(existing),
                "when": (
                    _(" on %(when)s")
                    % {"when": timezone.localtime(existing.imported_at).strftime("%Y-%m-%d %H:%M")}
                    if existing.imported_at
                    else ""
                ),
            },
        )
    return None


def _kill(story: WireStory, existing: Article | None, *, user) -> StoreResult:
    if existing is None:
        return StoreResult(
            UNCHANGED, None, _("Kill notice for a story we do not have: nothing to withdraw.")
        )
    if existing.status == Article.Status.WITHDRAWN:
        return StoreResult(
            UNCHANGED, existing, _("%(story)s is already withdrawn.") % {"story": _label(existing)}
        )
    source = existing.source or _("the agency")
    reason = _("Killed by %(source)s.") % {"source": source}
    try:
        article_withdraw(article=existing, user=user, reason=reason)
    except PublishingRefused as refusal:
        return StoreResult(REFUSED, existing, str(refusal))
    return StoreResult(
        WITHDRAWN,
        existing,
        _("%(story)s was withdrawn: %(source)s killed it.")
        % {"story": _label(existing), "source": source},
    )


def _record_import(story: WireStory, article: Article, *, created: bool, user) -> None:
    """The audit entry for a story the wire created or rewrote (rolled back in a dry run)."""
    what = _("New story") if created else _("Updated from the agency's new version")
    source = " ".join(filter(None, (story.source, story.source_identifier.strip())))
    auditing.record(
        actor=user,
        action=auditing.Action.IMPORTED,
        obj=article,
        actor_name=auditing.WIRE_IMPORT,
        summary=f"{what} ({source})" if source else what,
    )


def _store(story: WireStory, *, force: bool, dry_run: bool, user) -> StoreResult:
    with transaction.atomic():
        existing = find_existing(story, lock=True)
        if story.pubstatus == "canceled":
            result = _kill(story, existing, user=user)
        else:
            result = _decide(story, existing, force=force) if existing else None
            if result is None:
                writer = _Writer(story)
                if existing is not None:
                    # An editor with the story open must not save over the agency's update.
                    claim_version(existing)
                article = writer.write(existing or Article(status=Article.Status.DRAFT))
                _record_import(story, article, created=existing is None, user=user)
                record_revision(
                    article=article, user=user, action="imported", written=writer.written
                )
                if any(photo.href for photo in story.photos):
                    ask_for_photos(article.pk, using=Article.objects.db)
                if existing is None:
                    message = _("%(story)s was imported as a draft.")
                elif existing.status == Article.Status.DRAFT:
                    message = _("%(story)s was updated from the agency's new version.")
                else:
                    message = _(
                        "%(story)s was updated from the agency's new version (forced; "
                        "its status stays %(status)s)."
                    )
                result = StoreResult(
                    CREATED if existing is None else UPDATED,
                    article,
                    message % {"story": _label(article), "status": article.get_status_display()},
                    warnings=writer.warnings,
                )
                if story.pubstatus == "withheld":
                    result.warnings.append(
                        _("The agency marked this story “withheld”: do not publish it yet.")
                    )
        result.warnings = list(story.warnings) + result.warnings
        if dry_run:
            raise _DryRun(result)
    return result


def store_story(
    story: WireStory, *, force: bool = False, dry_run: bool = False, user=None
) -> StoreResult:
    """Create, update or withdraw the article for ``story`` in one transaction.

    ``force`` applies an update that would otherwise be refused (published story,
    or changed by an editor since the import). ``dry_run`` does everything and
    rolls it back, so the result says exactly what would happen; its article is
    the stored one as it was (None for a story that would be created). Copy that
    cannot be stored raises ``WireError`` with nothing written.
    """
    clean_dataclass_text(story)  # parts go in by bulk_create, which sends no pre_save
    _check_story(story)
    try:
        try:
            result = _store(story, force=force, dry_run=dry_run, user=user)
        except IntegrityError:
            # Most likely a concurrent import created the same story or notice first:
            # once more, it is found and updated or shared. A real conflict re-raises.
            result = _store(story, force=force, dry_run=dry_run, user=user)
        return result
    except _DryRun as rolled_back:
        result = rolled_back.result
        result.dry_run = True
        if result.article is not None:
            result.article = Article.objects.filter(pk=result.article.pk).first()
        return result
