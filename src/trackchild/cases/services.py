"""Every write to the two registers. Each function is atomic, takes the acting user, and audits itself."""

import functools
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
from trackchild.faces.services import photo_stored
from trackchild.registry.models import Institution

from . import rules
from .models import FoundChild, MissingReport, Photo, StatusChange
from .photos import clean_photo
from .selectors import found_children_visible_to, missing_reports_visible_to
from .statuses import NEEDS_ORDER, NEEDS_REASON, TransitionNotAllowed, transitions_for

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
    if actor.role in READ_ONLY_ROLES or actor.level == "":
        raise PermissionDenied(_("Your role can read records but not change them."))
    try:
        record = queryset.select_for_update(of=("self",)).get(pk=pk)
    except queryset.model.DoesNotExist:
        raise PermissionDenied(_("This record is not in your jurisdiction.")) from None
    if record.version != expected_version:
        raise StaleRecord(record)
    return record


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


# --- Bulk upserts: spreadsheet imports and API batches -----------------------------------------------------
#
# A file of 100,000 rows cannot go through the one-record services at a few milliseconds a row, so these
# functions apply the SAME rules (cases.rules, the same permissions, set_status for closing) to many records at
# once and write the records, their first status rows and their audit rows with bulk inserts. Each row is keyed
# by its external key (FIR number at a police station, admission number at a CCI): an existing record is
# updated, never duplicated, and a row that changes nothing writes nothing.


@dataclass
class Upsert:
    """One row: the record's fields as the services take them, and, to close or withdraw it, a reason."""

    data: dict
    withdraw_reason: str = ""
    # Set by an import's save for a row its preview found new and valid, with nothing the rules read changed
    # since (same file, same districts and institutions): if it is still new, the rules are not run twice. They
    # only get looser with time ("not in the future"). A record that exists by now is always checked in full.
    previewed_new: bool = False


@dataclass(frozen=True)
class UpsertResult:
    """A row's outcome: created, updated, unchanged, withdrawn or invalid. A created record is told by its id and
    version (no model instance is built for it); the others carry the record."""

    outcome: str
    record: MissingReport | FoundChild | None = None
    errors: dict | None = None
    created_id: int | None = None

    @property
    def record_id(self) -> int | None:
        return self.created_id if self.record is None else self.record.pk

    @property
    def version(self) -> int | None:
        return 1 if self.created_id else (self.record.version if self.record is not None else None)


class BulkRefused(Exception):
    """An all-or-nothing upsert met an invalid row: nothing was written. `results` says which rows."""

    def __init__(self, results: list[UpsertResult]):
        self.results = results
        super().__init__("Some rows are invalid; nothing was saved.")


def upsert_missing_reports(
    *,
    actor: User,
    items: list[Upsert],
    all_or_nothing: bool = False,
    audit: dict | None = None,
    dry_run: bool = False,
    queue_matching: bool = False,
) -> list[UpsertResult]:
    """File or update missing reports at the actor's police station, keyed by FIR number (any case)."""
    if actor.role != Role.POLICE_OFFICER:
        raise PermissionDenied(_("Only a police station can file a missing report."))
    station = actor.institution
    keys = [str(item.data.get("fir_number", "")).strip().upper() for item in items]
    with transaction.atomic():
        existing = _existing_missing_reports(station, set(keys))
        return _upsert(
            actor,
            items,
            keys,
            existing,
            all_or_nothing,
            audit or {},
            model=MissingReport,
            new={"police_station": station, "status": MissingReport.Status.REPORTED, "created_by": actor},
            check=rules.check_missing_report,
            fixed={"police_station": station},
            closed=MissingReport.Status.CLOSED,
            first_date="fir_date",
            dry_run=dry_run,
            queue_matching=queue_matching,
        )


def upsert_found_children(
    *,
    actor: User,
    items: list[Upsert],
    all_or_nothing: bool = False,
    audit: dict | None = None,
    dry_run: bool = False,
    queue_matching: bool = False,
) -> list[UpsertResult]:
    """Register or update found children recorded by the actor's institution, keyed by (CCI, admission number).
    Each item's data names its `cci` (a CCI's staff get their own CCI when it does not)."""
    if actor.role not in FOUND_CHILD_RECORDERS:
        raise PermissionDenied(_("Only a CWC, JJB, CCI or police station can register a found child."))
    for item in items:
        if actor.role == Role.CCI_STAFF and not item.data.get("cci"):
            item.data["cci"] = actor.institution
        if actor.role == Role.CWC_MEMBER and not item.data.get("cwc") and not item.withdraw_reason:
            item.data["cwc"] = actor.institution
    keys = [_found_key(item.data) for item in items]
    with transaction.atomic():
        wanted = {key for key in keys if key[0]}
        existing: dict = {}
        for cci_id in {cci for cci, _number in wanted}:
            numbers = [number for cci, number in wanted if cci == cci_id]
            found = FoundChild.objects.select_for_update(of=("self",)).select_related(
                *RULE_RELATIONS[FoundChild]
            )
            for child in found.filter(cci_id=cci_id, admission_number__in=numbers):
                existing[(cci_id, child.admission_number)] = child
        visible = set(
            found_children_visible_to(actor)
            .filter(pk__in=[c.pk for c in existing.values()])
            .values_list("pk", flat=True)
        )
        return _upsert(
            actor,
            items,
            keys,
            existing,
            all_or_nothing,
            audit or {},
            model=FoundChild,
            new={"recorded_by": actor.institution, "status": FoundChild.Status.IN_CARE, "created_by": actor},
            check=rules.check_found_child,
            fixed={"recorded_by": actor.institution},
            closed=FoundChild.Status.WITHDRAWN,
            first_date="found_on",
            visible=visible,
            dry_run=dry_run,
            queue_matching=queue_matching,
        )


def _found_key(data: dict) -> tuple:
    cci = data.get("cci")
    number = str(data.get("admission_number") or "").strip()
    return (cci.pk if cci is not None and number else None, number)


# The related rows the rules read (a district's state, a CCI's kind), fetched with the existing records.
RULE_RELATIONS = {
    MissingReport: ("home_district", "home_state"),
    FoundChild: ("home_district", "home_state", "cci", "cwc"),
}


def _existing_missing_reports(station, upper_keys: set[str]) -> dict:
    """The station's reports with these FIR numbers, whatever their case (the unique index is on UPPER)."""
    from django.db.models.functions import Upper

    if not upper_keys:
        return {}
    rows = (
        MissingReport.objects.select_for_update(of=("self",))
        .select_related(*RULE_RELATIONS[MissingReport])
        .annotate(key=Upper("fir_number"))
        .filter(police_station=station, key__in=list(upper_keys))
    )
    return {report.fir_number.upper(): report for report in rows}


def _differs(record, field: str, value) -> bool:
    model_field = record._meta.get_field(field)
    if model_field.is_relation:
        return getattr(record, model_field.attname) != (value.pk if value is not None else None)
    return getattr(record, field) != value


def _upsert(
    actor,
    items,
    keys,
    existing,
    all_or_nothing,
    audit,
    *,
    model,
    new,
    check,
    fixed,
    closed,
    first_date,
    visible=None,
    dry_run=False,
    queue_matching=False,
) -> list[UpsertResult]:
    """With `dry_run`, every rule is applied and each row's outcome told, but nothing is written (a preview).
    With `queue_matching` (spreadsheet imports), the written records are queued for the match worker in this
    transaction instead of being matched inline after it: an import's speed must not depend on the engine's."""
    from trackchild.audit.models import AuditEvent
    from trackchild.audit.origin import current_origin

    results: list[UpsertResult | None] = [None] * len(items)
    to_create, to_update, seen = [], [], set()
    changed_fields: set[str] = set()
    for index, (item, key) in enumerate(zip(items, keys, strict=True)):
        record = existing.get(key)
        if key in seen:
            results[index] = _invalid({"__all__": [_("This record appears twice in the same upload.")]})
            continue
        seen.add(key)
        if record is not None and visible is not None and record.pk not in visible:
            results[index] = _invalid(
                {
                    "admission_number": [
                        _(
                            "This CCI already has a child with this admission number, recorded by another institution."
                        )
                    ]
                }
            )
            continue
        if item.withdraw_reason:
            results[index] = _withdraw(actor, record, item.withdraw_reason, closed, dry_run)
            continue
        data = {**item.data, **fixed}
        if record is None:
            try:
                if not item.previewed_new:
                    check(data)
            except ValidationError as error:
                results[index] = _invalid(error.message_dict)
                continue
            to_create.append((index, None if dry_run else _new_row(model, {**item.data, **new})))
            continue
        merged = {f.name: getattr(record, f.name) for f in record._meta.concrete_fields if not f.is_relation}
        merged |= {name: getattr(record, name) for name in RULE_RELATIONS[model]} | data
        try:
            check(merged)
        except ValidationError as error:
            results[index] = _invalid(error.message_dict)
            continue
        changed = [field for field, value in item.data.items() if _differs(record, field, value)]
        if not changed:
            results[index] = UpsertResult("unchanged", record)
            continue
        if not may_change_records(actor):
            raise PermissionDenied(_("Your role can read records but not change them."))
        if dry_run:
            results[index] = UpsertResult("updated", record)
            continue
        for field in changed:
            setattr(record, field, item.data[field])
        record.version += 1
        changed_fields.update(changed)
        to_update.append((index, record, changed))
    if all_or_nothing and any(result is not None and result.outcome == "invalid" for result in results):
        transaction.set_rollback(True)
        raise BulkRefused([result or UpsertResult("created") for result in results])
    if dry_run:
        return [result or UpsertResult("created") for result in results]
    created_rows = [row for _index, row in to_create]
    created_ids = _insert_rows(model, created_rows)
    now = timezone.now()
    if to_update:
        for _index, record, _changed in to_update:
            record.updated_at = now
        model.objects.bulk_update(
            [r for _i, r, _c in to_update], [*changed_fields, "version", "updated_at"], batch_size=500
        )
    owner = "missing_report" if model is MissingReport else "found_child"
    _insert_rows(
        StatusChange,
        [
            {
                f"{owner}_id": pk,
                "from_status": "",
                "to_status": row["status"],
                "effective_on": row[first_date],
                "order_number": "",
                "reason": "",
                "changed_by_id": actor.pk,
            }
            for pk, row in zip(created_ids, created_rows, strict=True)
        ],
    )
    origin = current_origin()
    label = model._meta.label_lower
    actor_or_none = actor if getattr(actor, "pk", None) else None

    def event(action, pk, fields):
        return {
            "actor_id": actor_or_none.pk if actor_or_none else None,
            "action": action,
            "object_type": label,
            "object_id": str(pk),
            "origin": origin.address or origin.channel,
            "channel": origin.channel,
            "summary": {**audit, "fields": sorted(fields)},
        }

    _insert_rows(
        AuditEvent,
        [
            *(
                event("create", pk, _given_fields(row))
                for pk, row in zip(created_ids, created_rows, strict=True)
            ),
            *(event("update", record.pk, changed) for _index, record, changed in to_update),
        ],
    )
    for (index, _row), pk in zip(to_create, created_ids, strict=True):
        results[index] = UpsertResult("created", created_id=pk)
    written = [*created_ids, *(record.pk for _i, record, _c in to_update)]
    if queue_matching:
        _queue_matching(model, written)
    else:
        _match_after_commit(model, pks=written)
    for index, record, _changed in to_update:
        results[index] = UpsertResult("updated", record)
    return results  # type: ignore[return-value]


def _queue_matching(model, pks: list[int]) -> None:
    """One match job per record, written with the records (one multi-row insert, or COPY); on PostgreSQL a
    NOTIFY, delivered at commit, wakes a waiting `match_worker`. Nothing is matched here."""
    from django.db import connection

    from trackchild.matching.models import MatchJob
    from trackchild.matching.pipeline import CHANNEL

    if not pks:
        return
    side = "missing" if model is MissingReport else "found"
    _insert_rows(MatchJob, [{"side": side, "record_id": pk} for pk in pks])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")


def _new_row(model, data: dict) -> dict:
    """A new record as {attname: value}, for `_insert_rows`: related rows become their ids."""
    row = {}
    for name, value in data.items():
        attname, is_relation = _attnames(model, name)
        row[attname] = value.pk if is_relation and value is not None else value
    row["_fields"] = [name for name, value in data.items() if value is not None and value != ""]
    return row


@functools.cache
def _attnames(model, name: str) -> tuple[str, bool]:
    field = model._meta.get_field(name)  # looked up once per field, not once per row and field
    return field.attname, field.is_relation


def _given_fields(row: dict) -> list[str]:
    return [name for name in row["_fields"] if name not in {"status", "created_by"}]


def _insert_rows(model, rows: list[dict]) -> list[int]:
    """Multi-row INSERT … RETURNING id of rows given as {attname: value}; a field left out takes its default,
    an auto_now field the current time. Django's bulk_create spends most of a large import building model
    instances and preparing values field by field (measured with bench/bench_import.py): this writes the same
    rows with one value adapter chosen per column."""
    from django.db import connection, models

    if not rows:
        return []
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    ops = connection.ops
    now = timezone.now()
    columns = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            columns.append((field.attname, True, ops.adapt_datetimefield_value(now), None))
            continue
        if isinstance(field, models.DateTimeField):
            adapt = ops.adapt_datetimefield_value
        elif isinstance(field, models.DateField):
            adapt = ops.adapt_datefield_value
        elif isinstance(field, models.JSONField):
            adapt = lambda value, field=field: field.get_db_prep_save(value, connection)
        else:
            adapt = None
        columns.append(
            (field.attname, False, field.get_default() if field.has_default() or field.null else "", adapt)
        )
    if connection.vendor == "postgresql":
        return _copy_rows(connection, model, fields, columns, rows)
    quote = ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    per_statement = max(1, min(500, (connection.features.max_query_params or 65535) // len(fields)))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "
                f"{', '.join([placeholders] * len(batch))} RETURNING {quote(model._meta.pk.column)}",
                [value for row in batch for value in _values(row, columns)],
            )
            ids += [pk for (pk,) in cursor.fetchall()]
    return ids


def _values(row: dict, columns) -> list:
    get = row.get
    values: list = []
    append = values.append  # called for every cell of an import: kept to the fewest operations
    for attname, automatic, default, adapt in columns:
        if automatic:
            append(default)
            continue
        value = get(attname, default)
        append(value if adapt is None or value is None else adapt(value))
    return values


def _copy_rows(connection, model, fields, columns, rows: list[dict]) -> list[int]:
    """PostgreSQL: ids taken from the table's sequence, then the rows sent with COPY. Multi-row INSERTs with
    client-side binding spent most of their time building and parsing giant statements (measured)."""
    quote = connection.ops.quote_name
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(rows)],
        )
        ids = [value for (value,) in cursor.fetchall()]
        names = ", ".join([quote(pk), *(quote(field.column) for field in fields)])
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for pk_value, row in zip(ids, rows, strict=True):
                copy.write_row([pk_value, *_values(row, columns)])
    return ids


def _withdraw(actor, record, reason: str, closed: str, dry_run: bool = False) -> UpsertResult:
    if record is None:
        return _invalid({"withdraw_reason": [_("There is no record with this number to close.")]})
    if record.status == closed:
        return UpsertResult("unchanged", record)
    if dry_run:
        if closed not in transitions_for(record).get(record.status, set()):
            return _invalid({"withdraw_reason": [str(TransitionNotAllowed(record.status, closed))]})
        return UpsertResult("withdrawn", record)
    try:
        changed = set_status(
            actor=actor, record=record, to_status=closed, expected_version=record.version, reason=reason
        )
    except TransitionNotAllowed as refused:
        return _invalid({"withdraw_reason": [str(refused)]})
    except ValidationError as error:
        return _invalid(error.message_dict)
    return UpsertResult("withdrawn", changed)


def _invalid(errors: dict) -> UpsertResult:
    return UpsertResult(
        "invalid", None, {field: [str(m) for m in messages] for field, messages in errors.items()}
    )
