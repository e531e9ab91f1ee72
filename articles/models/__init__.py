"""The story as data, one module per concept.

- ``story``: Article and ``ArticleQuerySet`` (``published()`` is the one visibility rule;
  every public output starts from it);
- ``parts``: Byline, Quote, PhotoCaption;
- ``people``: Person; ``rights``: RightsNotice;
- ``revisions``: Revision (the whole story as one snapshot per save).
"""

from .parts import Byline, PhotoCaption, Quote, photo_upload_to
from .people import Person
from .revisions import Revision
from .rights import RightsNotice
from .slugs import unique_slug
from .story import Article, ArticleQuerySet

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "Person",
    "PhotoCaption",
    "Quote",
    "Revision",
    "RightsNotice",
    "photo_upload_to",
    "unique_slug",
]
