"""The compliance statement: which institutions enter data, how much, and how recently.

"Entered data" is read from the registers themselves, not from the audit trail: a missing report belongs to
the police station that filed it, a found child to the institution that recorded it (`recorded_by`). A record
was *entered* in a period when its `created_at` falls in it, and *updated* in a period when it has been changed
at least once (`version > 1`) and its last change (`updated_at`) falls in it. An institution *entered data*
in a period when any of its records was created or changed in it, so its last entry is the latest
`updated_at` of its records. Periods end now and reach back 30 or 90 days; "ever" has no start.

Why the registers and not the audit trail: one grouped scan of each register answers every column for every
institution (docs/monitoring.md gives the timings), and the audit trail grows with every page view. The cost
is that an update by another institution (a CWC editing a CCI's child) counts for the record's owner.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import CharField, Count, Max, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.accounts.models import Level, User
from trackchild.accounts.selectors import (
    districts_visible_to,
    institutions_visible_to,
    states_visible_to,
    within_jurisdiction,
)
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

K = Institution.Kind
# The four kinds of institution the Ministry's statement counts, in its column order.
STATEMENT_KINDS = [K.POLICE_STATION, K.CWC, K.JJB, K.CCI]
PERIODS = {"30": 30, "90": 90, "ever": None}
PERIOD_LABELS = {"30": _("Last 30 days"), "90": _("Last 90 days"), "ever": _("Since the start")}
LEVELS = ("state", "district", "institution")
SORT_KEYS = (
    "name",
    "registered",
    "active_ever",
    "active_90",
    "active_30",
    "entered",
    "updated",
    "last_entry",
    "share",
)


@dataclass
class StatementRow:
    """One line of the statement: a State/UT, a district or an institution, or the total."""

    name: str
    pk: int | None = None
    code: str = ""
    kind: str = ""
    place: str = ""  # for an institution: its district
    registered: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATEMENT_KINDS, 0))
    active: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PERIODS, 0))
    entered: int = 0
    updated: int = 0
    last_entry: datetime | None = None
    period: str = "90"

    @property
    def registered_total(self) -> int:
        return sum(self.registered.values())

    @property
    def share(self) -> float | None:
        """Percentage of registered institutions that entered data in the period (None with none registered)."""
        total = self.registered_total
        return round(100 * self.active[self.period] / total, 1) if total else None

    def add(self, other: "StatementRow") -> None:
        for kind in STATEMENT_KINDS:
            self.registered[kind] += other.registered[kind]
        for key in PERIODS:
            self.active[key] += other.active[key]
        self.entered += other.entered
        self.updated += other.updated
        if other.last_entry and (self.last_entry is None or other.last_entry > self.last_entry):
            self.last_entry = other.last_entry

    def sort_value(self, key: str):
        if key == "name":
            return self.name.lower()
        if key == "registered":
            return self.registered_total
        if key.startswith("active_"):
            return self.active[key.removeprefix("active_")]
        if key == "share":
            return -1 if self.share is None else self.share
        if key == "last_entry":
            return self.last_entry.timestamp() if self.last_entry else 0
        return getattr(self, key)


@dataclass
class Statement:
    level: str  # what the rows are: "state", "district" or "institution"
    period: str
    kind: str
    rows: list[StatementRow]
    total: StatementRow
    scope_name: str  # India, a State/UT or a district
    state: State | None = None
    district: District | None = None
    generated_at: datetime = field(default_factory=timezone.now)

    @property
    def period_label(self) -> str:
        return str(PERIOD_LABELS[self.period])


def period_starts(now: datetime | None = None) -> dict[str, datetime | None]:
    now = now or timezone.now()
    return {key: (now - timedelta(days=days) if days else None) for key, days in PERIODS.items()}


def statement_scope(user: User, *, state_id: int | None = None, district_id: int | None = None):
    """The State/UT or district asked for, if the user may see it (Http404 otherwise), and the rows' level."""
    if district_id is not None:
        district = districts_visible_to(user).filter(pk=district_id).first()
        if district is None:
            raise Http404("No such district in your jurisdiction")
        return district.state, district, "institution"
    if state_id is not None:
        state = states_visible_to(user).filter(pk=state_id).first()
        if state is None:
            raise Http404("No such State/UT in your jurisdiction")
        return state, None, "district"
    level = user.level
    if level in ("institution", "district"):
        district = districts_visible_to(user).first()
        return (district.state if district else None), district, "institution"
    if level == "state":
        return user.state, None, "district"
    return None, None, "state"


def compliance_statement(
    user: User,
    *,
    state_id: int | None = None,
    district_id: int | None = None,
    period: str = "90",
    kind: str = "",
    sort: str = "name",
    descending: bool = False,
    level: str | None = None,
) -> Statement:
    """The statement for the user's jurisdiction, or one State/UT or district of it, at one level.

    `level` overrides the natural level of the scope (the Excel export asks for every level of one scope).
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    state, district, natural_level = statement_scope(user, state_id=state_id, district_id=district_id)
    level = level or natural_level
    institutions = _institutions(user, state, district, kind, level)
    activity = _activity(user, state, district, period)
    rows = _roll_up(institutions, activity, level, period, _places(user, level, state, district))
    if sort not in SORT_KEYS:
        sort = "name"
    rows.sort(key=lambda row: (row.sort_value(sort), row.name.lower()), reverse=descending)
    total = StatementRow(name=str(district or state or _("India")), period=period)
    for row in rows:
        total.add(row)
    return Statement(
        level=level,
        period=period,
        kind=kind,
        rows=rows,
        total=total,
        scope_name=total.name,
        state=state,
        district=district,
    )


def _places(user: User, level: str, state, district) -> list:
    """Every State/UT or district the rows of `level` should list, registered institutions or not."""
    if level == "state":
        return [state] if state is not None else list(states_visible_to(user))
    if level == "district":
        if district is not None:
            return [district]
        districts = districts_visible_to(user)
        return list(districts.filter(state=state) if state is not None else districts)
    return []


def _institutions(user: User, state, district, kind: str, level: str) -> list[dict]:
    institutions = institutions_visible_to(user).filter(is_active=True, kind__in=STATEMENT_KINDS)
    if district is not None:
        institutions = institutions.filter(district=district)
    elif state is not None:
        institutions = institutions.filter(district__state=state)
    if kind:
        institutions = institutions.filter(kind=kind)
    fields = ["pk", "kind", "district_id", "district__name", "district__state_id", "district__state__name"]
    if level == "institution":  # institution lines need their own names; group lines only their group's
        fields += ["name", "code"]
    return list(institutions.order_by().values(*fields))


def _activity(user: User, state, district, period: str) -> dict[int, list]:
    """Each institution's [records entered, records updated] in the period and its last entry.

    Measured at national scale (docs/benchmarks.md): for 30 and 90 days, the last entries come from an
    index-only scan of (owner, updated_at) (migration reports 0003) and the counts from an index-only range scan
    of the records changed since the period began (0004; a record created in the period was also last changed
    in it): two cheap queries per register instead of one full scan with filtered counts. Since the start, one full scan answers all.
    """
    start = period_starts()[period]
    activity: dict[int, list] = {}
    for model, owner in ((MissingReport, "police_station"), (FoundChild, "recorded_by")):
        records = model.objects.order_by()
        if user.level != Level.NATION:
            # The nation sees everything; its "everything" filter would name a column outside the index.
            records = records.filter(within_jurisdiction(user, owner))
        if district is not None:
            records = records.filter(**{f"{owner}__district": district})
        elif state is not None:
            records = records.filter(**{f"{owner}__district__state": state})
        by_owner = records.values_list(f"{owner}_id")
        if start is None:  # since the start: one scan answers everything
            grouped = by_owner.annotate(
                entered_n=Count("pk"),
                updated_n=Count("pk", filter=Q(version__gt=1)),
                last=_as_text(Max("updated_at")),
            )
            for pk, entered_n, updated_n, last_text in grouped:
                activity[pk] = _merge(activity.get(pk), entered_n, updated_n, _parse_utc(last_text))
            continue
        for pk, last_text in by_owner.annotate(last=_as_text(Max("updated_at"))):
            activity[pk] = _merge(activity.get(pk), 0, 0, _parse_utc(last_text))
        # COUNT(updated_at), not COUNT(id): every column it reads is in the index (migration reports 0004).
        recent = by_owner.filter(updated_at__gte=start).annotate(
            entered_n=Count("updated_at", filter=Q(created_at__gte=start)),
            updated_n=Count("updated_at", filter=Q(version__gt=1)),
        )
        for pk, entered_n, updated_n in recent:
            activity[pk] = _merge(activity.get(pk), entered_n, updated_n, None)
    return activity


def _merge(figures: list | None, entered: int, updated: int, last: datetime | None) -> list:
    if figures is None:
        return [entered, updated, last]
    figures[0] += entered
    figures[1] += updated
    if last is not None and (figures[2] is None or last > figures[2]):
        figures[2] = last
    return figures


def _as_text(expression) -> Cast:
    # Measured: loading 20,000 time-zone-aware timestamps through the driver took 0.6 s of a national
    # statement; the same values as text, parsed below, take milliseconds.
    return Cast(expression, output_field=CharField())


def _parse_utc(text: str | None) -> datetime | None:
    """A timestamp as the database wrote it as text (PostgreSQL adds "+00"; SQLite stores naive UTC)."""
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _institution_row(institution: dict, figures: list | None, period: str, starts) -> StatementRow:
    row = StatementRow(
        name=institution["name"],
        pk=institution["pk"],
        code=institution["code"],
        kind=institution["kind"],
        place=institution["district__name"],
        period=period,
    )
    row.registered[institution["kind"]] = 1
    if figures is not None:
        row.entered, row.updated, row.last_entry = figures
        for key, start in starts.items():
            row.active[key] = int(row.last_entry is not None and (start is None or row.last_entry >= start))
    return row


def _roll_up(institutions: list[dict], activity, level: str, period: str, places=()) -> list[StatementRow]:
    starts = list(period_starts().items())
    if level == "institution":
        return [
            _institution_row(inst, activity.get(inst["pk"]), period, dict(starts)) for inst in institutions
        ]
    key, name = (
        ("district__state_id", "district__state__name")
        if level == "state"
        else ("district_id", "district__name")
    )
    groups: dict[int, StatementRow] = {}
    for inst in institutions:
        # Summed straight into the group's line: 25,000 institutions, no line object each.
        group = groups.get(inst[key])
        if group is None:
            group = groups[inst[key]] = StatementRow(name=inst[name], pk=inst[key], period=period)
        group.registered[inst["kind"]] += 1
        figures = activity.get(inst["pk"])
        if figures is None:
            continue
        entered, updated, last = figures
        group.entered += entered
        group.updated += updated
        if last is not None:
            for period_key, start in starts:
                if start is None or last >= start:
                    group.active[period_key] += 1
            if group.last_entry is None or last > group.last_entry:
                group.last_entry = last
    _add_empty_places(groups, level, places, period)
    return list(groups.values())


def _add_empty_places(groups: dict, level: str, places, period: str) -> None:
    """States/UTs and districts with no institution registered still get a line: that is news too."""
    for place in places:
        if place.pk not in groups:
            groups[place.pk] = StatementRow(name=place.name, pk=place.pk, period=period)
