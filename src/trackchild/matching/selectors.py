"""Every read of candidates, scoped: a candidate is seen by the institutions owning either record and the
officers above them — so a police station sees a found child in another state's CCI when it is a candidate
for its own report, but only through the candidate (the fields needed to verify, and audited)."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from trackchild.accounts.models import User
from trackchild.accounts.selectors import within_jurisdiction
from trackchild.audit.services import record_event
from trackchild.cases.models import FoundChild, MissingReport, Photo
from trackchild.cases.selectors import found_children_visible_to, missing_reports_visible_to

from . import adapter
from .models import Candidate, Duplicate, MatchJob, VerificationTask

REVIEW_DAYS = 7
OPEN = (Candidate.Status.PENDING, Candidate.Status.VERIFYING)
# What a viewer from the other side sees of a record: enough to verify, not the whole file.
VERIFY_FIELDS = (
    "name",
    "other_names",
    "gender",
    "age_years",
    "date_of_birth",
    "height_cm",
    "complexion",
    "identification_marks",
    "languages",
    "father_name",
    "mother_name",
    "guardian_name",
)


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    if not user.is_authenticated or not user.role:
        return Candidate.objects.none()
    return Candidate.objects.filter(
        Q(missing_report__in=missing_reports_visible_to(user).values("pk"))
        | Q(found_child__in=found_children_visible_to(user).values("pk"))
    ).select_related(
        "missing_report__police_station__district__state",
        "found_child__recorded_by__district__state",
        "found_child__cci",
        "found_child__cwc",
        "decided_by",
    )


def get_candidate(user: User, pk: int, *, for_write: bool = False) -> Candidate:
    try:
        candidate = candidates_visible_to(user).get(pk=pk)
    except (Candidate.DoesNotExist, ValueError, TypeError):
        raise Http404("No such candidate in your jurisdiction") from None
    if not for_write:
        record_event(
            "view",
            candidate,
            actor=user,
            missing_report=candidate.missing_report_id,
            found_child=candidate.found_child_id,
        )
    return candidate


def candidates_for_record(user: User, record) -> list[Candidate]:
    """A record's candidates still open or confirmed, best first (the caller has read the record)."""
    field = "missing_report" if adapter.side_of(record) == "missing" else "found_child"
    return list(
        candidates_visible_to(user)
        .filter(**{field: record})
        .filter(status__in=[*OPEN, Candidate.Status.CONFIRMED])
        .order_by("-score", "pk")[:10]
    )


def review_queue(user: User, *, order: str = "score") -> QuerySet[Candidate]:
    """Candidates awaiting a decision in the user's jurisdiction; by score, or longest waiting first."""
    ordering = ["created_at", "pk"] if order == "waiting" else ["-score", "created_at", "pk"]
    return candidates_visible_to(user).filter(status__in=OPEN).order_by(*ordering)


def waiting_too_long(user: User) -> QuerySet[Candidate]:
    return review_queue(user).filter(created_at__lt=timezone.now() - timedelta(days=REVIEW_DAYS))


def tasks_visible_to(user: User) -> QuerySet[VerificationTask]:
    """Verification tasks of candidates the user sees (the candidate is what authorises the task)."""
    return VerificationTask.objects.filter(
        candidate__in=candidates_visible_to(user).values("pk")
    ).select_related(
        "candidate__missing_report",
        "police_station__district",
        "requested_by",
        "completed_by",
    )


def verification_tasks(user: User, *, show: str = "open") -> QuerySet[VerificationTask]:
    """The task list: tasks of police stations in the user's jurisdiction (a station its own, a district
    officer the district's) and those the user asked for; open ones by due date, done ones newest first."""
    tasks = tasks_visible_to(user).filter(within_jurisdiction(user, "police_station") | Q(requested_by=user))
    if show == "done":
        return tasks.exclude(outcome="").order_by("-completed_at", "-pk")
    tasks = tasks.filter(outcome="")
    if show == "overdue":
        tasks = tasks.filter(due__lt=timezone.localdate())
    return tasks.order_by("due", "pk")


def get_task(user: User, pk: int, *, for_write: bool = False) -> VerificationTask:
    try:
        task = tasks_visible_to(user).get(pk=pk)
    except (VerificationTask.DoesNotExist, ValueError, TypeError):
        raise Http404("No such verification in your jurisdiction") from None
    if not for_write:
        record_event("view", task, actor=user, candidate=task.candidate_id)
    return task


def tasks_of_candidate(candidate: Candidate) -> list[VerificationTask]:
    """Every verification of a candidate, newest first (the caller has read the candidate)."""
    return list(
        VerificationTask.objects.filter(candidate=candidate)
        .select_related("police_station", "requested_by", "completed_by")
        .order_by("-requested_at", "-pk")
    )


def sees_record(user: User, record) -> bool:
    queryset = (
        missing_reports_visible_to(user)
        if isinstance(record, MissingReport)
        else found_children_visible_to(user)
    )
    return queryset.filter(pk=record.pk).exists()


def candidate_photos(candidate: Candidate) -> tuple[list[Photo], list[Photo]]:
    photos = Photo.objects.filter(is_withdrawn=False).order_by("-taken_on", "-uploaded_at", "-id")
    return (
        list(photos.filter(missing_report_id=candidate.missing_report_id)[:3]),
        list(photos.filter(found_child_id=candidate.found_child_id)[:3]),
    )


def get_candidate_photo(user: User, candidate_pk: int, photo_pk: int) -> Photo:
    """A photo of either record of a candidate the user sees; audited like the record views."""
    candidate = get_candidate(user, candidate_pk, for_write=True)
    photo = Photo.objects.filter(
        Q(missing_report_id=candidate.missing_report_id) | Q(found_child_id=candidate.found_child_id),
        pk=photo_pk,
        is_withdrawn=False,
    ).first()
    if photo is None:
        raise Http404("No such photo")
    record_event("view", photo, actor=user, candidate=candidate.pk)
    return photo


def duplicates_for_record(user: User, record) -> list[tuple[Duplicate, object]]:
    """Likely duplicates of a record that the user may see, with the other record."""
    side = adapter.side_of(record)
    rows = Duplicate.objects.filter(
        Q(first_id=record.pk) | Q(second_id=record.pk), side=side, status=Duplicate.Status.PENDING
    ).order_by("-score")[:5]
    visible = missing_reports_visible_to(user) if side == "missing" else found_children_visible_to(user)
    out = []
    for row in rows:
        other_pk = row.second_id if row.first_id == record.pk else row.first_id
        other = visible.filter(pk=other_pk).first()
        if other is not None:
            out.append((row, other))
    return out


def get_duplicate(user: User, pk: int) -> tuple[Duplicate, object, object]:
    row = Duplicate.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("No such duplicate")
    visible = missing_reports_visible_to(user) if row.side == "missing" else found_children_visible_to(user)
    first, second = visible.filter(pk=row.first_id).first(), visible.filter(pk=row.second_id).first()
    if first is None or second is None:
        raise Http404("No such duplicate in your jurisdiction")
    return row, first, second


def likely_duplicates_of_new(user: User, side: str, data: dict) -> list:
    """Before a record is saved: the user's visible records of the same register it looks like."""
    from django.conf import settings

    from .engine import PORTAL_INDEX

    if PORTAL_INDEX.index is None and PORTAL_INDEX.open_count() > settings.MATCHING_INLINE_MAX_RECORDS:
        return []  # a cold index that large is the worker's to build; the duplicate job after saving still runs
    row = {name: data.get(name) for name in adapter._COMMON}
    row |= {
        "pk": 0,
        "home_district__name": getattr(data.get("home_district"), "name", ""),
        "home_state__name": getattr(data.get("home_state"), "name", ""),
    }
    if side == "missing":
        district = data.get("last_seen_district")
        row |= {
            "missing_since": data.get("missing_since"),
            "place_last_seen": data.get("place_last_seen", ""),
            "last_seen_district__name": getattr(district, "name", ""),
            "last_seen_district__state__name": getattr(getattr(district, "state", None), "name", ""),
        }
    else:
        district = data.get("found_district")
        row |= {
            "found_on": data.get("found_on"),
            "found_place": data.get("found_place", ""),
            "found_district__name": getattr(district, "name", ""),
            "found_district__state__name": getattr(getattr(district, "state", None), "name", ""),
        }
    record = adapter.record_from_row(
        side,
        {
            k: (
                ""
                if v is None
                and k not in ("age_years", "height_cm", "date_of_birth", "missing_since", "found_on")
                else v
            )
            for k, v in row.items()
        },
    )
    from django.conf import settings as s

    with PORTAL_INDEX.lock:
        found = PORTAL_INDEX.current().duplicates(record, min_score=s.MATCHING_DUPLICATE_FLOOR, limit=5)
    pks = [adapter.parse_engine_id(c.other_id)[1] for c in found]
    visible = missing_reports_visible_to(user) if side == "missing" else found_children_visible_to(user)
    by_pk = visible.in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def failed_jobs() -> QuerySet[MatchJob]:
    return MatchJob.objects.filter(state=MatchJob.State.FAILED).order_by("-id")


def verify_view_of(record) -> list[tuple[str, object]]:
    out = []
    for name in VERIFY_FIELDS:
        field = record._meta.get_field(name)
        value = (
            getattr(record, f"get_{name}_display")()
            if field.choices and getattr(record, name)
            else getattr(record, name)
        )
        out.append((field.verbose_name, value))
    return out


def is_found_child(record) -> bool:
    return isinstance(record, FoundChild)
