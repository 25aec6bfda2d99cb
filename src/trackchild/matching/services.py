"""Decisions on candidates and duplicates. Each is atomic, version-checked, audited, and notifies after commit.

Confirming moves the missing report to traced and the found child to restoration in progress through
cases.services.set_status (both records, even when one lies outside the decider's jurisdiction: the
candidate is what authorises it); a district officer can undo a confirmation with a reason.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import Role, User
from trackchild.audit.services import record_event
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.cases.services import set_status
from trackchild.concurrency import StaleRecord
from trackchild.notifications.services import notify

from . import adapter
from .models import Candidate, Duplicate, VerificationTask
from .selectors import candidates_visible_to, get_duplicate, tasks_visible_to

# Confirming that two records are one child is a CWC's or an officer's call; anyone who sees a candidate
# (national officers aside: they read, never change) may ask for a verification with the family.
DECIDERS = {Role.CWC_MEMBER, Role.DISTRICT_OFFICER, Role.STATE_OFFICER}
VERIFY_DAYS = 7
OPEN = (Candidate.Status.PENDING, Candidate.Status.VERIFYING)


def may_decide(user: User) -> bool:
    return user.role in DECIDERS


def may_ask_verification(user: User) -> bool:
    return bool(user.role) and user.role not in (Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN)


def may_undo(user: User, candidate: Candidate) -> bool:
    districts = {
        candidate.missing_report.police_station.district_id,
        candidate.found_child.recorded_by.district_id,
    }
    return user.role == Role.DISTRICT_OFFICER and user.district_id in districts


def _lock(actor: User, candidate_id: int, expected_version: int) -> Candidate:
    try:
        candidate = candidates_visible_to(actor).select_for_update(of=("self",)).get(pk=candidate_id)
    except Candidate.DoesNotExist:
        raise PermissionDenied(_("This candidate is not in your jurisdiction.")) from None
    if candidate.version != expected_version:
        raise StaleRecord(candidate)
    return candidate


def _decided(candidate: Candidate, actor: User, status: str, reason: str = "", **extra) -> None:
    candidate.status, candidate.reason = status, reason
    candidate.decided_by, candidate.decided_at = actor, timezone.now()
    candidate.version += 1
    for field, value in extra.items():
        setattr(candidate, field, value)
    candidate.save()


def confirm_candidate(*, actor: User, candidate_id: int, expected_version: int) -> Candidate:
    """The two records are the same child: link them, trace the report, start restoration, tell both sides."""
    if not may_decide(actor):
        raise PermissionDenied(_("Only a CWC or a child protection officer can confirm a match."))
    with transaction.atomic():
        candidate = _lock(actor, candidate_id, expected_version)
        if candidate.status not in OPEN:
            raise ValidationError(_("This candidate has already been decided."))
        report, child = candidate.missing_report, candidate.found_child
        previous = {"missing_report": report.status, "found_child": child.status}
        reason = _("Matched with found child %(child)s (candidate %(pk)s).") % {
            "child": child.pk,
            "pk": candidate.pk,
        }
        set_status(
            actor=actor,
            record=report,
            to_status=MissingReport.Status.TRACED,
            expected_version=report.version,
            reason=reason,
            scope=MissingReport.objects.filter(pk=report.pk),
        )
        set_status(
            actor=actor,
            record=child,
            to_status=FoundChild.Status.RESTORATION_IN_PROGRESS,
            expected_version=child.version,
            reason=_("Matched with missing report %(fir)s (candidate %(pk)s).")
            % {"fir": report.fir_number, "pk": candidate.pk},
            scope=FoundChild.objects.filter(pk=child.pk),
        )
        _decided(candidate, actor, Candidate.Status.CONFIRMED, previous_statuses=previous)
        _close_open_tasks(candidate, actor)
        record_event("confirm", candidate, actor=actor, missing_report=report.pk, found_child=child.pk)
        _tell_both_sides(
            candidate,
            _("A match was confirmed"),
            _(
                "The missing report %(fir)s and found child %(child)s were confirmed as the same child. "
                "Restoration can begin."
            )
            % {"fir": report.fir_number, "child": child.pk},
        )
    return candidate


def reject_candidate(*, actor: User, candidate_id: int, expected_version: int, reason: str) -> Candidate:
    """Not the same child: never suggested again unless a compared field of either record changes."""
    if not may_decide(actor):
        raise PermissionDenied(_("Only a CWC or a child protection officer can reject a match."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why these are not the same child.")]})
    with transaction.atomic():
        candidate = _lock(actor, candidate_id, expected_version)
        if candidate.status not in OPEN:
            raise ValidationError(_("This candidate has already been decided."))
        records = [
            adapter.record_of("missing", candidate.missing_report_id),
            adapter.record_of("found", candidate.found_child_id),
        ]
        fingerprint = adapter.fingerprint([r for r in records if r is not None])
        _decided(
            candidate, actor, Candidate.Status.REJECTED, reason.strip(), rejected_fingerprint=fingerprint
        )
        _close_open_tasks(candidate, actor)
        record_event("reject", candidate, actor=actor, reason=reason.strip())
    return candidate


def ask_verification(*, actor: User, candidate_id: int, expected_version: int, note: str = "") -> Candidate:
    """Ask the police station to check with the family: a task with a due date, on the candidate."""
    if not may_ask_verification(actor):
        raise PermissionDenied(_("Your role cannot ask for a verification."))
    with transaction.atomic():
        candidate = _lock(actor, candidate_id, expected_version)
        if candidate.status != Candidate.Status.PENDING:
            raise ValidationError(_("Only a candidate awaiting review can be sent for verification."))
        due = timezone.localdate() + timedelta(days=VERIFY_DAYS)
        _decided(candidate, actor, Candidate.Status.VERIFYING, note.strip(), verify_due=due)
        station = candidate.missing_report.police_station
        task = VerificationTask.objects.create(
            candidate=candidate,
            police_station=station,
            requested_by=actor,
            request_note=note.strip(),
            due=due,
        )
        record_event("verify", candidate, actor=actor, due=due.isoformat(), task=task.pk)
        notify(
            User.objects.filter(institution=station, is_active=True),
            _("Please verify a possible match"),
            _(
                "Please check with the family of the child in missing report %(fir)s whether found child %(child)s "
                "is their child, by %(due)s."
            )
            % {
                "fir": candidate.missing_report.fir_number,
                "child": candidate.found_child_id,
                "due": due.isoformat(),
            },
            link=reverse("matching-task", args=[task.pk]),
        )
    return candidate


def may_complete_verification(user: User, task: VerificationTask) -> bool:
    """The police station asked, or the district officer over it, records what the family said."""
    if user.role == Role.DISTRICT_OFFICER:
        return user.district_id == task.police_station.district_id
    return user.institution_id == task.police_station_id


def complete_verification(
    *, actor: User, task_id: int, expected_version: int, outcome: str, note: str = ""
) -> VerificationTask:
    """Record the family's answer: the task closes and the candidate goes back to review with the answer.

    The answer does not decide the match (that stays a CWC's or an officer's call); it is what they decide on,
    so the deciders of both sides are told.
    """
    answers = {c.value for c in VerificationTask.Outcome if c != VerificationTask.Outcome.NOT_NEEDED}
    with transaction.atomic():
        try:
            task = (
                tasks_visible_to(actor)
                .select_for_update(of=("self",))
                .select_related("police_station")
                .get(pk=task_id)
            )
        except VerificationTask.DoesNotExist:
            raise PermissionDenied(_("This verification is not in your jurisdiction.")) from None
        if not may_complete_verification(actor, task):
            raise PermissionDenied(
                _("Only the police station asked, or its district officer, can record this.")
            )
        if task.version != expected_version:
            raise StaleRecord(task)
        if not task.is_open:
            raise ValidationError(_("This verification has already been recorded."))
        if outcome not in answers:
            raise ValidationError({"outcome": [_("Choose what the family said.")]})
        if outcome != VerificationTask.Outcome.FAMILY_CONFIRMS and not note.strip():
            raise ValidationError({"outcome_note": [_("Say what happened, so the reviewers can decide.")]})
        task.outcome, task.outcome_note = outcome, note.strip()
        task.completed_by, task.completed_at = actor, timezone.now()
        task.version += 1
        task.save()
        candidate = Candidate.objects.select_for_update().get(pk=task.candidate_id)
        if candidate.status == Candidate.Status.VERIFYING:
            candidate.status, candidate.verify_due = Candidate.Status.PENDING, None
            candidate.version += 1
            candidate.save(update_fields=["status", "verify_due", "version"])
        record_event("verify_done", task, actor=actor, candidate=candidate.pk, outcome=outcome)
        _tell_deciders(
            candidate,
            _("A family verification was recorded"),
            _(
                "Verification of candidate %(pk)s (missing report %(fir)s): %(outcome)s. It is back for review."
            )
            % {
                "pk": candidate.pk,
                "fir": candidate.missing_report.fir_number,
                "outcome": task.get_outcome_display(),
            },
            also=[task.requested_by],
        )
    return task


def _close_open_tasks(candidate: Candidate, actor: User) -> None:
    """A decision taken while the family was still being asked ends the station's task."""
    VerificationTask.objects.filter(candidate=candidate, outcome="").update(
        outcome=VerificationTask.Outcome.NOT_NEEDED, completed_by=actor, completed_at=timezone.now()
    )


def undo_confirmation(*, actor: User, candidate_id: int, expected_version: int, reason: str) -> Candidate:
    """A district officer reverses a wrong confirmation: statuses restored, link removed, audited."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the confirmation is undone.")]})
    with transaction.atomic():
        candidate = _lock(actor, candidate_id, expected_version)
        if not may_undo(actor, candidate):
            raise PermissionDenied(_("Only a district officer of either record's district can undo a match."))
        if candidate.status != Candidate.Status.CONFIRMED:
            raise ValidationError(_("Only a confirmed match can be undone."))
        report = MissingReport.objects.select_for_update().get(pk=candidate.missing_report_id)
        child = FoundChild.objects.select_for_update().get(pk=candidate.found_child_id)
        before = candidate.previous_statuses or {}
        for record, status in ((report, before.get("missing_report")), (child, before.get("found_child"))):
            if status and record.status != status:
                set_status(
                    actor=actor,
                    record=record,
                    to_status=status,
                    expected_version=record.version,
                    reason=reason.strip(),
                    scope=type(record).objects.filter(pk=record.pk),
                )
        _decided(candidate, actor, Candidate.Status.UNDONE, reason.strip())
        record_event("undo", candidate, actor=actor, reason=reason.strip())
        _tell_both_sides(
            candidate,
            _("A match was undone"),
            _(
                "The confirmed match between missing report %(fir)s and found child %(child)s was undone: "
                "%(reason)s"
            )
            % {"fir": report.fir_number, "child": child.pk, "reason": reason.strip()},
        )
    return candidate


def _tell_both_sides(candidate: Candidate, subject: str, body: str) -> None:
    report, child = candidate.missing_report, candidate.found_child
    institutions = {report.police_station_id, child.recorded_by_id, child.cci_id, child.cwc_id} - {None}
    districts = {report.police_station.district_id, child.recorded_by.district_id}
    people = User.objects.filter(
        Q(institution_id__in=institutions) | Q(role=Role.DISTRICT_OFFICER, district_id__in=districts),
        is_active=True,
    )
    notify(people, subject, body, link=reverse("matching-candidate", args=[candidate.pk]))


def _tell_deciders(candidate: Candidate, subject: str, body: str, *, also=()) -> None:
    """The CWCs of the found child and the district officers of both records (those who decide), and `also`."""
    report, child = candidate.missing_report, candidate.found_child
    districts = {report.police_station.district_id, child.recorded_by.district_id}
    who = Q(role=Role.DISTRICT_OFFICER, district_id__in=districts) | Q(pk__in=[user.pk for user in also])
    if child.cwc_id:
        who |= Q(institution_id=child.cwc_id, role=Role.CWC_MEMBER)
    people = User.objects.filter(who, is_active=True)
    notify(people, subject, body, link=reverse("matching-candidate", args=[candidate.pk]))


def merge_duplicate(*, actor: User, duplicate_id: int, keep_id: int, reason: str = "") -> Duplicate:
    """Two records of one register are one child: the other is withdrawn (or closed) pointing to the kept one.
    Nothing is deleted; the withdrawn record's photos and history stay reachable."""
    row, first, second = get_duplicate(actor, duplicate_id)
    if keep_id not in (first.pk, second.pk):
        raise ValidationError({"keep": [_("Choose one of the two records to keep.")]})
    kept, dropped = (first, second) if keep_id == first.pk else (second, first)
    closing = MissingReport.Status.CLOSED if row.side == "missing" else FoundChild.Status.WITHDRAWN
    why = _("Duplicate of record %(pk)s.") % {"pk": kept.pk} + (
        f" {reason.strip()}" if reason.strip() else ""
    )
    with transaction.atomic():
        locked = Duplicate.objects.select_for_update().get(pk=row.pk)
        if locked.status != Duplicate.Status.PENDING:
            raise ValidationError(_("This pair has already been decided."))
        set_status(
            actor=actor, record=dropped, to_status=closing, expected_version=dropped.version, reason=why
        )
        locked.status, locked.kept_id = Duplicate.Status.MERGED, kept.pk
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.save()
        record_event("merge", dropped, actor=actor, kept=kept.pk, duplicate=locked.pk)
    return locked


def reject_duplicate(*, actor: User, duplicate_id: int) -> Duplicate:
    row, _first, _second = get_duplicate(actor, duplicate_id)
    if actor.role in (Role.NATIONAL_OFFICER,):
        raise PermissionDenied(_("Your role can read records but not change them."))
    with transaction.atomic():
        Duplicate.objects.filter(pk=row.pk).update(
            status=Duplicate.Status.REJECTED, decided_by=actor, decided_at=timezone.now()
        )
        record_event("reject", row, actor=actor)
    row.refresh_from_db()
    return row
