"""Helpers for the blog's migrations (the loader skips modules whose name starts with "_")."""

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """Runs its SQL on PostgreSQL and does nothing elsewhere; changes no model state."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
