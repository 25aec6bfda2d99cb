"""MIS figures for the dashboard: missing and traced children, time to trace, the match funnel, children in
care, and flows between States/UTs.

Counting a million records by every breakdown takes seconds (docs/monitoring.md), so `refresh_mis_counts`
(run by `trackchild refresh_mis` from cron, and once on a new installation) counts them per district into
`MisCount`, and the dashboard sums the rows of the user's districts: a district officer's own, a state
officer's state's, everything for national officers. The page says when the counts were made.
Ages are the recorded age or, with only a date of birth, the age on the day of the refresh; months are the
month of the FIR, for the twelve months up to the refresh.

Inter-state flows: a confirmed match (matching.Candidate) links a missing report to a found child, and the
flow runs from the State/UT of the police station that filed the report to the State/UT where the child was
found. A found child without such a link counts when restored or repatriated (a child traced home) and its
recorded home State/UT differs from the State/UT found in: from the home State/UT to the State/UT found in.
A traced missing report without a link carries no place found, so it adds no flow.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.accounts.models import Level, User
from trackchild.cases.models import FoundChild, Gender, MissingReport, StatusChange
from trackchild.geo.models import State

from .models import MisCount, MisRefresh
from .quality import candidate_model

M, F_ = MissingReport.Status, FoundChild.Status
AGE_GROUPS = [
    ("0-5", _("0–5 years"), 0, 5),
    ("6-11", _("6–11 years"), 6, 11),
    ("12-14", _("12–14 years"), 12, 14),
    ("15-17", _("15–17 years"), 15, 17),
    ("18+", _("18 and over"), 18, None),
]
UNKNOWN = "unknown"
TRACE_BUCKETS = [
    ("7", _("Within a week"), 7),
    ("30", _("8–30 days"), 30),
    ("90", _("31–90 days"), 90),
    ("365", _("91 days to a year"), 365),
    ("more", _("Over a year"), None),
]
RESTORED = [F_.RESTORED, F_.REPATRIATED]
MONTHS = 12


@dataclass
class MissingTraced:
    label: str
    missing: int = 0
    traced: int = 0

    @property
    def rate(self) -> float | None:
        return round(100 * self.traced / self.missing, 1) if self.missing else None


@dataclass
class Dashboard:
    by_state: list[MissingTraced]
    by_month: list[MissingTraced]
    by_gender: list[MissingTraced]
    by_age: list[MissingTraced]
    total: MissingTraced
    time_to_trace: list[tuple[str, int]]
    funnel: list[tuple[str, int | None]]
    in_care_by_status: list[tuple[str, int]]
    flows: list[tuple[str, str, int]]  # (from State/UT, to State/UT, children)
    flow_states: list[str] = field(default_factory=list)
    flow_matrix: list[tuple[str, list[int]]] = field(default_factory=list)
    as_of: datetime | None = None  # when the counts were last rebuilt


def _age_group(today: date) -> Case:
    """The recorded age, or for a record with only a date of birth, the age on `today`."""
    whens = []
    for key, _label, low, high in AGE_GROUPS:
        by_age = Q(age_years__gte=low) & (Q(age_years__lte=high) if high is not None else Q())
        by_birth = Q(age_years__isnull=True, date_of_birth__lte=_years_before(today, low))
        if high is not None:
            by_birth &= Q(date_of_birth__gt=_years_before(today, high + 1))
        whens.append(When(by_age | by_birth, then=Value(key)))
    return Case(*whens, default=Value(UNKNOWN))


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def first_month(today: date | None = None) -> date:
    """The first day of the earliest of the last twelve months (this month included)."""
    today = today or timezone.localdate()
    index = today.year * 12 + today.month - 1 - (MONTHS - 1)
    return date(index // 12, index % 12 + 1, 1)


def refresh_mis_counts() -> MisRefresh:
    """Recount every dashboard figure per district from the registers and replace the summary atomically."""
    started = time.perf_counter()
    today = timezone.localdate()
    start = first_month(today)
    counts: Counter = Counter()
    missing = (
        MissingReport.objects.order_by()
        .annotate(
            age_group=_age_group(today),
            month=Case(
                When(fir_date__gte=start, then=TruncMonth("fir_date")), default=None, output_field=DateField()
            ),
        )
        .values_list("police_station__district_id", "status", "gender", "age_group", "month")
        .annotate(n=Count("pk"))
    )
    for district_id, status, gender, age_group, month, n in missing:
        counts[(district_id, "gender", gender, status)] += n
        counts[(district_id, "age", age_group, status)] += n
        if month is not None:
            counts[(district_id, "month", _as_date(month).strftime("%Y-%m"), status)] += n
    for district_id, bucket, n in _trace_buckets():
        counts[(district_id, "trace", bucket, "")] += n
    candidates = candidate_model()
    linked = Q()
    if candidates is not None:
        # A confirmed match links the report to the child: the flow runs from the State/UT of the police
        # station that filed the report to the State/UT where the child was found.
        confirmed = candidates.objects.filter(status="confirmed", found_child=OuterRef("pk"))
        linked = Q(Exists(confirmed))
        links = (
            candidates.objects.filter(status="confirmed")
            .order_by()
            .values_list(
                "found_child__recorded_by__district_id",
                "missing_report__police_station__district__state_id",
                "found_child__found_district__state_id",
            )
            .annotate(n=Count("found_child", distinct=True))
        )
        for district_id, home, found_in, n in links:
            if home != found_in:
                counts[(district_id, "flow", f"{home}>{found_in}", "")] += n
        grouped = (
            candidates.objects.order_by()
            .values_list("missing_report__police_station__district_id", "status")
            .annotate(n=Count("pk"))
        )
        for district_id, status, n in grouped:
            counts[(district_id, "candidate", status, "")] += n
    found = (
        FoundChild.objects.order_by()
        .annotate(linked=linked if candidates is not None else Value(False))
        .values_list(
            "recorded_by__district_id", "status", "home_state_id", "found_district__state_id", "linked"
        )
        .annotate(n=Count("pk"))
    )
    for district_id, status, home, found_in, is_linked, n in found:
        counts[(district_id, "found", status, "")] += n
        # Without a confirmed link: a restored child whose recorded home State/UT differs from where it was found.
        if not is_linked and status in RESTORED and home and home != found_in:
            counts[(district_id, "flow", f"{home}>{found_in}", "")] += n
    rows = [MisCount(district_id=d, figure=f, key=k, status=s, n=n) for (d, f, k, s), n in counts.items()]
    with transaction.atomic():
        MisCount.objects.all().delete()
        MisCount.objects.bulk_create(rows, batch_size=5000)
        return MisRefresh.objects.create(
            finished_at=timezone.now(), first_month=start, seconds=round(time.perf_counter() - started, 2)
        )


def latest_refresh() -> MisRefresh:
    """The last rebuild of the counts; on a new installation (none yet) the first is made now."""
    return MisRefresh.objects.first() or refresh_mis_counts()


def _district_scope(user: User) -> Q:
    level = user.level
    if level == Level.INSTITUTION:
        return Q(district_id=user.institution.district_id)
    if level == Level.DISTRICT:
        return Q(district_id=user.district_id)
    if level == Level.STATE:
        return Q(district__state_id=user.state_id)
    return Q()


def dashboard(user: User) -> Dashboard:
    """The dashboard for the user's jurisdiction, summed from the per-district counts of the last refresh."""
    refresh = latest_refresh()
    rows = (
        MisCount.objects.filter(_district_scope(user))
        .values_list("district__state_id", "figure", "key", "status")
        .order_by()
        .annotate(total=Sum("n"))
    )
    states = dict(State.objects.values_list("pk", "name"))
    by_state: dict[str, MissingTraced] = {}
    by_month = {
        month.strftime("%Y-%m"): MissingTraced(month.strftime("%Y-%m"))
        for month in _months(refresh.first_month)
    }
    by_gender = {value: MissingTraced(str(label)) for value, label in Gender.choices}
    by_age = {key: MissingTraced(str(label)) for key, label, *_ in AGE_GROUPS}
    by_age[UNKNOWN] = MissingTraced(str(_("Age not known")))
    total = MissingTraced(str(_("Total")))
    trace: Counter = Counter()
    found: Counter = Counter()
    candidate: Counter = Counter()
    flows: Counter = Counter()
    for state_id, figure, key, status, n in rows:
        if figure == "gender":
            state = states[state_id]
            _add(n, status, by_state.setdefault(state, MissingTraced(state)), by_gender[key], total)
        elif figure == "age":
            _add(n, status, by_age[key])
        elif figure == "month" and key in by_month:
            _add(n, status, by_month[key])
        elif figure == "trace":
            trace[key] += n
        elif figure == "found":
            found[key] += n
        elif figure == "candidate":
            candidate[key] += n
        elif figure == "flow":
            home, found_in = (int(part) for part in key.split(">"))
            flows[(states[home], states[found_in])] += n
    flow_list = sorted(((a, b, n) for (a, b), n in flows.items()), key=lambda f: (-f[2], f[0], f[1]))
    flow_states = sorted({a for a, _b, _n in flow_list} | {b for _a, b, _n in flow_list})
    return Dashboard(
        by_state=sorted(by_state.values(), key=lambda r: r.label),
        by_month=list(by_month.values()),
        by_gender=list(by_gender.values()),
        by_age=list(by_age.values()),
        total=total,
        time_to_trace=[(str(label), trace.get(key, 0)) for key, label, _days in TRACE_BUCKETS],
        funnel=_funnel(candidate, total.traced, sum(found.get(s, 0) for s in RESTORED)),
        in_care_by_status=[(str(label), found.get(value, 0)) for value, label in F_.choices],
        flows=flow_list,
        flow_states=flow_states,
        flow_matrix=[(a, [flows.get((a, b), 0) for b in flow_states]) for a in flow_states],
        as_of=refresh.finished_at,
    )


def _add(n: int, status: str, *targets: MissingTraced) -> None:
    for target in targets:
        target.missing += n
        if status == M.TRACED:
            target.traced += n


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _months(start: date) -> list[date]:
    index = start.year * 12 + start.month - 1
    return [date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(MONTHS)]


def _trace_buckets():
    """(district, bucket, reports): days from the FIR to the trace (the status change's date), reports now traced."""
    fir = F("missing_report__fir_date")
    whens = [
        When(
            effective_on__lte=ExpressionWrapper(fir + timedelta(days=days), output_field=DateField()),
            then=Value(key),
        )
        for key, _label, days in TRACE_BUCKETS
        if days is not None
    ]
    return (
        StatusChange.objects.filter(to_status=M.TRACED, missing_report__status=M.TRACED)
        .order_by()
        .annotate(bucket=Case(*whens, default=Value("more")))
        .values_list("missing_report__police_station__district_id", "bucket")
        .annotate(n=Count("missing_report", distinct=True))
    )


# A candidate a person has looked at: being verified, confirmed, rejected, or confirmed and then undone.
REVIEWED = {"verifying", "confirmed", "rejected", "undone"}


def _funnel(candidates: Counter, traced: int, restored: int) -> list[tuple[str, int | None]]:
    """The match funnel; the candidate stages say None ("not yet available") until matching stores candidates."""
    known = candidate_model() is not None
    return [
        (str(_("Candidates proposed")), sum(candidates.values()) if known else None),
        (
            str(_("Candidates reviewed")),
            sum(n for s, n in candidates.items() if s in REVIEWED) if known else None,
        ),
        (str(_("Matches confirmed")), candidates.get("confirmed", 0) if known else None),
        (str(_("Missing children traced")), traced),
        (str(_("Found children restored or repatriated")), restored),
    ]
