"""Sections (Local, Business, Sport ...): where a story belongs on the site.

A story has one primary section (its home: the section front, the feed, the
front page's block) and may be listed on others as secondary sections.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SectionQuerySet(models.QuerySet):
    def active(self) -> SectionQuerySet:
        """Sections readers see: in the navigation, with a front, feeds and sitemap entries."""
        return self.filter(is_active=True)


class Section(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("The section's address: /sections/<slug>/. Changing it breaks old links."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Order in the navigation: lower comes first."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown at the top of the section front."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive sections are hidden from readers; their stories stay published."),
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})
