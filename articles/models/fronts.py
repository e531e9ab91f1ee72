"""The edited front: what the editors put on the home page, and in what order.

One ``FrontPage`` row holds the lead story; ``FrontPin`` rows pin stories in
order, either at the top (no section) or at the head of a section's block;
``FrontBlock`` rows say which sections get a block, in what order and how many
stories each. What readers see is assembled by ``articles.public.front_page``, which only
ever shows ``published()`` stories: a pinned draft or withdrawn story is skipped.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_BLOCK_SIZE = 12


class FrontPage(models.Model):
    name = models.CharField(
        _("name"),
        max_length=60,
        default="Home",
        help_text=_("For the editors only; the home page shows the newsroom's name."),
    )
    lead = models.ForeignKey(
        "articles.Article",
        verbose_name=_("lead story"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The big story at the top. Leave empty (or pick a story that is not public) and "
            "the newest public story leads."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front page")

    def __str__(self) -> str:
        return self.name


class FrontPin(models.Model):
    front = models.ForeignKey(
        FrontPage, verbose_name=_("front"), on_delete=models.CASCADE, related_name="pins"
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("in the block of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: pinned under the lead. A section: first in that section's block."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("pinned story")
        verbose_name_plural = _("pinned stories")

    def __str__(self) -> str:
        return f"{self.position}: {self.article_id}"


class FrontBlock(models.Model):
    front = models.ForeignKey(
        FrontPage, verbose_name=_("front"), on_delete=models.CASCADE, related_name="blocks"
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    size = models.PositiveSmallIntegerField(
        _("stories"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BLOCK_SIZE)],
        help_text=_("How many stories the block shows; the newest fill what is not pinned."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section block")
        verbose_name_plural = _("section blocks")
        constraints = [
            models.UniqueConstraint(fields=["front", "section"], name="front_block_unique_section"),
            models.CheckConstraint(
                condition=models.Q(size__gte=1, size__lte=MAX_BLOCK_SIZE),
                name="front_block_size_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.section)
