"""The hook for what follows an import. The matching pipeline connects a receiver to `records_imported` to
look for candidates among the new records; until then nothing listens. Sent after each chunk commits."""

from django.dispatch import Signal

# Sent with register ("missing_reports" or "found_children"), created_ids and updated_ids (lists of pks).
records_imported = Signal()
