"""The reminder log: every reminder and digest sent, at most one per recipient, kind and period."""

from django.conf import settings
from django.db import models


class ReminderLog(models.Model):
    class Kind(models.TextChoices):
        NO_UPLOAD = "no_upload"  # to an institution's staff: nothing entered in the period
        DISTRICT_DIGEST = (
            "district_digest"  # to a district officer: the district's laggards and stale records
        )
        STATE_DIGEST = "state_digest"  # to a state officer: the same, district by district

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The reminder window, e.g. "2026-11-24/30d": the first day of the N-day window and N (see reminders.py).
    period = models.CharField(max_length=20)
    notification = models.ForeignKey(
        "notifications.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.JSONField(default=dict, blank=True)  # counts only, never a child's details
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "period"], name="one_reminder_per_period")
        ]


class MisCount(models.Model):
    """The counts behind the MIS dashboard, per district: rebuilt whole by `trackchild refresh_mis` (cron).

    Measured at national scale (docs/monitoring.md), counting a million records by State/UT, month, gender,
    age, trace time and flows takes several seconds, too long for a page; summing these few thousand rows per
    district takes milliseconds. `figure` names the breakdown and `key` its value:
    gender / age / month ("2026-11") of missing reports with their `status`; trace (days-to-trace bucket);
    found (a found child's status); flow ("<home State/UT id>><found State/UT id>", restored children only).
    A missing report counts in its police station's district, a found child in its recording institution's.
    """

    district = models.ForeignKey("geo.District", on_delete=models.CASCADE, related_name="+")
    figure = models.CharField(max_length=10)
    key = models.CharField(max_length=20)
    status = models.CharField(max_length=30, blank=True)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["district", "figure"])]


class MisRefresh(models.Model):
    """When the MIS counts were last rebuilt, and from which month their twelve months start."""

    finished_at = models.DateTimeField()
    first_month = models.DateField()
    seconds = models.FloatField()

    class Meta:
        ordering = ["-finished_at", "-id"]
