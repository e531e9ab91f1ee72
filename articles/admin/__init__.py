"""The editors' desk in the Django admin, one module per screen.

- ``stories``: the story change form, list and actions; ``inlines``: its parts;
- ``people``, ``rights``: the shared rows stories point at;
- ``wire_import``: the “Import wire copy” page;
- ``corrections``: the “Add a correction or update” page and the list of notes.
"""

from . import corrections, people, rights, stories  # noqa: F401 - registers the admin classes
