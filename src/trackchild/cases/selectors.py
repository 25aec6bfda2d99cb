"""Every read of children's data, scoped to the user's jurisdiction (see accounts.selectors)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from trackchild.accounts.models import User
from trackchild.accounts.selectors import within_jurisdiction
from trackchild.audit.services import record_event

from .models import FoundChild, MissingReport


def missing_reports_visible_to(user: User) -> QuerySet[MissingReport]:
    return MissingReport.objects.filter(within_jurisdiction(user, "police_station")).select_related(
        "police_station__district__state", "last_seen_district__state"
    )


def found_children_visible_to(user: User) -> QuerySet[FoundChild]:
    """A found child belongs to the institution that recorded it, the CWC it was produced before and its CCI."""
    scope = (
        within_jurisdiction(user, "recorded_by")
        | within_jurisdiction(user, "cwc")
        | within_jurisdiction(user, "cci")
    )
    return FoundChild.objects.filter(scope).select_related(
        "recorded_by__district__state", "found_district__state", "cci", "cwc"
    )


def get_missing_report(user: User, pk: int, *, for_write: bool = False) -> MissingReport:
    """One report the user may see (raises Http404 otherwise); reading the full record is audited."""
    report = _get_or_404(missing_reports_visible_to(user), pk)
    if not for_write:
        record_event("view", report, actor=user)
    return report


def get_found_child(user: User, pk: int, *, for_write: bool = False) -> FoundChild:
    child = _get_or_404(found_children_visible_to(user), pk)
    if not for_write:
        record_event("view", child, actor=user)
    return child


def _get_or_404(queryset: QuerySet, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("No such record in your jurisdiction") from None


def search_filter(text: str) -> Q:
    """Name search in any script: the text as typed, against the name, other names and parents' names."""
    text = text.strip()
    if not text:
        return Q()
    return (
        Q(name__icontains=text)
        | Q(other_names__icontains=text)
        | Q(father_name__icontains=text)
        | Q(mother_name__icontains=text)
    )
