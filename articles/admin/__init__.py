"""The editors' desk in the Django admin, one module per screen.

- ``stories``: the story change form, list and actions; ``inlines``: its parts;
- ``people``, ``rights``, ``tags``: the shared rows stories point at (``shared_rows``:
  who may change one a public story shows);
- ``audit``: the audit log, and the mixin that feeds it from every screen;
- ``wire_import``: the “Import wire copy” page;
- ``corrections``: the “Add a correction or update” page and the list of notes;
- ``sections``: sections and the edited front page; ``pages``: the simple pages (flatpages).
"""

from . import (  # noqa: F401 - registers the admin classes
    audit_admin,
    correction_admin,
    flatpage_admin,
    notice_admin,
    person_admin,
    section_admin,
    story_admin,
    tag_admin,
)
