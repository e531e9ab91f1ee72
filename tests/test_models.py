"""Model rules: visibility, constraints, derived fields, quote verification."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from articles.desk.operations import PublishingRefused, article_publish, article_withdraw
from articles.models import Article, Person, PhotoCaption, RightsNotice
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
    RightsNoticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# -- published(): the one visibility rule ---------------------------------


@pytest.mark.parametrize(
    ("traits", "visible"),
    [
        ({}, True),
        ({"draft": True}, False),
        ({"scheduled": True}, False),
        ({"embargoed": True}, False),
        ({"withdrawn": True}, False),
        ({"embargo_until": timezone.now() - timedelta(minutes=1)}, True),
    ],
    ids=["public", "draft", "future", "embargoed", "withdrawn", "embargo-lifted"],
)
def test_published_applies_status_time_and_embargo(traits, visible):
    article = ArticleFactory(**traits)
    assert (article in Article.objects.published()) is visible
    assert article.is_public() is visible


def test_published_story_becomes_visible_when_its_time_comes():
    article = ArticleFactory(scheduled=True)
    later = article.published_at + timedelta(seconds=1)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.published(now=later).filter(pk=article.pk).exists()
    assert article.is_public(now=later)


def test_embargo_lifts_at_its_time():
    article = ArticleFactory(embargoed=True)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    after = article.embargo_until + timedelta(seconds=1)
    assert Article.objects.published(now=after).filter(pk=article.pk).exists()


def test_staff_see_every_story_readers_only_public_ones():
    public, draft = ArticleFactory(), ArticleFactory(draft=True)
    staff = UserFactory(is_staff=True)
    reader = UserFactory(username="reader", is_staff=False)
    assert set(Article.objects.visible_to(staff)) == {public, draft}
    assert set(Article.objects.visible_to(reader)) == {public}


# -- constraints ----------------------------------------------------------


def test_database_refuses_published_story_without_rights_notice():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(rights_notice=None)


def test_database_refuses_published_story_without_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(published_at=None)


def test_clean_explains_missing_rights_notice_to_editors():
    article = ArticleFactory.build(rights_notice=None)
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "rights notice" in str(error.value.message_dict["rights_notice"])


def test_agency_identifier_is_unique_per_source():
    ArticleFactory(source="Northwind", source_identifier="nw-1")
    ArticleFactory(source="Eastwire", source_identifier="nw-1")  # other agency: fine
    ArticleFactory(source="Northwind", source_identifier="")
    ArticleFactory(source="Northwind", source_identifier="")  # empty ids never clash
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(source="Northwind", source_identifier="nw-1")


def test_rights_notice_in_use_cannot_be_deleted():
    article = ArticleFactory()
    with pytest.raises(ProtectedError):
        article.rights_notice.delete()
    unused = RightsNoticeFactory()
    unused.delete()
    assert not RightsNotice.objects.filter(pk=unused.pk).exists()


def test_person_with_quotes_cannot_be_deleted():
    quote = QuoteFactory()
    with pytest.raises(ProtectedError):
        quote.speaker.delete()


def test_only_one_lead_photo_per_story():
    article = ArticleFactory()
    PhotoCaptionFactory(article=article, is_lead=True)
    PhotoCaptionFactory(article=article, is_lead=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        PhotoCaptionFactory(article=article, is_lead=True)


def test_same_person_cannot_hold_the_same_role_twice_on_a_story():
    byline = BylineFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BylineFactory(article=byline.article, person=byline.person, role=byline.role)
    BylineFactory(article=byline.article, person=byline.person, role="editing")


# -- derived fields -------------------------------------------------------


def test_slugs_are_derived_and_unique():
    first = ArticleFactory(headline="Floods close the river road")
    second = ArticleFactory(headline="Floods close the river road")
    assert first.slug == "floods-close-the-river-road"
    assert second.slug == "floods-close-the-river-road-2"
    assert PersonFactory(name="Ines  Carvalho").slug == "ines-carvalho"
    assert Person.objects.get(slug="ines-carvalho").name == "Ines Carvalho"


def test_source_slug_follows_source():
    article = ArticleFactory(source="North Wind Media")
    assert article.source_slug == "north-wind-media"
    assert article.is_own_story is False
    assert ArticleFactory().is_own_story is True


def test_photo_credit_is_kept_as_printed_and_split():
    photo = PhotoCaptionFactory(credit="NORTHWIND/Lena Fischer/File Photo")
    photo.refresh_from_db()
    assert photo.credit == "NORTHWIND/Lena Fischer/File Photo"
    assert (photo.agency, photo.photographer_name, photo.is_file_photo) == (
        "NORTHWIND",
        "Lena Fischer",
        True,
    )
    photo.credit = "Harbour Ledger/Sam Okafor"
    photo.save()
    assert (photo.agency, photo.photographer_name, photo.is_file_photo) == (
        "Harbour Ledger",
        "Sam Okafor",
        False,
    )


def test_caption_may_arrive_before_its_image():
    photo = PhotoCaptionFactory(image=None)
    assert PhotoCaption.objects.get(pk=photo.pk).is_ready is False
    assert PhotoCaptionFactory().is_ready is True


def test_rights_notice_parts_are_filled_from_the_notice():
    notice = RightsNotice.objects.create(
        notice=(
            "[© 2025 Northwind Media. All rights reserved.]This material may not be\n"
            "published, broadcast, rewritten or redistributed.\n"
            "Northwind Media is solely responsible for this content."
        )
    )
    assert notice.holder == "Northwind Media"
    assert notice.year == 2025
    assert notice.statement == "All rights reserved."
    assert notice.restriction.startswith("This material may not be published")
    assert notice.responsibility == "Northwind Media is solely responsible for this content."
    assert "\n" in notice.notice  # the notice itself is kept word for word


def test_rights_notice_parts_given_by_the_editor_are_kept():
    notice = RightsNotice.objects.create(notice="© 2024 Tidewater Agency.", holder="Tidewater")
    assert notice.holder == "Tidewater"
    assert notice.year == 2024


def test_identical_notice_text_is_one_rights_notice():
    RightsNotice.objects.create(notice="© 2025 Tidewater. All rights reserved.")
    duplicate = RightsNotice(notice="© 2025  Tidewater.\nAll rights reserved.")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# -- quote verification ---------------------------------------------------


def test_quote_found_in_body_ignoring_line_breaks_and_quote_styles():
    article = ArticleFactory(
        body="“We are turning a rusting\nliability into the cheapest electricity,” she said."
    )
    quote = QuoteFactory(
        article=article, text="We are turning a rusting liability into the cheapest electricity,"
    )
    assert quote.is_verified
    assert article.unverified_quotes() == []


def test_quote_with_curly_apostrophe_matches_straight_one_in_body():
    article = ArticleFactory(body='"The fishermen\'s boats stay," he said.')
    assert QuoteFactory(article=article, text="The fishermen’s boats stay,").is_verified


def test_quote_not_in_body_is_flagged():
    article = ArticleFactory(body='"We will build it," the mayor said.')
    good = QuoteFactory(article=article, text="We will build it,")
    bad = QuoteFactory(article=article, text="We will never build it")
    assert article.unverified_quotes() == [bad]
    assert good.is_verified and not bad.is_verified


def test_quote_check_is_word_for_word_not_case_insensitive():
    article = ArticleFactory(body='"We will build it," the mayor said.')
    assert not QuoteFactory(article=article, text="we will build it,").is_verified


# -- operations -----------------------------------------------------------


def test_publish_sets_status_and_time():
    article = ArticleFactory(draft=True)
    article_publish(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert article in Article.objects.published()


def test_publish_keeps_a_scheduled_time():
    when = timezone.now() + timedelta(days=2)
    article = ArticleFactory(draft=True, published_at=when)
    article_publish(article=article)
    article.refresh_from_db()
    assert article.published_at == when
    assert article not in Article.objects.published()


def test_publish_refuses_story_without_rights_notice():
    article = ArticleFactory(draft=True, rights_notice=None)
    with pytest.raises(PublishingRefused, match="no rights notice"):
        article_publish(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_publish_refuses_story_with_a_quote_not_in_the_body():
    article = ArticleFactory(draft=True)
    QuoteFactory(article=article, text="Words nobody printed")
    with pytest.raises(PublishingRefused, match="not in the body word for word"):
        article_publish(article=article)


def test_publish_refuses_users_without_permission():
    reporter = UserFactory(username="rep", groups=["Reporters"])
    article = ArticleFactory(draft=True)
    with pytest.raises(PublishingRefused, match="permission"):
        article_publish(article=article, user=reporter)


def test_withdraw_takes_story_off_the_site_and_records_why():
    article = ArticleFactory()
    article_withdraw(article=article, reason="Legal complaint")
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN
    assert article.withdrawn_at is not None
    assert article.withdrawal_reason == "Legal complaint"
    assert article not in Article.objects.published()
    with pytest.raises(PublishingRefused, match="already withdrawn"):
        article_withdraw(article=article, reason="Again.")
    with pytest.raises(PublishingRefused, match="withdrawn"):
        article_publish(article=article)


def test_every_model_has_a_readable_str():
    photo = PhotoCaptionFactory(caption="A test float on the basin")
    quote = QuoteFactory(text="We will build it,")
    byline = BylineFactory(location="Lisbon", role="reporting")
    assert str(photo) == "A test float on the basin"
    assert str(quote).endswith("“We will build it,”")
    assert str(byline) == f"Reporting: {byline.person} in Lisbon"
    assert str(photo.article) == photo.article.headline
    assert "Harbour Ledger" in str(photo.article.rights_notice)
