"""Restoring a snapshot: the words, parts and tags come back; whether readers see it does not.

Bylines, quotes and photos keep their ids (a row deleted since is recreated with its
old id when no other story's row took it), so diffs after a restore still match rows.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from ...conventions.quote_check import normalise_for_match
from ...models import Article, Byline, Person, PhotoCaption, Quote, RightsNotice
from .snapshots import ARTICLE_FIELDS, BYLINE_FIELDS, PHOTO_FIELDS, QUOTE_FIELDS, RESTORED_FIELDS


def restore_problems(article: Article, snap: dict) -> list[str]:
    """What stops ``snap`` from being restored into ``article``, in editors' words."""
    problems = []
    if article.status == Article.Status.PUBLISHED and snap.get("rights_notice") is None:
        problems.append(
            _("That revision has no rights notice, and a published story must print one.")
        )
    if article.status == Article.Status.PUBLISHED:
        body = normalise_for_match(snap.get("body", ""))  # once, not once per quote
        for row in snap.get("quotes", []):
            if not Quote(text=row["text"]).is_in_normalised(body):
                problems.append(
                    _(
                        "Its quote from %(speaker)s (“%(text)s”) is not in its body word for "
                        "word, and a published story may only carry quotes its body prints."
                    )
                    % {"speaker": row["speaker"], "text": row["text"][:60]}
                )
    source, identifier = snap.get("source", ""), snap.get("source_identifier", "")
    clash = Article.objects.filter(source=" ".join(source.split()), source_identifier=identifier)
    if identifier and clash.exclude(pk=article.pk).exists():
        problems.append(
            _("Another story now carries the agency ID “%(id)s” from %(source)s.")
            % {"id": identifier, "source": source}
        )
    return problems


def _person_named(name: str) -> Person:
    return Person.objects.filter(name__iexact=name).order_by("pk").first() or (
        Person.objects.create(name=name)
    )


def _people(rows: list[dict], key: str) -> dict[int, Person]:
    """The people ``rows`` point at, by id; one deleted since is found or recreated by name."""
    ids = {row[f"{key}_id"] for row in rows if row.get(f"{key}_id")}
    people = Person.objects.in_bulk(ids)
    for row in rows:
        person_id, name = row.get(f"{key}_id"), row.get(key) or ""
        if person_id and person_id not in people and name:
            people[person_id] = _person_named(name)
    return people


def _notice(snap: dict) -> RightsNotice | None:
    """The snapshot's rights notice; one deleted since is found by its words or recreated."""
    notice_id, text = snap.get("rights_notice"), snap.get("rights_notice_text") or ""
    if notice_id is None:
        return None
    notice = RightsNotice.objects.filter(pk=notice_id).first()
    if notice is None and text:
        fingerprint = RightsNotice.fingerprint_of(text)
        notice = RightsNotice.objects.filter(fingerprint=fingerprint).first()
        notice = notice or RightsNotice.objects.create(notice=text)
    return notice


def _free_ids(model, rows: list[dict], article: Article) -> set[int]:
    """Ids of ``rows`` that no other story's row has taken since (a recreated row keeps its id)."""
    ids = {row["id"] for row in rows}
    taken = model.objects.filter(pk__in=ids).exclude(article=article).values_list("pk", flat=True)
    return ids - set(taken)


def _restore_bylines(article: Article, rows: list[dict]) -> None:
    # Rewritten as a whole: updating in place could collide with the one-role-per-person
    # constraint half way (two bylines swapping roles), and nothing points at a byline.
    Byline.objects.filter(article=article).delete()
    people, free = _people(rows, "person"), _free_ids(Byline, rows, article)
    Byline.objects.bulk_create(
        Byline(
            pk=row["id"] if row["id"] in free else None,
            article=article,
            published_at=article.published_at,  # bulk_create: the copy save() would make
            person=people[row["person_id"]],
            **{name: row[name] for name in BYLINE_FIELDS},
        )
        for row in rows
        if row["person_id"] in people
    )


def _restore_rows(article: Article, model, rows: list[dict], fill) -> None:
    """Update rows by id, recreate the deleted ones, delete the ones added since."""
    current = model.objects.filter(article=article)
    current.exclude(pk__in=[row["id"] for row in rows]).delete()
    existing = current.in_bulk()
    free = _free_ids(model, rows, article)
    for row in rows:
        obj = existing.get(row["id"])
        if obj is None:
            obj = model(pk=row["id"] if row["id"] in free else None, article=article)
        fill(obj, row)
        obj.save()


def _restore_quotes(article: Article, rows: list[dict]) -> None:
    people = _people(rows, "speaker")

    def fill(quote: Quote, row: dict) -> None:
        quote.speaker = people[row["speaker_id"]]
        for name in QUOTE_FIELDS:
            setattr(quote, name, row[name])

    _restore_rows(article, Quote, [row for row in rows if row["speaker_id"] in people], fill)


def _restore_photos(article: Article, rows: list[dict]) -> None:
    people = _people(rows, "photographer")
    storage = PhotoCaption._meta.get_field("image").storage
    # The one-lead-photo constraint must hold after every single row's save.
    PhotoCaption.objects.filter(article=article).update(is_lead=False)

    def fill(photo: PhotoCaption, row: dict) -> None:
        name = row.get("image") or ""
        if photo.image.name != name:
            # A file that is gone leaves the caption without a picture, not a broken one.
            photo.image = name if name and storage.exists(name) else ""
        photo.photographer = people.get(row.get("photographer_id"))
        for field_name in PHOTO_FIELDS:
            setattr(photo, field_name, row[field_name])

    _restore_rows(article, PhotoCaption, rows, fill)


def restored_snapshot(current: dict, snap: dict) -> dict:
    """The snapshot a restore of ``snap`` would give a story now at ``current``."""
    kept = {name: current.get(name) for name in ARTICLE_FIELDS if name not in RESTORED_FIELDS}
    return {**snap, **kept}


def apply_snapshot(article: Article, snap: dict) -> None:
    """Bring back the story's words, parts and tags from ``snap``; its status stays as it is."""
    for name in RESTORED_FIELDS:
        setattr(article, name, snap.get(name, ""))
    slug_taken = Article.objects.filter(slug=article.slug).exclude(pk=article.pk).exists()
    if slug_taken or not article.slug:
        # Another story took the address since: keep the one the story has now.
        article.slug = Article.objects.filter(pk=article.pk).values_list("slug", flat=True).get()
    article.rights_notice = _notice(snap)
    article.save()
    _restore_bylines(article, snap.get("bylines", []))
    _restore_quotes(article, snap.get("quotes", []))
    _restore_photos(article, snap.get("photos", []))
    article.tags.set(snap.get("tags", []))
