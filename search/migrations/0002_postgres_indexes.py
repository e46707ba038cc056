"""PostgreSQL only: the GIN index over the search vectors and pg_trgm over the vocabulary.

SQLite has neither; its fallback search needs no index at this size.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_entry_vector_gin "
    "ON kennisbank_search_searchentry USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS search_word_trgm_gin "
    "ON kennisbank_search_searchword USING gin (word gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_title_trgm_gin "
    "ON kennisbank_search_searchentry USING gin (title gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_trgm_gin",
    "DROP INDEX IF EXISTS search_word_trgm_gin",
    "DROP INDEX IF EXISTS search_entry_vector_gin",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("kennisbank_search", "0001_initial")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
