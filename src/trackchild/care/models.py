"""A found child's time in care: one `CareCase` per child, and the steps recorded on it as `CareEvent` rows.

The case's `stage` moves only through the step table in `care.steps`; each step leaves one event, with the
acting user and institution, so the timeline is the events in order. Nothing is deleted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trackchild.cases.models import FoundChild, MissingReport
from trackchild.registry.models import Institution


class Stage(models.TextChoices):
    ORDERED = "ordered", _("Admission ordered")
    IN_CARE = "in_care", _("In care")
    TRANSFER_REQUESTED = "transfer_requested", _("Transfer requested")
    REPATRIATION_REQUESTED = "repatriation_requested", _("Repatriation requested")
    RESTORATION_ORDERED = "restoration_ordered", _("Restoration ordered")
    RESTORED = "restored", _("Restored, follow-up visits")
    ABSCONDED = "absconded", _("Absconded")
    AFTERCARE_REFERRED = "aftercare_referred", _("Referred to aftercare")
    CLOSED = "closed", _("Closed")


class CareCase(models.Model):
    found_child = models.OneToOneField(FoundChild, on_delete=models.PROTECT, related_name="care_case")
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, db_index=True)
    # The CCI or CWC a pending transfer, repatriation or admission waits on; it sees the child only on
    # acceptance
    # (admission excepted: the CWC's order places the child, so the CCI sees it at once).
    pending_with = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="care_requests_pending"
    )
    pending_event = models.ForeignKey(
        "CareEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    progress_every_months = models.PositiveSmallIntegerField(_("progress report every (months)"), default=1)
    opened_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["pending_with", "stage"])]

    def __str__(self) -> str:
        return f"Care case of found child #{self.found_child_id}"


class CareEvent(models.Model):
    """One recorded step. `details` holds the step's own fields (named in `care.steps`), never free-form
    keys."""

    case = models.ForeignKey(CareCase, on_delete=models.PROTECT, related_name="events")
    step = models.CharField(_("step"), max_length=30, db_index=True)
    happened_on = models.DateField(_("date"))
    due_on = models.DateField(_("next due"), null=True, blank=True)
    order_number = models.CharField(_("order number"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    details = models.JSONField(default=dict, blank=True)
    # Where the step was taken (the child's CCI or CWC at the time), and the other side of a transfer.
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="care_events"
    )
    counterpart = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="care_events_received"
    )
    # Absconding: the missing report filed for the child at a police station (a nullable link to cases).
    missing_report = models.ForeignKey(
        MissingReport, on_delete=models.PROTECT, null=True, blank=True, related_name="care_events"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["happened_on", "recorded_at", "id"]
        indexes = [models.Index(fields=["case", "step"])]

    def __str__(self) -> str:
        return f"{self.step} on {self.happened_on}"


def attachment_path(instance: "CareAttachment", filename: str) -> str:
    # Stored under a content hash: the file name a user uploads may carry the child's name.
    return f"care/{instance.sha256[:2]}/{instance.sha256}.{instance.extension}"


class CareAttachment(models.Model):
    event = models.ForeignKey(CareEvent, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    title = models.CharField(_("title"), max_length=150)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
