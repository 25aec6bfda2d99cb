"""Data exchange: spreadsheet import jobs with their rows' problems, API keys for connected systems, and the
stored answers of idempotent API batches."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.registry.models import Institution


class Register(models.TextChoices):
    MISSING_REPORTS = "missing_reports", _("Missing children")
    FOUND_CHILDREN = "found_children", _("Found children")


class ImportJob(models.Model):
    """One uploaded file, from its check (the preview) to its last saved row. `rows_done` is written in the same
    transaction as each chunk of rows, so a killed worker resumes after the last chunk it saved."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked: see the preview")
        REFUSED = "refused", _("Refused")
        QUEUED = "queued", _("Waiting to be saved")
        SAVING = "saving", _("Being saved")
        DONE = "done", _("Saved")
        FAILED = "failed", _("Stopped")

    class Mode(models.TextChoices):
        ALL_OR_NOTHING = "all", _("Save nothing unless every row is valid")
        VALID_ROWS = "valid", _("Save the valid rows; give me the others back to fix")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_from = models.CharField(max_length=80, blank=True)
    register = models.CharField(max_length=20, choices=Register.choices)
    file = models.FileField(upload_to="imports/")
    original_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=5)  # csv or xlsx
    size_bytes = models.PositiveBigIntegerField(default=0)
    encoding = models.CharField(max_length=20, blank=True)
    mode = models.CharField(max_length=5, choices=Mode.choices, default=Mode.ALL_OR_NOTHING)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED, db_index=True)
    message = models.TextField(blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    invalid_rows = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    new_rows = models.PositiveIntegerField(default=0)
    existing_rows = models.PositiveIntegerField(default=0)
    same_rows = models.PositiveIntegerField(default=0)
    withdraw_rows = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows of the file saved or skipped so far")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.register})"

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.invalid_rows

    @property
    def is_busy(self) -> bool:
        return self.status in {
            self.Status.UPLOADED,
            self.Status.CHECKING,
            self.Status.QUEUED,
            self.Status.SAVING,
        }

    @property
    def percent(self) -> int:
        if self.status in {self.Status.UPLOADED, self.Status.CHECKING}:
            done, total = self.rows_checked, max(self.total_rows, 1)
            return 0 if not self.total_rows else min(99, round(100 * done / total))
        if self.status == self.Status.DONE:
            return 100
        return min(100, round(100 * self.rows_done / max(self.total_rows, 1)))


class ImportProblem(models.Model):
    """One problem of one row (row 1 is the header, as a spreadsheet numbers it), or of the file (row 0)."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=60, blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["job", "row"])]


class ApiKey(models.Model):
    """A key for a connected system (a state's CCTNS, a CCI's software). It acts as the account that created
    it, within that account's jurisdiction, and only for its scopes. Only a SHA-256 hash is stored."""

    name = models.CharField(_("name"), max_length=100)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_keys")
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scopes = models.JSONField(default=list)
    prefix = models.CharField(max_length=12)  # the key's first characters, to recognise it in a list
    hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"API key {self.name!r} ({self.prefix}…)"

    def is_usable(self) -> bool:
        return self.revoked_at is None and self.user.is_active


class IdempotentRequest(models.Model):
    """The answer given to a batch request with an `Idempotency-Key`: a retry gets it again, never a second
    write. `credential` names the token or key the request came with, so two systems never share keys."""

    credential = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["credential", "key"], name="idempotency_key_unique")]
