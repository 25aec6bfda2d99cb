"""Indexes on the registers for the compliance statement's "last entry" per institution.

An index-only scan of (owner, updated_at) answers MAX(updated_at) per institution without reading the wide
record rows (measured at a million records in docs/benchmarks.md). They live here, with the report that needs
them, as plain SQL on the cases tables; the cases app's models do not declare them.
"""

from django.db import migrations

INDEXES = [
    ("reports_missing_owner_updated", "cases_missingreport", "police_station_id, updated_at"),
    ("reports_found_owner_updated", "cases_foundchild", "recorded_by_id, updated_at"),
]


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_misrefresh_miscount"), ("cases", "0001_initial")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
