"""The change feed: what happened to records a user may see, after a cursor, oldest first.

The cursor is the audit trail's row id, which only grows. Rows younger than `SETTLE_SECONDS` are held back: a
transaction that took an id earlier may commit later, and a reader that had moved past it would miss it."""

from datetime import timedelta

from django.utils import timezone

from trackchild.accounts.models import User
from trackchild.audit.models import AuditEvent
from trackchild.cases.selectors import found_children_visible_to, missing_reports_visible_to

from .models import Register

SETTLE_SECONDS = 2
LABELS = {Register.MISSING_REPORTS: "cases.missingreport", Register.FOUND_CHILDREN: "cases.foundchild"}
ACTIONS = ["create", "update", "status", "photo", "withdraw_photo"]


def changes_visible_to(
    user: User, *, since: int, limit: int, registers: list[str]
) -> tuple[list[dict], int, bool]:
    """Up to `limit` changes after `since`, and the cursor to ask from next; (changes, next_cursor, has_more)."""
    labels = {LABELS[r]: r for r in registers}
    if not labels:
        return [], since, False
    scan = limit * 5  # events of records out of sight are skipped, but the cursor still moves past them
    events = list(
        AuditEvent.objects.filter(
            pk__gt=since,
            object_type__in=list(labels),
            action__in=ACTIONS,
            at__lte=timezone.now() - timedelta(seconds=SETTLE_SECONDS),
        )
        .order_by("pk")
        .values("pk", "object_type", "object_id", "action", "at", "summary")[:scan]
    )
    ids = {label: {int(e["object_id"]) for e in events if e["object_type"] == label} for label in labels}
    records = {}
    if ids.get("cases.missingreport"):
        for report in missing_reports_visible_to(user).filter(pk__in=ids["cases.missingreport"]):
            records[("cases.missingreport", report.pk)] = {
                "fir_number": report.fir_number,
                "police_station": report.police_station.code,
                "status": report.status,
                "version": report.version,
            }
    if ids.get("cases.foundchild"):
        for child in found_children_visible_to(user).filter(pk__in=ids["cases.foundchild"]):
            records[("cases.foundchild", child.pk)] = {
                "admission_number": child.admission_number,
                "cci": child.cci.code if child.cci_id else None,
                "status": child.status,
                "version": child.version,
            }
    changes, cursor = [], since
    for event in events:
        if len(changes) >= limit:
            break
        cursor = event["pk"]
        record = records.get((event["object_type"], int(event["object_id"])))
        if record is None:
            continue
        summary = event["summary"] or {}
        changes.append(
            {
                "cursor": event["pk"],
                "register_name": labels[event["object_type"]],
                "id": int(event["object_id"]),
                "action": event["action"],
                "at": event["at"],
                "from_status": summary.get("from_status"),
                "to_status": summary.get("to_status"),
                "fields": summary.get("fields", []),
                "record": record,
            }
        )
    has_more = len(events) == scan or len(changes) >= limit and cursor != events[-1]["pk"]
    return changes, cursor, bool(has_more)
