"""Person: one row per human, whether they write, photograph or speak."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .slugs import unique_slug
from .text import normalise_text_fields


class Person(models.Model):
    """One row per human, whether they write, photograph or speak."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        blank=True,
        help_text=_("Filled in from the name when left empty."),
    )
    title = models.CharField(
        _("current title"),
        max_length=300,
        blank=True,
        help_text=_(
            "Their role today, e.g. “Mayor of Port Alder”. Quotes keep the title as printed."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        normalise_text_fields(self)
        self.name = " ".join(self.name.split())
        if not self.slug:
            self.slug = unique_slug(Person, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:person", kwargs={"slug": self.slug})
