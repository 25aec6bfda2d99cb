"""MIS figures for the dashboard: missing and traced children, time to trace, the match funnel, children in
care, and flows between States/UTs. Every figure is read through the user's scoped selectors.

Each register is scanned once: the missing reports are grouped by (State/UT, status, gender, age group,
month) in one query and the breakdowns are summed from that in Python; the found children by (status, home
State/UT, State/UT found in). See docs/monitoring.md for the definitions and the timings.

Inter-state flows: until matching links a missing report to the found child, a flow is a found child
restored or repatriated (a child traced home) whose home State/UT differs from the State/UT where the child
was found; the flow runs from the home State/UT (where the child went missing) to the State/UT found in.
A traced missing report carries no place found, so it adds no flow until such links exist.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, Count, DateField, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.accounts.models import User
from trackchild.accounts.selectors import within_jurisdiction
from trackchild.cases.models import FoundChild, Gender, MissingReport, StatusChange
from trackchild.cases.selectors import found_children_visible_to, missing_reports_visible_to
from trackchild.geo.models import State

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


def _age_group() -> Case:
    """The recorded age, or for a record with only a date of birth, the age today."""
    today = timezone.localdate()
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


def dashboard(user: User) -> Dashboard:
    start = first_month()
    grouped = (
        missing_reports_visible_to(user)
        .order_by()
        .select_related(None)
        .annotate(
            age_group=_age_group(),
            month=Case(
                When(fir_date__gte=start, then=TruncMonth("fir_date")), default=None, output_field=DateField()
            ),
        )
        .values("police_station__district__state_id", "status", "gender", "age_group", "month")
        .annotate(n=Count("pk"))
    )
    states = dict(State.objects.values_list("pk", "name"))
    by_state: dict[str, MissingTraced] = {}
    by_month = {month: MissingTraced(month.strftime("%Y-%m")) for month in _months(start)}
    by_gender = {value: MissingTraced(str(label)) for value, label in Gender.choices}
    by_age = {key: MissingTraced(str(label)) for key, label, *_ in AGE_GROUPS}
    by_age[UNKNOWN] = MissingTraced(str(_("Age not known")))
    total = MissingTraced(str(_("Total")))
    for row in grouped:
        state = states[row["police_station__district__state_id"]]
        targets = [
            by_state.setdefault(state, MissingTraced(state)),
            by_gender[row["gender"]],
            by_age[row["age_group"]],
            total,
        ]
        if row["month"] is not None:
            targets.append(by_month[_as_date(row["month"])])
        for target in targets:
            target.missing += row["n"]
            if row["status"] == M.TRACED:
                target.traced += row["n"]
    found = _found_children_figures(user, states)
    return Dashboard(
        by_state=sorted(by_state.values(), key=lambda r: r.label),
        by_month=list(by_month.values()),
        by_gender=list(by_gender.values()),
        by_age=list(by_age.values()),
        total=total,
        time_to_trace=time_to_trace(user),
        funnel=_funnel(total.traced, found["restored"]),
        in_care_by_status=found["by_status"],
        flows=found["flows"],
        flow_states=found["flow_states"],
        flow_matrix=found["flow_matrix"],
    )


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _months(start: date) -> list[date]:
    index = start.year * 12 + start.month - 1
    return [date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(MONTHS)]


def _found_children_figures(user: User, states: dict[int, str]) -> dict:
    grouped = (
        found_children_visible_to(user)
        .order_by()
        .select_related(None)
        .values("status", "home_state_id", "found_district__state_id")
        .annotate(n=Count("pk"))
    )
    by_status: Counter = Counter()
    flows: Counter = Counter()
    for row in grouped:
        by_status[row["status"]] += row["n"]
        home, found_in = row["home_state_id"], row["found_district__state_id"]
        if row["status"] in RESTORED and home and home != found_in:
            flows[(states[home], states[found_in])] += row["n"]
    flow_list = sorted(((a, b, n) for (a, b), n in flows.items()), key=lambda f: (-f[2], f[0], f[1]))
    flow_states = sorted({a for a, _b, _n in flow_list} | {b for _a, b, _n in flow_list})
    matrix = [(a, [flows.get((a, b), 0) for b in flow_states]) for a in flow_states]
    return {
        "by_status": [(str(label), by_status.get(value, 0)) for value, label in F_.choices],
        "restored": sum(by_status.get(s, 0) for s in RESTORED),
        "flows": flow_list,
        "flow_states": flow_states,
        "flow_matrix": matrix,
    }


def time_to_trace(user: User) -> list[tuple[str, int]]:
    """Days from the FIR to the trace (the date on the status change), for reports now traced."""
    fir = F("missing_report__fir_date")
    whens = [
        When(
            effective_on__lte=ExpressionWrapper(fir + timedelta(days=days), output_field=DateField()),
            then=Value(key),
        )
        for key, _label, days in TRACE_BUCKETS
        if days is not None
    ]
    rows = (
        StatusChange.objects.filter(
            within_jurisdiction(user, "missing_report__police_station"),
            to_status=M.TRACED,
            missing_report__status=M.TRACED,
        )
        .order_by()
        .annotate(bucket=Case(*whens, default=Value("more")))
        .values("bucket")
        .annotate(n=Count("missing_report", distinct=True))
    )
    counts = {row["bucket"]: row["n"] for row in rows}
    return [(str(label), counts.get(key, 0)) for key, label, _days in TRACE_BUCKETS]


def _funnel(traced: int, restored: int) -> list[tuple[str, int | None]]:
    """What exists of the match funnel; None marks a stage the portal does not record yet."""
    has_candidates = candidate_model() is not None
    return [
        (str(_("Candidates proposed")), _candidates() if has_candidates else None),
        (str(_("Candidates reviewed")), None),
        (str(_("Matches confirmed")), None),
        (str(_("Missing children traced")), traced),
        (str(_("Found children restored or repatriated")), restored),
    ]


def _candidates() -> int | None:
    """Matching stores candidates in its own app; count them once it does (not scoped: a total only)."""
    model = candidate_model()
    return model.objects.count() if model is not None else None
