from collections.abc import Iterable

from django.db import models

from .models import AuditEvent
from .origin import current_origin


def record_event(
    action: str, obj: models.Model | None = None, *, actor, fields: Iterable[str] = (), **summary
) -> AuditEvent:
    """Write one audit row. Call inside the same transaction as the change it records."""
    origin = current_origin()
    if fields:
        summary["fields"] = sorted(fields)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        origin=origin.address or origin.channel,
        channel=origin.channel,
        summary=summary,
    )
