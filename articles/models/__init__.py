"""The story as data, one module per concept.

- ``story``: Article and ``ArticleQuerySet`` (``published()`` is the one visibility rule;
  every public output starts from it);
- ``parts``: Byline, Quote, PhotoCaption;
- ``people``: Person; ``rights``: RightsNotice;
- ``search``: SearchDocument (a story's full-text vector, written by the database);
- ``tagging``: TaggedArticle (a story's tags, joined on a real foreign key).
"""

from .parts import Byline, PhotoCaption, Quote, photo_upload_to
from .people import Person
from .rights import RightsNotice
from .search import SearchDocument
from .slugs import unique_slug
from .story import Article, ArticleQuerySet
from .tagging import TaggedArticle

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "Person",
    "PhotoCaption",
    "Quote",
    "RightsNotice",
    "SearchDocument",
    "TaggedArticle",
    "photo_upload_to",
    "unique_slug",
]
