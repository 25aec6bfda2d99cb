"""Data currency and quality: stale records to act on, and how complete each record is.

Stale: a missing report still "reported" with no change in 90 days; a child still in care (or in restoration)
with no progress entry in 90 days — read from the care app's progress reports when that app is installed,
otherwise from the record's own `updated_at`; matching candidates waiting over 7 days for a review, once the
matching app stores candidates (until then the page says the figure is not yet available).

Completeness: each register has a list of checks (photo, date of birth or age, parents' names, marks,
languages, ...). A record's score is the share of checks it passes; an institution's is the mean over its
records, with the number of records missing each item, so it knows what to fix.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.accounts.models import User
from trackchild.accounts.selectors import institutions_visible_to
from trackchild.cases.models import FoundChild, MissingReport, Photo
from trackchild.cases.selectors import found_children_visible_to, missing_reports_visible_to

STALE_DAYS = 90
CANDIDATE_REVIEW_DAYS = 7
IN_CARE = [FoundChild.Status.IN_CARE, FoundChild.Status.RESTORATION_IN_PROGRESS]
LIST_LIMIT = 200  # the lists to act on show the oldest first; the counts say how many more there are


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    present: Q  # records passing the check (the photo check is done apart, by a join on photos)


def _filled(name: str) -> Q:
    return ~Q(**{name: ""})


AGE = Q(date_of_birth__isnull=False) | Q(age_years__isnull=False)
PARENTS = _filled("father_name") | _filled("mother_name") | _filled("guardian_name")
PHOTO = "photo"
COMMON_CHECKS = [
    Check(PHOTO, _("photograph"), Q()),
    Check("age", _("date of birth or age"), AGE),
    Check("parents", _("parents' or guardian's name"), PARENTS),
    Check("marks", _("identification marks"), _filled("identification_marks")),
    Check("languages", _("languages spoken"), _filled("languages")),
    Check("height", _("height"), Q(height_cm__isnull=False)),
    Check("home", _("home address or district"), _filled("home_address") | Q(home_district__isnull=False)),
]
CHECKS = {
    "missing": [*COMMON_CHECKS, Check("clothing", _("clothing when last seen"), _filled("clothing"))],
    "found": [
        *COMMON_CHECKS,
        Check("recalls", _("what the child recalls of home"), _filled("recalls_of_home")),
        Check("cwc", _("CWC produced before"), Q(cwc__isnull=False)),
    ],
}
OWNER = {"missing": "police_station", "found": "recorded_by"}


@dataclass
class InstitutionQuality:
    pk: int
    name: str
    kind: str
    district: str
    missing_records: int = 0
    found_records: int = 0
    stale_missing: int = 0
    stale_in_care: int = 0
    pending_candidates: int | None = None
    passed: int = 0  # checks passed, summed over records
    possible: int = 0  # checks run, summed over records
    missing_items: dict[str, int] = field(default_factory=dict)  # check label -> records lacking it

    @property
    def score(self) -> int | None:
        return round(100 * self.passed / self.possible) if self.possible else None

    @property
    def records(self) -> int:
        return self.missing_records + self.found_records


@dataclass
class QualityReport:
    institutions: list[InstitutionQuality]
    stale_missing: list[MissingReport]
    stale_missing_count: int
    stale_in_care: list[FoundChild]
    stale_in_care_count: int
    pending_candidates: int | None  # None: matching stores no candidates yet
    progress_source: str  # "care progress reports" or "record updates"


def stale_before():
    return timezone.now() - timedelta(days=STALE_DAYS)


def stale_missing_reports(user: User) -> QuerySet[MissingReport]:
    return only_stale_missing(missing_reports_visible_to(user))


def stale_children_in_care(user: User) -> QuerySet[FoundChild]:
    return only_stale_in_care(found_children_visible_to(user))


def only_stale_missing(reports: QuerySet[MissingReport]) -> QuerySet[MissingReport]:
    """Reports still open ("reported") with no change in STALE_DAYS, oldest change first."""
    return reports.filter(status=MissingReport.Status.REPORTED, updated_at__lt=stale_before()).order_by(
        "updated_at", "pk"
    )


def only_stale_in_care(children: QuerySet[FoundChild]) -> QuerySet[FoundChild]:
    """Children in care with no progress report in STALE_DAYS: the care app's latest "progress_report" step
    (or, for a child with none yet, the day the record was made); the record's last change without that app."""
    children = children.filter(status__in=IN_CARE)
    events = progress_model()
    if events is None:
        return children.filter(updated_at__lt=stale_before()).order_by("updated_at", "pk")
    latest = (
        events.objects.filter(case__found_child=OuterRef("pk"), step=PROGRESS_STEP)
        .order_by("-happened_on")
        .values("happened_on")[:1]
    )
    cutoff = stale_before()
    return (
        children.annotate(last_progress=Subquery(latest))
        .filter(
            Q(last_progress__lt=timezone.localdate(cutoff))
            | Q(last_progress__isnull=True, created_at__lt=cutoff)
        )
        .order_by("created_at", "pk")
    )


PROGRESS_STEP = "progress_report"


def progress_model():
    """The care app's step log (`care.CareEvent`), whose "progress_report" steps are the progress reports."""
    if not apps.is_installed("trackchild.care"):
        return None
    try:
        return apps.get_model("care", "CareEvent")
    except LookupError:
        return None


def candidate_model():
    """Matching's candidates (`matching.Candidate`), once that app is installed; None until then."""
    if not apps.is_installed("trackchild.matching"):
        return None
    try:
        return apps.get_model("matching", "Candidate")
    except LookupError:
        return None


def quality_report(user: User, *, kind: str = "") -> QualityReport:
    """Per institution of the user's jurisdiction: stale records and completeness; and the lists to act on."""
    institutions = institutions_visible_to(user).filter(is_active=True).order_by("district__name", "name")
    if kind:
        institutions = institutions.filter(kind=kind)
    rows = {
        inst.pk: InstitutionQuality(inst.pk, inst.name, inst.kind, inst.district.name)
        for inst in institutions
    }
    # Completeness counts open records only: closed ones need no more work.
    open_missing = missing_reports_visible_to(user).filter(status=MissingReport.Status.REPORTED)
    _add_completeness(rows, "missing", open_missing)
    _add_completeness(rows, "found", found_children_visible_to(user).filter(status__in=IN_CARE))
    stale_missing = stale_missing_reports(user)
    stale_care = stale_children_in_care(user)
    for owner, count in _count_by(stale_missing, "police_station_id").items():
        if owner in rows:
            rows[owner].stale_missing = count
    for owner, count in _count_by(stale_care, "recorded_by_id").items():
        if owner in rows:
            rows[owner].stale_in_care = count
    pending = pending_candidates(user)
    return QualityReport(
        institutions=list(rows.values()),
        stale_missing=list(stale_missing[:LIST_LIMIT]),
        stale_missing_count=stale_missing.count(),
        stale_in_care=list(stale_care[:LIST_LIMIT]),
        stale_in_care_count=stale_care.count(),
        pending_candidates=pending,
        progress_source="care" if progress_model() else "updates",
    )


def pending_candidates(user: User) -> int | None:
    """Candidates of the user's jurisdiction awaiting review for over CANDIDATE_REVIEW_DAYS; None before
    matching stores candidates."""
    if candidate_model() is None:
        return None
    from trackchild.matching.selectors import candidates_visible_to  # only once the matching app exists

    waiting_since = timezone.now() - timedelta(days=CANDIDATE_REVIEW_DAYS)
    return candidates_visible_to(user).filter(status="pending", created_at__lt=waiting_since).count()


def _count_by(queryset: QuerySet, field_name: str) -> dict[int, int]:
    return {
        row[field_name]: row["n"] for row in queryset.order_by().values(field_name).annotate(n=Count("pk"))
    }


def _add_completeness(rows: dict[int, InstitutionQuality], register: str, records: QuerySet) -> None:
    owner = f"{OWNER[register]}_id"
    checks = CHECKS[register]
    aggregates = {c.code: Count("pk", filter=c.present) for c in checks if c.code != PHOTO}
    by_owner = records.order_by().values(owner).annotate(records=Count("pk"), **aggregates)
    photo_link = "missing_report" if register == "missing" else "found_child"
    with_photo = (
        Photo.objects.filter(is_withdrawn=False, **{f"{photo_link}__in": records.values("pk")})
        .order_by()
        .values(f"{photo_link}__{owner}")
        .annotate(n=Count(photo_link, distinct=True))
    )
    photos = {row[f"{photo_link}__{owner}"]: row["n"] for row in with_photo}
    for row in by_owner:
        target = rows.get(row[owner])
        if target is None:
            continue
        count = row["records"]
        setattr(target, f"{register}_records", count)
        for check in checks:
            present = photos.get(row[owner], 0) if check.code == PHOTO else row[check.code]
            target.passed += present
            target.possible += count
            if count - present:
                label = str(check.label)
                target.missing_items[label] = target.missing_items.get(label, 0) + count - present


@dataclass
class RecordCompleteness:
    record: MissingReport | FoundChild
    score: int
    missing: list[str]


def record_completeness(records: QuerySet, register: str) -> list[RecordCompleteness]:
    """Each record's score and what it lacks, least complete first (`records` comes from a scoped selector)."""
    checks = CHECKS[register]
    photo_link = "missing_report" if register == "missing" else "found_child"
    passing = {
        PHOTO: set(
            Photo.objects.filter(
                is_withdrawn=False, **{f"{photo_link}__in": records.values("pk")}
            ).values_list(f"{photo_link}_id", flat=True)
        )
    }
    for check in checks:
        if check.code != PHOTO:
            passing[check.code] = set(records.filter(check.present).values_list("pk", flat=True))
    result = []
    for record in records:
        lacking = [str(c.label) for c in checks if record.pk not in passing[c.code]]
        result.append(
            RecordCompleteness(record, round(100 * (len(checks) - len(lacking)) / len(checks)), lacking)
        )
    return sorted(result, key=lambda item: (item.score, item.record.pk))


def institution_records(user: User, institution_id: int) -> dict:
    """One institution of the jurisdiction (Http404 otherwise) with its open records' scores, least complete first."""
    institution = institutions_visible_to(user).filter(pk=institution_id).first()
    if institution is None:
        raise Http404("No such institution in your jurisdiction")
    missing = missing_reports_visible_to(user).filter(
        police_station_id=institution_id, status=MissingReport.Status.REPORTED
    )
    found = found_children_visible_to(user).filter(recorded_by_id=institution_id, status__in=IN_CARE)
    return {
        "institution": institution,
        "missing": record_completeness(missing.order_by("pk"), "missing")[:LIST_LIMIT],
        "found": record_completeness(found.order_by("pk"), "found")[:LIST_LIMIT],
        "limit": LIST_LIMIT,
    }
