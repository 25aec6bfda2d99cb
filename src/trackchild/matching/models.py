"""What matching stores: candidate pairs with their scores and decisions, likely duplicates, the queue of
records waiting to be matched, and fitted model parameters.

Candidates are never deleted: a pair whose score falls below the floor is retired, a rejected pair keeps the
fingerprint of the compared fields so it is not suggested again unless one of them changes.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from trackchild.cases.models import FoundChild, MissingReport


class Band(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Candidate(models.Model):
    """A missing report and a found child that may be the same child."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        VERIFYING = "verifying", _("Being verified with the family")
        CONFIRMED = "confirmed", _("Confirmed: the same child")
        REJECTED = "rejected", _("Rejected")
        RETIRED = "retired", _("No longer suggested")
        UNDONE = "undone", _("Confirmation undone")

    missing_report = models.ForeignKey(MissingReport, on_delete=models.PROTECT, related_name="candidates")
    found_child = models.ForeignKey(FoundChild, on_delete=models.PROTECT, related_name="candidates")
    score = models.FloatField(_("score"))
    band = models.CharField(_("band"), max_length=8, choices=Band.choices)
    explanation = models.JSONField(_("explanation"), default=list)  # [{field, level, weight, description}]
    engine_version = models.CharField(max_length=40)
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # sha256 of both records' compared fields when the pair was rejected: a change re-opens the pair.
    rejected_fingerprint = models.CharField(max_length=64, blank=True)
    verify_due = models.DateField(_("verification due"), null=True, blank=True)
    # The statuses the two records had before a confirmation, restored if it is undone.
    previous_statuses = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["missing_report", "found_child"], name="one_candidate_per_pair"),
        ]
        indexes = [
            models.Index(fields=["status", "-score"]),
            models.Index(fields=["found_child", "status"]),
        ]

    def __str__(self) -> str:
        return f"Candidate {self.missing_report_id}~{self.found_child_id}"


class Duplicate(models.Model):
    """Two records of the same register that may be one child entered twice."""

    class Side(models.TextChoices):
        MISSING = "missing", _("Missing reports")
        FOUND = "found", _("Found children")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        MERGED = "merged", _("Merged")
        REJECTED = "rejected", _("Not the same child")
        RETIRED = "retired", _("No longer suggested")

    side = models.CharField(max_length=8, choices=Side.choices)
    first_id = models.PositiveBigIntegerField()  # the smaller record id of the pair
    second_id = models.PositiveBigIntegerField()
    score = models.FloatField()
    band = models.CharField(max_length=8, choices=Band.choices)
    explanation = models.JSONField(default=list)
    engine_version = models.CharField(max_length=40)
    computed_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    kept_id = models.PositiveBigIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["side", "first_id", "second_id"], name="one_duplicate_per_pair"),
        ]
        indexes = [models.Index(fields=["side", "second_id"])]


class MatchJob(models.Model):
    """A record waiting to be matched. Written after the record's transaction commits; a failure stays here
    with its error, for administrators to see and retry (`trackchild match_worker --retry-failed`)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    side = models.CharField(max_length=8, choices=Duplicate.Side.choices)
    record_id = models.PositiveBigIntegerField()
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["state", "id"])]

    def __str__(self) -> str:
        return f"Match job {self.side} {self.record_id} ({self.state})"


class WorkerHeartbeat(models.Model):
    """One row per running `match_worker`: while one beat recently, saves leave matching to it."""

    name = models.CharField(max_length=100, unique=True)
    beat_at = models.DateTimeField()
    records = models.PositiveIntegerField(default=0)


class FittedModel(models.Model):
    """Model parameters fitted by `refit_matching` (childmatch Model.to_json), newest in use."""

    mode = models.CharField(max_length=8)  # "link" or "dedupe"
    parameters = models.JSONField()
    engine_version = models.CharField(max_length=40)
    labelled_pairs = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        get_latest_by = "created_at"


class VerificationTask(models.Model):
    """A police station's task to ask a family whether a found child is theirs, with a due date.

    Opened by a "verify" decision on a candidate; the outcome (and its note) sends the candidate back to
    review with the family's answer beside it. One open task per candidate at a time.
    """

    class Outcome(models.TextChoices):
        FAMILY_CONFIRMS = "family_confirms", _("The family confirms it is their child")
        FAMILY_DOES_NOT = "family_does_not", _("The family says it is not their child")
        UNREACHABLE = "unreachable", _("The family could not be reached")
        # Closed by the system when the candidate is confirmed or rejected before the station answered.
        NOT_NEEDED = "not_needed", _("No longer needed: the match was decided")

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="verification_tasks")
    police_station = models.ForeignKey(
        "registry.Institution", on_delete=models.PROTECT, related_name="verification_tasks"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    request_note = models.TextField(_("request"), blank=True)
    due = models.DateField(_("due"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("note"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"],
                condition=models.Q(outcome=""),
                name="one_open_verification_per_candidate",
            ),
        ]
        indexes = [models.Index(fields=["police_station", "outcome", "due"])]

    def __str__(self) -> str:
        return f"Verification {self.pk} of candidate {self.candidate_id}"

    @property
    def is_open(self) -> bool:
        return not self.outcome


class MatchingReminder(models.Model):
    """A reminder sent about one verification task or candidate in one period (send_matching_reminders).

    The unique constraint is what makes the daily command idempotent: a second run in the same period (or two
    overlapping runs) finds the row and sends nothing more about that item.
    """

    class Kind(models.TextChoices):
        VERIFY_DUE = "verify_due"  # the task is due today or tomorrow: once per task
        VERIFY_OVERDUE = "verify_overdue"  # past due: once per task per period
        REVIEW_OVERDUE = "review_overdue"  # a candidate pending over 7 days: once per candidate per period

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()  # the task's id (verify_*) or the candidate's (review_*)
    period = models.CharField(max_length=24)
    recipients = models.JSONField(default=list)  # user ids the reminder went to
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "period"], name="one_matching_reminder_per_period"
            )
        ]


class RematchRun(models.Model):
    """One `run_matching --all`: how far it got, so an interrupted run carries on where it stopped.

    Found children are matched in id order, a chunk per transaction that also moves `last_found_id`; running
    the command again resumes after that id (unless the model changed since, or `--restart` is given).
    """

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    model_version = models.CharField(max_length=40)
    last_found_id = models.PositiveBigIntegerField(default=0)
    found_done = models.PositiveIntegerField(default=0)
    candidates_stored = models.PositiveBigIntegerField(default=0)
    pairs_scored = models.PositiveBigIntegerField(default=0)

    class Meta:
        get_latest_by = "started_at"
