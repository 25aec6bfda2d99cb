"""Every read of the care pages, scoped to the user through cases.selectors (and so accounts' jurisdictions).

A child is read in full by whoever sees the found-child record. An institution (or its district or state) that
had the child before a transfer or repatriation keeps a read of the case up to the moment the child left:
the timeline it had, nothing recorded after. A receiving CCI or CWC sees a pending request's minimum (the
order, age, gender, languages) and the child only once it has accepted.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trackchild.accounts.models import Level, Role, User
from trackchild.accounts.selectors import institutions_visible_to, within_jurisdiction
from trackchild.audit.services import record_event
from trackchild.cases.models import FoundChild, StatusChange
from trackchild.cases.rules import age_on
from trackchild.cases.selectors import found_children_visible_to
from trackchild.registry.models import Institution

from .models import CareAttachment, CareCase, CareEvent, Stage
from .steps import FOLLOW_UP_MONTHS, OPEN, STEPS

ACCEPTANCES = ("transfer_accept", "repatriation_accept")
# Children who sleep at a CCI: they count against its capacity.
RESIDENT_STATUSES = (FoundChild.Status.IN_CARE, FoundChild.Status.RESTORATION_IN_PROGRESS)


@dataclass
class CareView:
    """A child as the user may read it: `read_until` is set when the user only keeps a read of the past."""

    child: FoundChild
    case: CareCase | None
    read_until: datetime | None = None
    left_on: date | None = None  # the date the child left (the acceptance that took it away)

    @property
    def is_current(self) -> bool:
        return self.read_until is None


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def age_today(child: FoundChild, today: date | None = None) -> int | None:
    """The child's age now: from the date of birth, else the age recorded when found plus the years since."""
    today = today or timezone.localdate()
    if child.date_of_birth:
        return age_on(child.date_of_birth, today)
    if child.age_years is not None:
        return child.age_years + age_on(child.found_on, today)
    return None


def care_children_visible_to(user: User) -> QuerySet[FoundChild]:
    return found_children_visible_to(user).select_related("care_case", "cci__district__state", "cwc")


# A refusal is recorded at the institution that refused; it never had the child, so it gains no read from it.
NOT_CUSTODY = ("transfer_decline", "repatriation_decline")


def _own_events(user: User) -> QuerySet[CareEvent]:
    return CareEvent.objects.filter(within_jurisdiction(user, "institution")).exclude(step__in=NOT_CUSTODY)


def _past_custody_cases(user: User) -> QuerySet[CareCase]:
    return CareCase.objects.filter(events__in=_own_events(user)).distinct()


def moved_away_from(user: User, limit: int = 50) -> list[FoundChild]:
    """Children the user's jurisdiction had in care and no longer sees (it keeps a read of their past)."""
    if user.level == Level.NATION:
        return []
    cases = _past_custody_cases(user).exclude(found_child__in=found_children_visible_to(user).values("pk"))
    return [case.found_child for case in cases.select_related("found_child").order_by("-updated_at")[:limit]]


def get_care_child(user: User, pk: int, *, for_write: bool = False) -> CareView:
    """The child's care record for the user (Http404 outside it); reading the whole record is audited."""
    child = care_children_visible_to(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if child is not None:
        view = CareView(child=child, case=getattr(child, "care_case", None))
    else:
        case = _past_custody_cases(user).filter(found_child_id=pk).select_related("found_child").first()
        if case is None:
            raise Http404("No such child in your jurisdiction")
        read_until, left_on = _left_at(user, case)
        view = CareView(child=case.found_child, case=case, read_until=read_until, left_on=left_on)
    if not for_write:
        record_event("view", view.child, actor=user, page="care", past=not view.is_current)
    return view


def _left_at(user: User, case: CareCase) -> tuple[datetime, date | None]:
    """When the child left the user's jurisdiction: the first acceptance after the user's own last entry
    (the moment it was recorded, which bounds the read, and the date it took effect)."""
    own_last = _own_events(user).filter(case=case).aggregate(at=Max("recorded_at"))["at"]
    left = case.events.filter(step__in=ACCEPTANCES, recorded_at__gte=own_last).order_by("recorded_at").first()
    return (left.recorded_at, left.happened_on) if left else (own_last, None)


def case_events(view: CareView) -> list[CareEvent]:
    if view.case is None:
        return []
    events = view.case.events.select_related("recorded_by", "institution", "counterpart", "missing_report")
    if view.read_until is not None:
        events = events.filter(recorded_at__lte=view.read_until)
    return list(events.prefetch_related("attachments").order_by("happened_on", "recorded_at", "id"))


@dataclass
class TimelineEntry:
    on: date
    at: datetime
    title: str
    by: object
    where: object = None
    event: CareEvent | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)


def timeline(view: CareView) -> list[TimelineEntry]:
    """Everything from the day found to today, in order: status changes made outside these pages, and every
    care step (a step's own status change is not repeated)."""
    from .presentation import event_lines  # labels of each step's fields

    events = case_events(view)
    by_steps = {e.details.get("status_change") for e in events}
    labels = dict(FoundChild.Status.choices)
    changes = StatusChange.objects.filter(found_child=view.child).select_related("changed_by")
    if view.read_until is not None:
        changes = changes.filter(changed_at__lte=view.read_until)
    entries = []
    for change in changes:
        if change.pk in by_steps:
            continue
        if not change.from_status:
            title = _("Found at %(place)s; registered by %(by)s") % {
                "place": view.child.found_place,
                "by": view.child.recorded_by.name,
            }
        else:
            title = _("Status: %(from)s → %(to)s") % {
                "from": labels.get(change.from_status, change.from_status),
                "to": labels.get(change.to_status, change.to_status),
            }
        lines = [(_("Order number"), change.order_number), (_("Reason"), change.reason)]
        entries.append(
            TimelineEntry(
                on=change.effective_on,
                at=change.changed_at,
                title=title,
                by=change.changed_by,
                lines=[(k, v) for k, v in lines if v],
            )
        )
    for event in events:
        entries.append(
            TimelineEntry(
                on=event.happened_on,
                at=event.recorded_at,
                title=str(STEPS[event.step].label),
                by=event.recorded_by,
                where=event.institution,
                event=event,
                lines=event_lines(event),
            )
        )
    return sorted(entries, key=lambda e: (e.on, e.at))


# --- What is due --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    kind: str  # progress_report, care_plan, care_plan_review or a follow-up step's name
    on: date
    overdue: bool

    @property
    def what(self) -> str:
        return str(DUE_LABELS.get(self.kind) or STEPS[self.kind].label)


DUE_LABELS = {
    "progress_report": gettext_lazy("Progress report"),
    "care_plan": gettext_lazy("Individual care plan"),
    "care_plan_review": gettext_lazy("Care plan review"),
}


def dues(case: CareCase | None, events: list[CareEvent], today: date | None = None) -> list[Due]:
    """Progress reports every `progress_every_months` from admission, the care plan's review date, and the
    follow-up visits 1, 3 and 6 months after the hand-over."""
    if case is None:
        return []
    if case.stage in OPEN and case.found_child.status not in RESIDENT_STATUSES:
        return []  # the register says the child has left care by another path: nothing falls due here
    today = today or timezone.localdate()
    latest = {}
    for event in events:
        latest[event.step] = event
    items = []
    starts = [latest[s].happened_on for s in ("admission", "transfer_accept") if s in latest]
    if case.stage in OPEN and starts:
        reported = [latest["progress_report"].happened_on] if "progress_report" in latest else []
        due = add_months(max(starts + reported), case.progress_every_months)
        items.append(Due("progress_report", due, due < today))
        plan = latest.get("care_plan")
        if plan is None:
            due = add_months(min(starts), 1)
            items.append(Due("care_plan", due, due < today))
        elif plan.due_on:
            items.append(Due("care_plan_review", plan.due_on, plan.due_on < today))
    if case.stage == Stage.RESTORED and "handover" in latest:
        handed_over = latest["handover"].happened_on
        for step, months in FOLLOW_UP_MONTHS.items():
            if step not in latest:
                due = add_months(handed_over, months)
                items.append(Due(step, due, due < today))
    return sorted(items, key=lambda d: d.on)


@dataclass
class CareRow:
    child: FoundChild
    case: CareCase | None
    dues: list[Due]

    @property
    def overdue(self) -> list[Due]:
        return [d for d in self.dues if d.overdue]


def children_in_care(user: User, *, stage: str = "") -> QuerySet[FoundChild]:
    """The user's children with a care case, or placed in a CCI and living there."""
    children = care_children_visible_to(user).filter(
        Q(care_case__isnull=False) | Q(cci__isnull=False, status__in=RESIDENT_STATUSES)
    )
    if stage:
        children = children.filter(care_case__stage=stage)
    return children.order_by("name", "id")


def care_rows(user: User, *, stage: str = "", children=None) -> list[CareRow]:
    """Children in care (all of the user's, or the `children` given, e.g. one page) with what is due."""
    children = list(children_in_care(user, stage=stage) if children is None else children)
    events: dict[int, list[CareEvent]] = {}
    cases = [c.care_case for c in children if getattr(c, "care_case", None)]
    for event in CareEvent.objects.filter(case__in=cases).order_by("happened_on", "recorded_at", "id"):
        events.setdefault(event.case_id, []).append(event)
    rows = []
    for child in children:
        case = getattr(child, "care_case", None)
        rows.append(CareRow(child, case, dues(case, events.get(case.pk, []) if case else [])))
    return rows


def overdue_rows(user: User) -> list[CareRow]:
    """Children with a report, review or follow-up past its date: the CCI's and the DCPU's home panel."""
    if user.role == Role.CCI_STAFF:
        here = lambda child: child.cci_id == user.institution_id
    elif user.role == Role.DISTRICT_OFFICER:
        here = lambda child: child.cci_id is not None and child.cci.district_id == user.district_id
    else:
        return []
    # The institution that registered a child keeps seeing it after a transfer; the duty moves with the child.
    return [row for row in care_rows(user) if row.overdue and here(row.child)]


# --- Requests waiting on the user's institution ------------------------------------------------------------


def incoming_requests_for(user: User) -> list[CareCase]:
    if user.level != Level.INSTITUTION or not user.institution_id:
        return []
    return list(
        CareCase.objects.filter(
            pending_with_id=user.institution_id,
            stage__in=(Stage.TRANSFER_REQUESTED, Stage.REPATRIATION_REQUESTED),
        )
        .select_related("pending_event__institution__district__state", "found_child")
        .order_by("pending_event__recorded_at")
    )


def get_incoming_request(user: User, event_pk: int) -> CareCase:
    for case in incoming_requests_for(user):
        if case.pending_event_id == event_pk:
            return case
    raise Http404("No such request waiting on your institution")


# --- Capacity -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupancy:
    cci: Institution
    children: int

    @property
    def capacity(self) -> int | None:
        return self.cci.capacity

    @property
    def over(self) -> bool:
        return self.capacity is not None and self.children > self.capacity


def occupancy_of(ccis) -> list[Occupancy]:
    """Children living in each CCI against its capacity (numbers only: no child is named)."""
    counts = dict(
        FoundChild.objects.filter(cci__in=ccis, status__in=RESIDENT_STATUSES)
        .order_by()
        .values_list("cci")
        .annotate(n=Count("id"))
    )
    return [Occupancy(cci, counts.get(cci.pk, 0)) for cci in ccis]


def occupancy_visible_to(user: User) -> list[Occupancy]:
    ccis = institutions_visible_to(user).filter(kind=Institution.Kind.CCI, is_active=True).order_by("name")
    if user.level == Level.NATION:
        return []  # hundreds of CCIs: the national view is the reports' job
    return occupancy_of(list(ccis))


def ccis_in_state(state_id: int) -> QuerySet[Institution]:
    return (
        Institution.objects.filter(kind=Institution.Kind.CCI, is_active=True, district__state_id=state_id)
        .select_related("district")
        .order_by("name")
    )


def cwcs_in_state(state_id: int) -> QuerySet[Institution]:
    return (
        Institution.objects.filter(kind=Institution.Kind.CWC, is_active=True, district__state_id=state_id)
        .select_related("district")
        .order_by("name")
    )


def police_stations_near(cci: Institution) -> QuerySet[Institution]:
    """The police stations of the CCI's district: the CCI chooses the nearest."""
    return Institution.objects.filter(
        kind=Institution.Kind.POLICE_STATION, is_active=True, district_id=cci.district_id
    ).order_by("name")


def get_attachment(user: User, pk: int) -> CareAttachment:
    attachment = CareAttachment.objects.select_related("event__case").filter(pk=pk).first()
    if attachment is None:
        raise Http404("No such attachment")
    view = get_care_child(user, attachment.event.case.found_child_id, for_write=True)
    if view.read_until is not None and attachment.event.recorded_at > view.read_until:
        raise Http404("No such attachment")
    record_event("view", attachment, actor=user, record=f"cases.foundchild:{view.child.pk}")
    return attachment
