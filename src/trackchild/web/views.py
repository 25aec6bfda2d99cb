"""The home page: what needs the user's attention, by role. Counts and short lists only, so it stays fast."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from trackchild.accounts.models import Level, Role
from trackchild.care.selectors import overdue_rows
from trackchild.cases import selectors
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.cases.services import (
    may_change_records,
    may_register_found_child,
    may_register_missing_report,
)
from trackchild.registry.models import Institution

CARE_ROLES = {Role.CWC_MEMBER, Role.JJB_MEMBER, Role.CCI_STAFF}


@never_cache
@login_required
def home(request):
    user = request.user
    show_missing = user.role == Role.POLICE_OFFICER or user.level in (
        Level.DISTRICT,
        Level.STATE,
        Level.NATION,
    )
    show_found = user.role in CARE_ROLES or user.level in (Level.DISTRICT, Level.STATE, Level.NATION)
    supervisor = user.level in (Level.DISTRICT, Level.STATE, Level.NATION)
    context = {
        "supervisor": supervisor,
        "may_report_missing": may_register_missing_report(user),
        "may_register_found": may_register_found_child(user),
        "may_change": may_change_records(user),
    }
    if show_missing:
        counts = selectors.missing_report_counts(user)
        context["missing"] = {
            "by_status": _labelled(counts["by_status"], MissingReport.Status),
            "by_kind": _labelled(counts["by_institution_kind"], Institution.Kind),
            "recent": selectors.recent_missing_reports(user),
        }
    if show_found:
        counts = selectors.found_child_counts(user)
        context["found"] = {
            "by_status": _labelled(counts["by_status"], FoundChild.Status),
            "by_kind": _labelled(counts["by_institution_kind"], Institution.Kind),
            "in_care": counts["by_status"].get(FoundChild.Status.IN_CARE, 0),
            "recent": selectors.recent_found_children(user),
        }
    if user.role in (Role.CCI_STAFF, Role.DISTRICT_OFFICER):
        context["care_overdue"] = overdue_rows(user)
    return render(request, "web/home.html", context)


def _labelled(counts: dict[str, int], choices) -> list[tuple[str, str, int]]:
    """Every choice with its count (zero included), in the choices' own order: (value, label, count)."""
    return [(value, label, counts.get(value, 0)) for value, label in choices.choices]
