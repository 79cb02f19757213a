"""A PostgreSQL text search configuration for languages without a stemmer (Ukrainian):
the `simple` dictionary (lower-cased words) after `unaccent` (stress marks and other
accents removed). Nothing to do on other databases."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE = """
CREATE TEXT SEARCH CONFIGURATION newsroom_simple_unaccent (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION newsroom_simple_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsroom_simple_unaccent;"


class PostgresOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class PostgresOnlyUnaccent(UnaccentExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # other objects may use the extension


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_article_language")]

    operations = [PostgresOnlyUnaccent(), PostgresOnly(CREATE, DROP)]
