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
