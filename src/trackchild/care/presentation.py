"""How a recorded step's own fields read on the timeline (labels for the keys of `CareEvent.details`)."""

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DETAIL_LABELS = {
    "health": gettext_lazy("Health"),
    "education": gettext_lazy("Education"),
    "emotional": gettext_lazy("Emotional and psychological support"),
    "vocational": gettext_lazy("Vocational training"),
    "leisure": gettext_lazy("Leisure and recreation"),
    "family_contact": gettext_lazy("Family contact"),
    "restoration_plan": gettext_lazy("Plan for restoration"),
    "responsible": gettext_lazy("Responsible person"),
    "schooling": gettext_lazy("Schooling"),
    "counselling": gettext_lazy("Counselling"),
    "skills": gettext_lazy("Skills"),
    "behaviour": gettext_lazy("Behaviour"),
    "present": gettext_lazy("Present at the hearing"),
    "reason": gettext_lazy("Reason"),
    "language": gettext_lazy("Language the child speaks"),
    "visited_by": gettext_lazy("Visited by"),
    "findings": gettext_lazy("Findings"),
    "recommends_restoration": gettext_lazy("Recommends restoration"),
    "prepared_by": gettext_lazy("Prepared by"),
    "restored_to": gettext_lazy("Restored to"),
    "relation": gettext_lazy("Relation to the child"),
    "received_by": gettext_lazy("Received by"),
    "child_safe": gettext_lazy("Child safe and settled"),
    "absconded_at": gettext_lazy("Missing since"),
    "place_last_seen": gettext_lazy("Place last seen"),
    "clothing": gettext_lazy("Clothing"),
    "referred_to": gettext_lazy("Referred to"),
    "admission_number": gettext_lazy("Admission number"),
}


COUNTERPART_LABELS = {
    "admission_order": gettext_lazy("Placed in"),
    "transfer_accept": gettext_lazy("From"),
    "repatriation_accept": gettext_lazy("From"),
    "absconding": gettext_lazy("Missing report filed at"),
}
DUE_LABELS = {
    "care_plan": gettext_lazy("Review the plan on"),
    "cwc_hearing": gettext_lazy("Next hearing"),
}


def event_lines(event) -> list[tuple[str, str]]:
    """(label, value) pairs of an event, in the order its step's form asks for them."""
    from .services import DETAIL_FIELDS

    lines = []
    if event.order_number:
        lines.append((_("Order number"), event.order_number))
    if event.counterpart_id:
        lines.append((str(COUNTERPART_LABELS.get(event.step, _("To"))), event.counterpart.name))
    keys = [
        *DETAIL_FIELDS.get(event.step, []),
        *(k for k in DETAIL_LABELS if k not in DETAIL_FIELDS.get(event.step, [])),
    ]
    for key in keys:
        if key in event.details and key in DETAIL_LABELS:
            value = event.details[key]
            if isinstance(value, bool):
                value = _("Yes") if value else _("No")
            elif key == "absconded_at":
                value = datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")
            lines.append((str(DETAIL_LABELS[key]), str(value)))
    if event.due_on:
        lines.append((str(DUE_LABELS.get(event.step, _("Next date"))), event.due_on.strftime("%d-%m-%Y")))
    if event.notes:
        lines.append((_("Notes"), event.notes))
    return lines
