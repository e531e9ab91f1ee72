"""The editors' desk in the Django admin, one module per screen.

- ``story_admin``: the story change form, list and actions; ``inlines``: its parts;
- ``person_admin``, ``notice_admin``, ``tag_admin``: the shared rows stories point at
  (``shared_row_admin``: who may change one a public story shows);
- ``audit_admin``: the audit log, and the mixin that feeds it from every screen;
- ``wire_import``: the “Import wire copy” page;
- ``correction_admin``: the “Add a correction or update” page and the list of notes;
- ``section_admin``: sections and the edited front page; ``flatpage_admin``: the simple
  pages (flatpages);
- ``job_admin``: background jobs for operators (what waits, runs, failed; retry).
"""

from . import (  # noqa: F401 - registers the admin classes
    audit_admin,
    correction_admin,
    flatpage_admin,
    job_admin,
    notice_admin,
    person_admin,
    section_admin,
    story_admin,
    tag_admin,
)
