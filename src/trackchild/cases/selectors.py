"""Every read of children's data, scoped to the user's jurisdiction (see accounts.selectors)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from trackchild.accounts.models import User
from trackchild.accounts.selectors import within_jurisdiction
from trackchild.audit.services import record_event
from trackchild.geo.models import District, State

from .models import FoundChild, MissingReport, Photo, StatusChange


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


# --- Lists, counts and photos for the portal's pages -------------------------------------------------------


@dataclass(frozen=True)
class RecordFilters:
    """What a list page may filter on; every field is optional."""

    text: str = ""
    gender: str = ""
    age_min: int | None = None
    age_max: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    state: State | None = None
    district: District | None = None
    status: str = ""
    oldest_first: bool = False


def missing_reports_matching(user: User, filters: RecordFilters) -> QuerySet[MissingReport]:
    """The user's visible missing reports that meet the filters; dates are the date missing."""
    reports = missing_reports_visible_to(user).filter(
        _common_filters(filters, place="police_station__district"),
    )
    if filters.date_from:
        reports = reports.filter(missing_since__date__gte=filters.date_from)
    if filters.date_to:
        reports = reports.filter(missing_since__date__lte=filters.date_to)
    order = "missing_since" if filters.oldest_first else "-missing_since"
    return reports.order_by(order, "id" if filters.oldest_first else "-id")


def found_children_matching(user: User, filters: RecordFilters) -> QuerySet[FoundChild]:
    """The user's visible found children that meet the filters; dates are the date found."""
    children = found_children_visible_to(user).filter(_common_filters(filters, place="recorded_by__district"))
    if filters.date_from:
        children = children.filter(found_on__gte=filters.date_from)
    if filters.date_to:
        children = children.filter(found_on__lte=filters.date_to)
    order = "found_on" if filters.oldest_first else "-found_on"
    return children.order_by(order, "id" if filters.oldest_first else "-id")


def _common_filters(filters: RecordFilters, *, place: str) -> Q:
    q = search_filter(filters.text)
    if filters.gender:
        q &= Q(gender=filters.gender)
    if filters.status:
        q &= Q(status=filters.status)
    if filters.district:
        q &= Q(**{f"{place}_id": filters.district.pk})
    elif filters.state:
        q &= Q(**{f"{place}__state_id": filters.state.pk})
    if filters.age_min is not None or filters.age_max is not None:
        q &= _age_between(filters.age_min, filters.age_max)
    return q


def _age_between(age_min: int | None, age_max: int | None) -> Q:
    """The recorded age, or for records with only a date of birth, the age today."""
    by_age = Q()
    by_birth = Q(age_years__isnull=True, date_of_birth__isnull=False)
    today = timezone.localdate()
    if age_min is not None:
        by_age &= Q(age_years__gte=age_min)
        by_birth &= Q(date_of_birth__lte=_years_before(today, age_min))
    if age_max is not None:
        by_age &= Q(age_years__lte=age_max)
        by_birth &= Q(date_of_birth__gt=_years_before(today, age_max + 1))
    return by_age | by_birth


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def missing_report_counts(user: User) -> dict[str, dict[str, int]]:
    """Visible missing reports counted by status and by the kind of police institution that filed them."""
    reports = missing_reports_visible_to(user).order_by()
    return {
        "by_status": _count(reports, "status"),
        "by_institution_kind": _count(reports, "police_station__kind"),
    }


def found_child_counts(user: User) -> dict[str, dict[str, int]]:
    """Visible found children counted by status and by the kind of institution that recorded them."""
    children = found_children_visible_to(user).order_by()
    return {
        "by_status": _count(children, "status"),
        "by_institution_kind": _count(children, "recorded_by__kind"),
    }


def _count(queryset: QuerySet, field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("id")).order_by(field)}


def recent_missing_reports(user: User, limit: int = 5) -> list[MissingReport]:
    return list(missing_reports_visible_to(user).order_by("-created_at", "-id")[:limit])


def recent_found_children(user: User, limit: int = 5) -> list[FoundChild]:
    return list(found_children_visible_to(user).order_by("-created_at", "-id")[:limit])


def record_photos(record: MissingReport | FoundChild) -> list[Photo]:
    """The photos shown on a record's page (the caller has already read the record through a selector)."""
    photos = record.photos.filter(is_withdrawn=False).order_by("-taken_on", "-uploaded_at", "-id")
    # Each photo's face verdict in the same query; the embedding itself is never read for a page.
    return list(photos.select_related("face").defer("face__embedding"))


def get_record_photo(record: MissingReport | FoundChild, pk) -> Photo:
    """One photo of a record already read through a selector, withdrawn or not (Http404 if the record has no
    such photo), for withdrawing it: a photo withdrawn before is refused by the service in words, not hidden."""
    return _get_or_404(record.photos.all(), pk)


def status_history(record: MissingReport | FoundChild) -> list[StatusChange]:
    return list(record.status_changes.select_related("changed_by").order_by("changed_at", "id"))


def photos_visible_to(user: User) -> QuerySet[Photo]:
    return Photo.objects.filter(is_withdrawn=False).filter(
        Q(missing_report__in=missing_reports_visible_to(user).values("pk"))
        | Q(found_child__in=found_children_visible_to(user).values("pk"))
    )


def get_photo(user: User, pk: int, *, full_image: bool) -> Photo:
    """A photo of a record the user may see (Http404 otherwise); opening the full image is audited."""
    photo = _get_or_404(photos_visible_to(user), pk)
    if full_image:
        if photo.missing_report_id:
            record = f"cases.missingreport:{photo.missing_report_id}"
        else:
            record = f"cases.foundchild:{photo.found_child_id}"
        record_event("view", photo, actor=user, record=record)
    return photo
