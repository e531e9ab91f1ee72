"""Moving the test database to a migration and back, for the migration tests."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets):
    """Migrate to ``targets``; the historical models there (``apps.get_model``)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest():
    """Back to every app's newest migration (a migration test's ``finally``)."""
    return migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
