"""Reminders about matching, run daily by `trackchild send_matching_reminders` (cron).

Three kinds, each sent at most once per item and period (MatchingReminder's unique constraint):

- a verification task due today or tomorrow: to the police station asked (once per task);
- a verification task past its due date: to the station and its district officer, once per period;
- a candidate awaiting review for more than REVIEW_DAYS days: to the district officers of both records'
  districts, once per period.

A period is a fixed window of N days (default 7) counted from 1 January 1 AD, so every run inside one window
shares its key: running the command twice a day, or twice at once, sends nothing twice. Each recipient gets
one message per kind and run listing the items (numbers and FIR numbers, never a child's name).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trackchild.accounts.models import Role, User
from trackchild.notifications.services import notify

from .models import Candidate, MatchingReminder, VerificationTask
from .selectors import REVIEW_DAYS

LISTED = 20  # items named in one message; the rest are counted and linked
LOCK_KEY = 4_004_007  # pg_advisory_xact_lock key: one reminder run at a time


@dataclass
class ReminderRun:
    period: str
    sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # kind -> items reminded
    messages: int = 0
    already_sent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    dry_run: bool = False


def reminder_period(period_days: int, today: date) -> str:
    ordinal = today.toordinal()
    start = date.fromordinal(ordinal - ordinal % period_days)
    return f"{start.isoformat()}/{period_days}d"


def send_matching_reminders(
    *, period_days: int = 7, dry_run: bool = False, now: datetime | None = None
) -> ReminderRun:
    if period_days < 1:
        raise ValueError("period_days must be at least 1")
    now = now or timezone.now()
    today = timezone.localdate(now)
    run = ReminderRun(period=reminder_period(period_days, today), dry_run=dry_run)
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        if connection.vendor == "postgresql":  # two overlapping runs: the second waits, then finds the log
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        open_tasks = VerificationTask.objects.filter(outcome="").select_related(
            "candidate__missing_report", "police_station__district"
        )
        due_soon = open_tasks.filter(due__gte=today, due__lte=today + timedelta(days=1)).order_by("due", "pk")
        _remind(run, MatchingReminder.Kind.VERIFY_DUE, list(due_soon), _task_due_people, _task_line, dry_run)
        overdue = open_tasks.filter(due__lt=today).order_by("due", "pk")
        _remind(
            run,
            MatchingReminder.Kind.VERIFY_OVERDUE,
            list(overdue),
            _task_overdue_people,
            _task_line,
            dry_run,
        )
        waiting = (
            Candidate.objects.filter(
                status=Candidate.Status.PENDING, created_at__lt=now - timedelta(days=REVIEW_DAYS)
            )
            .select_related("missing_report__police_station", "found_child__recorded_by")
            .order_by("created_at", "pk")
        )
        _remind(
            run, MatchingReminder.Kind.REVIEW_OVERDUE, list(waiting), _review_people, _candidate_line, dry_run
        )
    return run


def _remind(run: ReminderRun, kind: str, items: list, people_of, line_of, dry_run: bool) -> None:
    """Log each item not yet reminded in this period and send each recipient one message listing theirs."""
    period_of = (lambda item: item.due.isoformat()) if kind == MatchingReminder.Kind.VERIFY_DUE else None
    keys = {item.pk: period_of(item) if period_of else run.period for item in items}
    done = set(
        MatchingReminder.objects.filter(
            kind=kind, object_id__in=keys, period__in=set(keys.values())
        ).values_list("object_id", "period")
    )
    fresh = [item for item in items if (item.pk, keys[item.pk]) not in done]
    run.already_sent[kind] += len(items) - len(fresh)
    if not fresh:
        return
    people = people_of(fresh)  # item pk -> [users]
    by_user: dict[int, list] = defaultdict(list)
    users = {}
    for item in fresh:
        for user in people.get(item.pk, []):
            by_user[user.pk].append(item)
            users[user.pk] = user
    run.sent[kind] += len(fresh)
    run.messages += len(by_user)
    if dry_run:
        return
    MatchingReminder.objects.bulk_create(
        [
            MatchingReminder(
                kind=kind,
                object_id=item.pk,
                period=keys[item.pk],
                recipients=sorted(u.pk for u in people.get(item.pk, [])),
            )
            for item in fresh
        ],
        batch_size=1000,
    )
    for user_pk, mine in by_user.items():
        subject, intro, link = _wording(kind, len(mine))
        lines = [line_of(item) for item in mine[:LISTED]]
        if len(mine) > LISTED:
            lines.append(_("… and %(n)d more.") % {"n": len(mine) - LISTED})
        notify([users[user_pk]], subject, "\n".join([intro, "", *lines]), link=link)


def _wording(kind: str, n: int) -> tuple[str, str, str]:
    if kind == MatchingReminder.Kind.VERIFY_DUE:
        return (
            ngettext(
                "TrackChild: a verification with a family is due",
                "TrackChild: %(n)d verifications with families are due",
                n,
            )
            % {"n": n},
            _("Please ask the family and record their answer on TrackChild by the date shown."),
            reverse("matching-tasks"),
        )
    if kind == MatchingReminder.Kind.VERIFY_OVERDUE:
        return (
            ngettext(
                "TrackChild: a verification with a family is overdue",
                "TrackChild: %(n)d verifications with families are overdue",
                n,
            )
            % {"n": n},
            _(
                "These verifications are past their due date. A child may be waiting to go home: please record "
                "the family's answer, or that they could not be reached."
            ),
            reverse("matching-tasks") + "?show=overdue",
        )
    return (
        ngettext(
            "TrackChild: a possible match has waited over %(days)d days",
            "TrackChild: %(n)d possible matches have waited over %(days)d days",
            n,
        )
        % {"n": n, "days": REVIEW_DAYS},
        _("These possible matches in your district have waited over %(days)d days for a decision.")
        % {"days": REVIEW_DAYS},
        reverse("matching-queue") + "?order=waiting",
    )


def _task_line(task: VerificationTask) -> str:
    return _("Missing report %(fir)s at %(station)s: due %(due)s") % {
        "fir": task.candidate.missing_report.fir_number,
        "station": task.police_station.name,
        "due": task.due.strftime("%d-%m-%Y"),
    }


def _candidate_line(candidate: Candidate) -> str:
    return _(
        "Candidate %(pk)s: missing report %(fir)s and found child %(child)s, waiting since %(since)s"
    ) % {
        "pk": candidate.pk,
        "fir": candidate.missing_report.fir_number,
        "child": candidate.found_child_id,
        "since": timezone.localdate(candidate.created_at).strftime("%d-%m-%Y"),
    }


def _staff(institution_ids: set[int]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(institution_id__in=institution_ids, is_active=True).order_by("username"):
        out[user.institution_id].append(user)
    return out


def _district_officers(district_ids: set[int]) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        Q(role=Role.DISTRICT_OFFICER), district_id__in=district_ids, is_active=True
    ).order_by("username"):
        out[user.district_id].append(user)
    return out


def _task_due_people(tasks: list[VerificationTask]) -> dict[int, list[User]]:
    staff = _staff({t.police_station_id for t in tasks})
    return {t.pk: staff[t.police_station_id] for t in tasks}


def _task_overdue_people(tasks: list[VerificationTask]) -> dict[int, list[User]]:
    staff = _staff({t.police_station_id for t in tasks})
    officers = _district_officers({t.police_station.district_id for t in tasks})
    return {t.pk: staff[t.police_station_id] + officers[t.police_station.district_id] for t in tasks}


def _review_people(candidates: list[Candidate]) -> dict[int, list[User]]:
    def districts(c: Candidate) -> set[int]:
        return {c.missing_report.police_station.district_id, c.found_child.recorded_by.district_id}

    officers = _district_officers(set().union(*(districts(c) for c in candidates)))
    return {c.pk: [u for d in sorted(districts(c)) for u in officers[d]] for c in candidates}
