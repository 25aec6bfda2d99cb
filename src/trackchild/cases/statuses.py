"""Allowed status transitions of the two registers, as data."""

from django.utils.translation import gettext_lazy as _

from .models import FoundChild, MissingReport

M = MissingReport.Status
F = FoundChild.Status

MISSING_REPORT_TRANSITIONS: dict[str, set[str]] = {
    M.REPORTED: {M.TRACED, M.CLOSED},
    M.TRACED: {M.REPORTED},  # a trace found to be wrong reopens the report
    M.CLOSED: {M.REPORTED},
}

FOUND_CHILD_TRANSITIONS: dict[str, set[str]] = {
    F.IN_CARE: {
        F.RESTORATION_IN_PROGRESS,
        F.RESTORED,
        F.TRANSFERRED,
        F.REPATRIATED,
        F.ADOPTED,
        F.AGED_OUT,
        F.ABSCONDED,
        F.WITHDRAWN,
    },
    F.RESTORATION_IN_PROGRESS: {F.RESTORED, F.IN_CARE, F.REPATRIATED},
    F.ABSCONDED: {F.IN_CARE},
    F.TRANSFERRED: {F.IN_CARE},
    F.RESTORED: set(),
    F.REPATRIATED: set(),
    F.ADOPTED: set(),
    F.AGED_OUT: set(),
    F.WITHDRAWN: set(),
}

# Ends of a child's time in care happen on an order (CWC, court): the order number is required for these.
NEEDS_ORDER = {F.RESTORED, F.TRANSFERRED, F.REPATRIATED, F.ADOPTED}
# Closing or withdrawing a record, or reopening it, needs a reason in words.
NEEDS_REASON = {M.CLOSED, F.WITHDRAWN, F.ABSCONDED, M.REPORTED, F.IN_CARE}


class TransitionNotAllowed(Exception):
    def __init__(self, from_status: str, to_status: str):
        self.from_status, self.to_status = from_status, to_status
        super().__init__(
            _("A record that is “%(from)s” cannot become “%(to)s”.") % {"from": from_status, "to": to_status}
        )


def transitions_for(record) -> dict[str, set[str]]:
    return MISSING_REPORT_TRANSITIONS if isinstance(record, MissingReport) else FOUND_CHILD_TRANSITIONS


def next_statuses(record) -> list[str]:
    return sorted(transitions_for(record).get(record.status, set()))
