"""Stories with many parts, for the reader-site tests (query counts, order, escaping)."""

from __future__ import annotations

from articles.models import Article, Byline
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    PersonFactory,
    PhotoCaptionFactory,
    QuoteFactory,
)

CREDIT_ROLES = [
    Byline.Role.REPORTING,
    Byline.Role.ADDITIONAL_REPORTING,
    Byline.Role.WRITING,
    Byline.Role.EDITING,
    Byline.Role.PHOTOGRAPHY,
    Byline.Role.CONTRIBUTOR,
]


def story_with_parts(n: int, **kwargs) -> Article:
    """An agency story with ``n`` bylines, quotes, photos and tags (``n`` authors among them)."""
    quotes = [f"Quote number {i} is on the record" for i in range(n)]
    body = "\n\n".join(
        ["The council met on Monday."]
        + [f'"{text}," said speaker {i}.' for i, text in enumerate(quotes)]
        + ["## WHAT COMES NEXT", "Work starts in the spring."]
    )
    fields = {"agency": True, "body": body, "tags": [f"topic {i}" for i in range(n)]}
    article = ArticleFactory(**(fields | kwargs))
    for i in range(n):
        BylineFactory(article=article, role=Byline.Role.AUTHOR)
        BylineFactory(
            article=article, role=CREDIT_ROLES[i % len(CREDIT_ROLES)], location=f"City {i}"
        )
        QuoteFactory(article=article, text=quotes[i], is_pull_quote=i % 3 == 0)
        PhotoCaptionFactory(
            article=article,
            is_lead=i == 0,
            caption=f"Caption number {i}.",
            photographer=PersonFactory(name="Lena Fischer") if i % 2 else None,
        )
    return article
