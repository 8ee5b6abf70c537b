"""PostgreSQL only: a trigram GIN index on the bigram column (see compliance/public/models.py).

``LIKE '%|委託|%'`` has four characters, so pg_trgm extracts complete trigrams from it and the
planner can use this index for two-character Japanese queries. Other databases (SQLite) skip
this migration's SQL and search the same columns by scanning.
"""

from __future__ import annotations

from django.db import migrations

INDEXES = (
    ("public_search_bigrams_trgm", "bigrams"),
    ("public_search_text_trgm", "text"),
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON public_searchdocument USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
