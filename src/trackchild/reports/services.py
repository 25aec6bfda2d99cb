"""Reminders: chase institutions that enter nothing, and send their officers a digest of laggards and stale records.

`send_reminders` is run by `trackchild send_reminders` from cron. Periods are fixed windows of N days counted
from 1 January 1 AD (the proleptic ordinal), so every run inside one window shares its period key and a
recipient gets at most one reminder of each kind per window: the unique constraint on the log enforces it even
when two runs overlap. An institution registered less than N days ago is not chased yet.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trackchild.accounts.models import Role, User
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.geo.models import District
from trackchild.notifications.services import notify
from trackchild.registry.models import Institution

from .compliance import STATEMENT_KINDS
from .models import ReminderLog
from .quality import only_stale_in_care, only_stale_missing


@dataclass
class PlannedReminder:
    recipient: User
    kind: str
    subject: str
    body: str
    link: str
    summary: dict


@dataclass
class ReminderRun:
    period: str
    sent: list[PlannedReminder] = field(default_factory=list)
    already_sent: int = 0
    dry_run: bool = False


def reminder_period(period_days: int, today: date) -> str:
    ordinal = today.toordinal()
    start = date.fromordinal(ordinal - ordinal % period_days)
    return f"{start.isoformat()}/{period_days}d"


def laggard_institutions(period_days: int, now: datetime) -> list[Institution]:
    """Active institutions of the statement's kinds with nothing created or changed in the last N days."""
    cutoff = now - timedelta(days=period_days)
    recent_reports = MissingReport.objects.filter(updated_at__gte=cutoff).values("police_station_id")
    recent_children = FoundChild.objects.filter(updated_at__gte=cutoff).values("recorded_by_id")
    return list(
        Institution.objects.filter(is_active=True, kind__in=STATEMENT_KINDS, created_at__lt=cutoff)
        .exclude(pk__in=recent_reports)
        .exclude(pk__in=recent_children)
        .select_related("district__state")
        .order_by("district__state__name", "district__name", "name")
    )


def send_reminders(
    *, period_days: int = 30, dry_run: bool = False, now: datetime | None = None
) -> ReminderRun:
    if period_days < 1:
        raise ValueError("period_days must be at least 1")
    now = now or timezone.now()
    run = ReminderRun(period=reminder_period(period_days, timezone.localdate(now)), dry_run=dry_run)
    with translation.override(settings.LANGUAGE_CODE):
        planned = _plan(period_days, now)
    done = set(ReminderLog.objects.filter(period=run.period).values_list("recipient_id", "kind"))
    for reminder in planned:
        if (reminder.recipient.pk, reminder.kind) in done:
            run.already_sent += 1
            continue
        if not dry_run and not _send(reminder, run.period):
            run.already_sent += 1
            continue
        run.sent.append(reminder)
    return run


def _send(reminder: PlannedReminder, period: str) -> bool:
    """Log and notify in one transaction; False when another run logged this reminder first."""
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                recipient=reminder.recipient, kind=reminder.kind, period=period, summary=reminder.summary
            )
            (notification,) = notify(
                [reminder.recipient], reminder.subject, reminder.body, link=reminder.link
            )
            log.notification = notification
            log.save(update_fields=["notification"])
    except IntegrityError:
        return False
    return True


def _plan(period_days: int, now: datetime) -> list[PlannedReminder]:
    laggards = laggard_institutions(period_days, now)
    stale = _stale_counts_by_district()
    planned = _institution_reminders(laggards, period_days, now)
    by_district: dict[int, list[Institution]] = defaultdict(list)
    for institution in laggards:
        by_district[institution.district_id].append(institution)
    planned += _district_digests(by_district, stale, period_days)
    planned += _state_digests(by_district, stale, period_days)
    return planned


def _institution_reminders(
    laggards: list[Institution], period_days: int, now: datetime
) -> list[PlannedReminder]:
    staff = defaultdict(list)
    for user in User.objects.filter(is_active=True, institution__in=laggards).order_by("username"):
        staff[user.institution_id].append(user)
    since = timezone.localdate(now - timedelta(days=period_days))
    subject = _("TrackChild: no records entered in the last %(days)d days") % {"days": period_days}
    reminders = []
    for institution in laggards:
        body = _(
            "%(name)s has not entered or updated any record on TrackChild since %(since)s.\n"
            "Please enter every missing or found child you hold and keep their records current: the district "
            "and state see who uploads."
        ) % {"name": institution.name, "since": since.strftime("%d-%m-%Y")}
        for user in staff[institution.pk]:
            reminders.append(
                PlannedReminder(
                    user,
                    ReminderLog.Kind.NO_UPLOAD,
                    subject,
                    body,
                    reverse("reports-quality"),
                    {"institution": institution.pk},
                )
            )
    return reminders


def _stale_counts_by_district() -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"missing": 0, "in_care": 0})
    for row in (
        only_stale_missing(MissingReport.objects.all())
        .order_by()
        .values("police_station__district_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["police_station__district_id"]]["missing"] = row["n"]
    for row in (
        only_stale_in_care(FoundChild.objects.all())
        .order_by()
        .values("recorded_by__district_id")
        .annotate(n=Count("pk"))
    ):
        counts[row["recorded_by__district_id"]]["in_care"] = row["n"]
    return counts


def _digest_lines(laggards: list[Institution], stale: dict[str, int], period_days: int) -> list[str]:
    lines = [
        _("Institutions with no entry in %(days)d days: %(count)d")
        % {"days": period_days, "count": len(laggards)}
    ]
    lines += [f"  - {inst.name} ({inst.get_kind_display()})" for inst in laggards[:50]]
    if len(laggards) > 50:
        lines.append("  " + _("… and %(more)d more") % {"more": len(laggards) - 50})
    lines.append(_("Missing reports with no update in 90 days: %(count)d") % {"count": stale["missing"]})
    lines.append(
        _("Children in care with no progress entry in 90 days: %(count)d") % {"count": stale["in_care"]}
    )
    return lines


def _district_digests(by_district, stale, period_days: int) -> list[PlannedReminder]:
    officers = User.objects.filter(is_active=True, role=Role.DISTRICT_OFFICER).select_related("district")
    reminders = []
    for officer in officers.order_by("username"):
        laggards = by_district.get(officer.district_id, [])
        counts = stale.get(officer.district_id, {"missing": 0, "in_care": 0})
        if not laggards and not counts["missing"] and not counts["in_care"]:
            continue
        subject = _("TrackChild: institutions and records to chase in %(place)s") % {
            "place": officer.district.name
        }
        body = "\n".join(_digest_lines(laggards, counts, period_days))
        link = reverse("reports-statement") + f"?district={officer.district_id}"
        reminders.append(
            PlannedReminder(
                officer,
                ReminderLog.Kind.DISTRICT_DIGEST,
                subject,
                body,
                link,
                {"laggards": len(laggards), **counts},
            )
        )
    return reminders


def _state_digests(by_district, stale, period_days: int) -> list[PlannedReminder]:
    officers = User.objects.filter(is_active=True, role=Role.STATE_OFFICER).select_related("state")
    reminders = []
    for officer in officers.order_by("username"):
        lines, totals = [], {"laggards": 0, "missing": 0, "in_care": 0}
        for district in District.objects.filter(state_id=officer.state_id).order_by("name"):
            laggards = len(by_district.get(district.pk, []))
            counts = stale.get(district.pk, {"missing": 0, "in_care": 0})
            if not (laggards or counts["missing"] or counts["in_care"]):
                continue
            totals["laggards"] += laggards
            totals["missing"] += counts["missing"]
            totals["in_care"] += counts["in_care"]
            lines.append(
                _(
                    "%(district)s: %(laggards)d institutions with no entry, %(missing)d stale missing "
                    "reports, %(in_care)d children in care with no progress entry"
                )
                % {"district": district.name, "laggards": laggards, **counts}
            )
        if not lines:
            continue
        subject = _("TrackChild: institutions and records to chase in %(place)s") % {
            "place": officer.state.name
        }
        header = _(
            "District by district, institutions with no entry in %(days)d days and records with no "
            "update in 90 days:"
        ) % {"days": period_days}
        link = reverse("reports-statement") + f"?state={officer.state_id}"
        reminders.append(
            PlannedReminder(
                officer, ReminderLog.Kind.STATE_DIGEST, subject, "\n".join([header, *lines]), link, totals
            )
        )
    return reminders
