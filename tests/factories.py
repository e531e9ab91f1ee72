"""factory-boy factories for every model."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles.models import (
    Article,
    Byline,
    Correction,
    Person,
    PhotoCaption,
    Quote,
    RightsNotice,
    Section,
)
from articles.photos.rendition_jobs import make_for

RESTRICTIVE_NOTICE = (
    "[© 2025 Northwind Media. All rights reserved.]This material may not be published, "
    "broadcast, rewritten or redistributed.\nNorthwind Media is solely responsible for "
    "this content."
)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Ana Person{n}")
    title = ""


class RightsNoticeFactory(DjangoModelFactory):
    class Meta:
        model = RightsNotice

    notice = factory.Sequence(
        lambda n: f"© 2025 Harbour Ledger {n}. Free to share with a link to the original story."
    )
    allows_full_text = True


class RestrictiveNoticeFactory(RightsNoticeFactory):
    notice = factory.Sequence(
        lambda n: RESTRICTIVE_NOTICE.replace("Northwind Media.", f"Northwind Media {n}.", 1)
    )
    allows_full_text = False


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda section: section.name.lower().replace(" ", "-"))
    position = factory.Sequence(lambda n: n)


class ArticleFactory(DjangoModelFactory):
    """A public story by default; use the traits for the other states."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Harbour story number {n}")
    standfirst = "A short summary of the story."
    dateline = "PORT ALDER"
    source = ""
    body = (
        "The council met on Monday.\n\n"
        '"We will build it," the mayor said.\n\n'
        "## WHAT COMES NEXT\n\n"
        "Work starts in the spring."
    )
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    rights_notice = factory.SubFactory(RightsNoticeFactory)

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )
        embargoed = factory.Trait(
            embargo_until=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))
        )
        withdrawn = factory.Trait(
            status=Article.Status.WITHDRAWN,
            withdrawn_at=factory.LazyFunction(timezone.now),
        )
        agency = factory.Trait(
            source="Northwind",
            source_identifier=factory.Sequence(lambda n: f"nw-{n:05d}"),
            rights_notice=factory.SubFactory(RestrictiveNoticeFactory),
        )

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class BylineFactory(DjangoModelFactory):
    class Meta:
        model = Byline

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    role = Byline.Role.AUTHOR
    position = factory.Sequence(int)


class QuoteFactory(DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(PersonFactory)
    text = "We will build it,"
    position = factory.Sequence(int)


class PhotoCaptionFactory(DjangoModelFactory):
    class Meta:
        model = PhotoCaption
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    caption = "Workers inspect a test float on the north basin."
    credit = "NORTHWIND/Lena Fischer/File Photo"
    alt_text = "Two workers in orange vests on a floating platform."
    image = factory.django.ImageField(width=64, height=48, color="teal")
    position = factory.Sequence(int)

    @factory.post_generation
    def renditions(self, create, extracted, **kwargs):
        """Made at once, as the worker makes them soon after an upload (``renditions=False``:
        still waiting for the worker)."""
        if create and self.image and extracted is not False:
            make_for(self)
            self.renditions_made = self.rendition_key


class CorrectionFactory(DjangoModelFactory):
    """A note as stored; tests of the rules go through ``article_add_correction``."""

    class Meta:
        model = Correction

    article = factory.SubFactory(ArticleFactory)
    kind = Correction.Kind.CORRECTION
    text = factory.Sequence(lambda n: f"An earlier version of this story misstated a date ({n}).")
    created_at = factory.LazyFunction(timezone.now)
    created_by_name = "Edna Editor"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
