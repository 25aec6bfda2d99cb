"""Trigram indexes so that name search (`icontains`, in any script) stays fast on PostgreSQL as data grows.

SQLite has no such index; there the plain b-tree indexes of 0001 serve prefix lookups, and a laptop's data
is small. The extension needs a role allowed to create it (the default `postgres` superuser is).
"""

from django.db import migrations

SEARCHED = {
    "cases_missingreport": ["name", "other_names", "father_name", "mother_name"],
    "cases_foundchild": ["name", "other_names", "father_name", "mother_name"],
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm ON {table} "
                f"USING gin (upper({column}) gin_trgm_ops)"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
