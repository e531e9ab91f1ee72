"""The story as data, one module per concept.

- ``story``: Article and ``ArticleQuerySet`` (``published()`` is the one visibility rule;
  every public output starts from it);
- ``parts``: Byline, Quote, PhotoCaption;
- ``people``: Person; ``rights``: RightsNotice;
- ``corrections``: Correction (corrections and updates shown to readers);
- ``audit``: AuditEntry, the append-only log of who did what;
- ``revisions``: Revision (the whole story as one snapshot per save);
- ``search``: SearchDocument (a story's full-text vector, written by the database);
- ``rendered``: RenderedStory (a story page's parts as HTML, see ``articles.public.story_pages``);
- ``sections``: Section (Local, Business ...); ``fronts``: FrontPage, FrontPin, FrontBlock
  (the edited home page);
- ``tagging``: TaggedArticle (a story's tags, joined on a real foreign key);
- ``jobs``: Job (background work a write asked for: the outbox, see ``articles.jobs``).
"""

from .audit import AuditEntry, AuditLogIsAppendOnly
from .corrections import Correction
from .fronts import FrontBlock, FrontPage, FrontPin
from .jobs import Job
from .parts import Byline, PhotoCaption, Quote, photo_upload_to
from .people import Person
from .rendered import RenderedStory
from .revisions import Revision
from .rights import RightsNotice
from .search import SearchDocument
from .sections import Section
from .slugs import unique_slug
from .story import Article, ArticleQuerySet
from .tagging import TaggedArticle

__all__ = [
    "Article",
    "ArticleQuerySet",
    "AuditEntry",
    "AuditLogIsAppendOnly",
    "Byline",
    "Correction",
    "FrontBlock",
    "FrontPage",
    "FrontPin",
    "Job",
    "Person",
    "PhotoCaption",
    "Quote",
    "RenderedStory",
    "Revision",
    "RightsNotice",
    "SearchDocument",
    "Section",
    "TaggedArticle",
    "photo_upload_to",
    "unique_slug",
]
