"""Every write to the two registers. Each function is atomic, takes the acting user, and audits itself."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import Role, User
from trackchild.audit.services import record_event
from trackchild.concurrency import StaleRecord
from trackchild.faces.checks import check_upload
from trackchild.faces.services import photo_stored, photo_withdrawn
from trackchild.registry.models import Institution

from . import rules
from .models import FoundChild, MissingReport, Photo, StatusChange
from .photos import clean_photo
from .selectors import found_children_visible_to, missing_reports_visible_to
from .statuses import NEEDS_ORDER, NEEDS_REASON, TransitionNotAllowed, transitions_for

#: The longest reason for withdrawing a photo, or a record through the batch API.
WITHDRAWAL_REASON_MAX_LENGTH = 2000
FOUND_CHILD_RECORDERS = {Role.CWC_MEMBER, Role.JJB_MEMBER, Role.CCI_STAFF, Role.POLICE_OFFICER}
# National officers supervise; they read everything and change nothing.
READ_ONLY_ROLES = {Role.NATIONAL_OFFICER}


def may_register_missing_report(user: User) -> bool:
    """Whether pages should offer "Report a missing child" (the service below decides for real)."""
    return user.role == Role.POLICE_OFFICER


def may_register_found_child(user: User) -> bool:
    return user.role in FOUND_CHILD_RECORDERS


def may_change_records(user: User) -> bool:
    """Whether pages should offer edits and status changes on records the user can see (as `_lock_for_change`)."""
    return bool(user.role) and user.role not in READ_ONLY_ROLES and user.level != ""


@dataclass(frozen=True)
class PhotoUpload:
    content: bytes
    taken_on: date | None = None


def register_missing_report(
    *,
    actor: User,
    data: dict,
    photos: Iterable[PhotoUpload] = (),
    police_station: Institution | None = None,
    absconded_child: FoundChild | None = None,
) -> MissingReport:
    station = _filing_station(actor, police_station, absconded_child)
    data = {**data, "police_station": station}
    rules.check_missing_report(data)
    _refuse_duplicate_fir(station, data["fir_number"])
    cleaned = [_clean_upload(upload) for upload in photos]
    with transaction.atomic():
        report = MissingReport(**data, status=MissingReport.Status.REPORTED, created_by=actor)
        _save_new(report)
        _history(report, "", report.status, actor=actor, effective_on=report.fir_date, reason="")
        for upload, photo, face in cleaned:
            _store_photo(report, photo, upload.taken_on, actor, face)
        on_behalf = (
            {"on_behalf_of": station.pk, "absconded_child": absconded_child.pk} if absconded_child else {}
        )
        record_event("create", report, actor=actor, fields=data.keys(), photos=len(cleaned), **on_behalf)
        _match_after_commit(report)
    return report


def _filing_station(actor: User, police_station: Institution | None, absconded_child: FoundChild | None):
    """A police station files its own reports. The one exception: a CCI whose child has absconded files the
    report at a police station of its own district, on that station's behalf (care.services, absconding)."""
    if (
        actor.role == Role.POLICE_OFFICER
        and absconded_child is None
        and police_station in (None, actor.institution)
    ):
        return actor.institution
    if (
        actor.role == Role.CCI_STAFF
        and absconded_child is not None
        and police_station is not None
        and absconded_child.cci_id == actor.institution_id
        and absconded_child.status == FoundChild.Status.ABSCONDED
        and police_station.kind == Institution.Kind.POLICE_STATION
        and police_station.is_active
        and police_station.district_id == actor.institution.district_id
    ):
        return police_station
    raise PermissionDenied(_("Only a police station can file a missing report."))


def register_found_child(*, actor: User, data: dict, photos: Iterable[PhotoUpload] = ()) -> FoundChild:
    if actor.role not in FOUND_CHILD_RECORDERS:
        raise PermissionDenied(_("Only a CWC, JJB, CCI or police station can register a found child."))
    data = {**data, "recorded_by": actor.institution}
    if actor.role == Role.CCI_STAFF and not data.get("cci"):
        data["cci"] = actor.institution  # a CCI registers the children it receives
    if actor.role == Role.CWC_MEMBER and not data.get("cwc"):
        data["cwc"] = actor.institution
    rules.check_found_child(data)
    cleaned = [_clean_upload(upload) for upload in photos]
    with transaction.atomic():
        child = FoundChild(**data, status=FoundChild.Status.IN_CARE, created_by=actor)
        _save_new(child)
        _history(child, "", child.status, actor=actor, effective_on=child.found_on, reason="")
        for upload, photo, face in cleaned:
            _store_photo(child, photo, upload.taken_on, actor, face)
        record_event("create", child, actor=actor, fields=data.keys(), photos=len(cleaned))
        _match_after_commit(child)
    return child


def update_missing_report(*, actor: User, report_id: int, expected_version: int, data: dict) -> MissingReport:
    with transaction.atomic():
        report = _lock_for_change(missing_reports_visible_to(actor), report_id, expected_version, actor)
        merged = {f: getattr(report, f) for f in data} | data
        merged.setdefault("police_station", report.police_station)
        for field in ("missing_since", "fir_date", "date_of_birth", "age_years"):
            merged.setdefault(field, getattr(report, field))
        rules.check_missing_report(merged)
        if "fir_number" in data and data["fir_number"].upper() != report.fir_number.upper():
            _refuse_duplicate_fir(report.police_station, data["fir_number"], exclude=report.pk)
        return _apply_changes(report, data, actor)


def update_found_child(*, actor: User, child_id: int, expected_version: int, data: dict) -> FoundChild:
    with transaction.atomic():
        child = _lock_for_change(found_children_visible_to(actor), child_id, expected_version, actor)
        merged = {
            f.name: getattr(child, f.name) for f in FoundChild._meta.concrete_fields if not f.is_relation
        }
        merged |= {f: getattr(child, f) for f in ("cci", "cwc", "home_district", "home_state")} | data
        rules.check_found_child(merged)
        return _apply_changes(child, data, actor)


def add_photo(*, actor: User, record, expected_version: int, upload: PhotoUpload) -> Photo:
    _, photo, face = _clean_upload(upload)
    queryset = (
        missing_reports_visible_to(actor)
        if isinstance(record, MissingReport)
        else found_children_visible_to(actor)
    )
    with transaction.atomic():
        locked = _lock_for_change(queryset, record.pk, expected_version, actor)
        stored = _store_photo(locked, photo, upload.taken_on, actor, face)
        _bump(locked)
        record_event("photo", locked, actor=actor, photo=stored.pk)
    return stored


class PhotoAlreadyWithdrawn(Exception):
    """The photo was withdrawn before: by someone else, or by this same request sent twice."""

    def __init__(self, photo: Photo):
        self.photo = photo
        super().__init__(_("This photo was already withdrawn."))


def withdraw_photo(*, actor: User, photo: Photo, reason: str) -> Photo:
    """Take a wrong photo (another child's, a parent's, an unsuitable image) off its record.

    Authorised as an edit of the record. Nothing is deleted: the file stays, with who withdrew it, when and
    why, while pages, the API, exports and candidate pages leave it out. The record's face in matching
    becomes its next usable photo's, or none, and the record is matched again once this commits.
    """
    queryset = (
        missing_reports_visible_to(actor) if photo.missing_report_id else found_children_visible_to(actor)
    )
    with transaction.atomic():
        record = _lock_record(queryset, photo.missing_report_id or photo.found_child_id, actor)
        # Locked, so that two officers withdrawing at once make one withdrawal and one clear refusal.
        current = Photo.objects.select_for_update().get(pk=photo.pk)
        if current.is_withdrawn:
            raise PhotoAlreadyWithdrawn(current)
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": [_("Give the reason for withdrawing this photo.")]})
        if len(reason) > WITHDRAWAL_REASON_MAX_LENGTH:
            raise ValidationError(
                {
                    "reason": [
                        _("Keep the reason under %(max)d characters.") % {"max": WITHDRAWAL_REASON_MAX_LENGTH}
                    ]
                }
            )
        current.is_withdrawn, current.withdrawn_at = True, timezone.now()
        current.withdrawn_by, current.withdrawal_reason = actor, reason
        current.save(update_fields=["is_withdrawn", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        photo_withdrawn(current)
        _bump(record)
        # The reason stays on the photo, not in the audit summary: free text may name the child.
        record_event("withdraw_photo", record, actor=actor, photo=current.pk)
        _match_after_commit(record)
    setattr(current, "missing_report" if current.missing_report_id else "found_child", record)
    return current


def set_status(
    *,
    actor: User,
    record,
    to_status: str,
    expected_version: int,
    effective_on: date | None = None,
    order_number: str = "",
    reason: str = "",
    scope=None,
):
    """Move a record along its pipeline; anything not in the transition table is refused.

    `scope` replaces the actor's jurisdiction when a caller has authorised the change another way: matching
    moves both records of a confirmed candidate, one of which may lie in another state."""
    queryset = (
        missing_reports_visible_to(actor)
        if isinstance(record, MissingReport)
        else found_children_visible_to(actor)
    )
    if scope is not None:
        queryset = scope
    with transaction.atomic():
        locked = _lock_for_change(queryset, record.pk, expected_version, actor)
        if to_status not in transitions_for(locked).get(locked.status, set()):
            raise TransitionNotAllowed(locked.status, to_status)
        effective_on = effective_on or timezone.localdate()
        errors = {}
        if effective_on > timezone.localdate():
            errors["effective_on"] = [_("The date cannot be in the future.")]
        if to_status in NEEDS_ORDER and not order_number.strip():
            errors["order_number"] = [_("Give the number of the order behind this change.")]
        if to_status in NEEDS_REASON and not reason.strip():
            errors["reason"] = [_("Give the reason for this change.")]
        if errors:
            raise ValidationError(errors)
        from_status = locked.status
        locked.status = to_status
        _bump(locked, extra_fields=["status"])
        _history(
            locked,
            from_status,
            to_status,
            actor=actor,
            effective_on=effective_on,
            order_number=order_number.strip(),
            reason=reason.strip(),
        )
        record_event("status", locked, actor=actor, from_status=from_status, to_status=to_status)
        _match_after_commit(locked)
    return locked


def _refuse_duplicate_fir(police_station, fir_number: str, exclude: int | None = None) -> None:
    clash = MissingReport.objects.filter(police_station=police_station, fir_number__iexact=fir_number.strip())
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"fir_number": [_("This police station already has a report with this FIR number.")]}
        )


def _save_new(record) -> None:
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        if isinstance(record, MissingReport):
            raise ValidationError(
                {"fir_number": [_("This police station already has a report with this FIR number.")]}
            ) from error
        raise ValidationError(
            {"admission_number": [_("This CCI already has a child with this admission number.")]}
        ) from error


def _lock_for_change(queryset, pk: int, expected_version: int, actor: User):
    record = _lock_record(queryset, pk, actor)
    if record.version != expected_version:
        raise StaleRecord(record)
    return record


def _lock_record(queryset, pk: int, actor: User):
    """The record, locked for a change the actor may make: a role that may edit, within the jurisdiction."""
    if actor.role in READ_ONLY_ROLES or actor.level == "":
        raise PermissionDenied(_("Your role can read records but not change them."))
    try:
        return queryset.select_for_update(of=("self",)).get(pk=pk)
    except queryset.model.DoesNotExist:
        raise PermissionDenied(_("This record is not in your jurisdiction.")) from None


def _apply_changes(record, data: dict, actor: User):
    changed = [field for field, value in data.items() if getattr(record, field) != value]
    if not changed:
        return record
    for field in changed:
        setattr(record, field, data[field])
    _bump(record, extra_fields=changed)
    record_event("update", record, actor=actor, fields=changed)
    _match_after_commit(record)
    return record


def _match_after_commit(record, pks=None) -> None:
    """Queue the record(s) for matching once the transaction commits (trackchild.matching.pipeline)."""
    from trackchild.matching.pipeline import record_changed  # matching reads cases: imported late

    side = "missing" if record is MissingReport or isinstance(record, MissingReport) else "found"
    record_changed(side, [record.pk] if pks is None else pks)


def _bump(record, extra_fields: Iterable[str] = ()) -> None:
    record.version += 1
    record.save(update_fields=["version", "updated_at", *extra_fields])


def _history(record, from_status, to_status, *, actor, effective_on, order_number="", reason="") -> None:
    owner = {"missing_report": record} if isinstance(record, MissingReport) else {"found_child": record}
    StatusChange.objects.create(
        **owner,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        order_number=order_number,
        reason=reason,
        changed_by=actor,
    )


def _clean_upload(upload: PhotoUpload):
    if upload.taken_on and upload.taken_on > timezone.localdate():
        raise ValidationError({"photos": [_("A photo cannot be taken in the future.")]})
    try:
        photo = clean_photo(upload.content)
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from None
    # The face check runs before the transaction, like the photo's own: it takes tens of milliseconds.
    return upload, photo, check_upload(photo.content)


def _store_photo(record, photo, taken_on, actor, face=None) -> Photo:
    owner = {"missing_report": record} if isinstance(record, MissingReport) else {"found_child": record}
    stored = Photo(
        **owner,
        sha256=photo.sha256,
        format=photo.extension,
        width=photo.width,
        height=photo.height,
        taken_on=taken_on,
        uploaded_by=actor,
    )
    stored.image.save(f"{photo.sha256}.{photo.extension}", ContentFile(photo.content), save=False)
    stored.thumbnail.save(f"{photo.sha256}.jpg", ContentFile(photo.thumbnail), save=False)
    stored.save()
    # The face row: what the check found (kept and shown either way), queued for its embedding if usable.
    photo_stored(stored, face)
    return stored


# Bulk upserts (spreadsheet imports and API batches) live in bulk.py.
