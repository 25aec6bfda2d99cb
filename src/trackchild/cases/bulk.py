"""Bulk upserts: spreadsheet imports and API batches.

A file of 100,000 rows cannot go through the one-record services at a few milliseconds a row, so these
functions apply the SAME rules (cases.rules, the same permissions, set_status for closing) to many records at
once and write the records, their first status rows and their audit rows with bulk inserts (bulk_insert.py).
Each row is keyed by its external key (FIR number at a police station, admission number at a CCI): an existing
record is updated, never duplicated, and a row that changes nothing writes nothing.
"""

import json
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import Role, User

from . import rules
from .bulk_insert import JsonText, describe, insert_rows, insert_values, row_values
from .models import FoundChild, MissingReport, StatusChange
from .selectors import found_children_visible_to
from .services import FOUND_CHILD_RECORDERS, _match_after_commit, may_change_records, set_status
from .statuses import TransitionNotAllowed, transitions_for


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


@dataclass
class NewRecords:
    """New records of one batch, built before their transaction: the records' values as bulk_insert takes them,
    each one's first status date and its audit summary. `prepare_new_records` makes them without touching the
    database, so an import prepares its next chunk while the database writes the current one."""

    values: list[tuple]
    effective: list
    summaries: list


def upsert_missing_reports(
    *,
    actor: User,
    items: list[Upsert],
    all_or_nothing: bool = False,
    audit: dict | None = None,
    dry_run: bool = False,
    queue_matching: bool = False,
    prepared: NewRecords | None = None,
) -> list[UpsertResult]:
    """File or update missing reports at the actor's police station, keyed by FIR number (any case).
    `prepared`: the items as new records, built ahead by `prepare_new_records`; used if all are new."""
    if actor.role != Role.POLICE_OFFICER:
        raise PermissionDenied(_("Only a police station can file a missing report."))
    station = actor.institution
    keys = [str(item.data.get("fir_number", "")).strip().upper() for item in items]
    with transaction.atomic(savepoint=False):  # a caller's transaction is enough: no savepoint round trips
        existing = _existing_missing_reports(station, set(keys))
        return _upsert(
            actor,
            items,
            keys,
            existing,
            all_or_nothing,
            audit or {},
            model=MissingReport,
            new=creation(actor, MissingReport)[0],
            check=rules.check_missing_report,
            fixed={"police_station": station},
            closed=MissingReport.Status.CLOSED,
            first_date="fir_date",
            dry_run=dry_run,
            queue_matching=queue_matching,
            prepared=prepared,
        )


def upsert_found_children(
    *,
    actor: User,
    items: list[Upsert],
    all_or_nothing: bool = False,
    audit: dict | None = None,
    dry_run: bool = False,
    queue_matching: bool = False,
    prepared: NewRecords | None = None,
) -> list[UpsertResult]:
    """Register or update found children recorded by the actor's institution, keyed by (CCI, admission number).
    Each item's data names its `cci` (a CCI's staff get their own CCI when it does not)."""
    if actor.role not in FOUND_CHILD_RECORDERS:
        raise PermissionDenied(_("Only a CWC, JJB, CCI or police station can register a found child."))
    with_own_institution(actor, items)
    keys = [_found_key(item.data) for item in items]
    with transaction.atomic(savepoint=False):
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
            new=creation(actor, FoundChild)[0],
            check=rules.check_found_child,
            fixed={"recorded_by": actor.institution},
            closed=FoundChild.Status.WITHDRAWN,
            first_date="found_on",
            visible=visible,
            dry_run=dry_run,
            queue_matching=queue_matching,
            prepared=prepared,
        )


def with_own_institution(actor: User, items: list[Upsert]) -> None:
    """A CCI's staff record children in their own CCI, a CWC's members under their own CWC, unless told."""
    for item in items:
        if actor.role == Role.CCI_STAFF and not item.data.get("cci"):
            item.data["cci"] = actor.institution
        if actor.role == Role.CWC_MEMBER and not item.data.get("cwc") and not item.withdraw_reason:
            item.data["cwc"] = actor.institution


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
    """The station's reports with these FIR numbers, whatever their case (the unique index is on UPPER), locked.

    Their ids are looked up first with the keys as one array (on PostgreSQL): a file's chunk is mostly new
    records, and an ORM `IN` of a thousand values cost more to build and send than the look-up itself."""
    if not upper_keys:
        return {}
    ids = _ids_with_keys(
        MissingReport, "UPPER(fir_number)", "police_station_id", station.pk, sorted(upper_keys)
    )
    if not ids:
        return {}
    rows = (
        MissingReport.objects.select_for_update(of=("self",))
        .select_related(*RULE_RELATIONS[MissingReport])
        .filter(pk__in=ids)
    )
    return {report.fir_number.upper(): report for report in rows}


def _ids_with_keys(model, key_sql: str, owner_column: str, owner_id: int, keys: list[str]) -> list[int]:
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {table} WHERE {owner_column} = %s AND {key_sql} = ANY(%s)", [owner_id, keys]
            )
            return [pk for (pk,) in cursor.fetchall()]
        ids = []
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            cursor.execute(
                f"SELECT id FROM {table} WHERE {owner_column} = %s AND {key_sql} IN ({', '.join(['%s'] * len(part))})",
                [owner_id, *part],
            )
            ids += [pk for (pk,) in cursor.fetchall()]
        return ids


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
    prepared: NewRecords | None = None,
) -> list[UpsertResult]:
    """With `dry_run`, every rule is applied and each row's outcome told, but nothing is written (a preview).
    With `queue_matching` (spreadsheet imports), the written records are queued for the match worker in this
    transaction instead of being matched inline after it: an import's speed must not depend on the engine's."""
    results: list[UpsertResult | None] = [None] * len(items)
    to_create, to_update, seen = [], [], set()
    changed_fields: set[str] = set()
    at = rules.clock()
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
        if record is None:
            if not item.previewed_new:
                try:
                    check({**item.data, **fixed}, at)
                except ValidationError as error:
                    results[index] = _invalid(error.message_dict)
                    continue
            to_create.append((index, item.data))
            continue
        merged = {f.name: getattr(record, f.name) for f in record._meta.concrete_fields if not f.is_relation}
        merged |= {name: getattr(record, name) for name in RULE_RELATIONS[model]} | item.data | fixed
        try:
            check(merged, at)
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
    if prepared is None or len(prepared.values) != len(to_create) or len(to_create) != len(items):
        # Built now, unless every item is new and the caller built them ahead (the same function, same data).
        prepared = prepare_new_records(
            model, describe(model), [data for _index, data in to_create], new, first_date, audit
        )
    created_ids = _write_new(model, actor, prepared, new["status"])
    if to_update:
        now = timezone.now()
        for _index, record, _changed in to_update:
            record.updated_at = now
        model.objects.bulk_update(
            [r for _i, r, _c in to_update], [*changed_fields, "version", "updated_at"], batch_size=500
        )
        insert_rows(
            _audit_model(),
            [_event(actor, "update", model, record.pk, changed, audit) for _i, record, changed in to_update],
        )
    for (index, _data), pk in zip(to_create, created_ids, strict=True):
        results[index] = UpsertResult("created", created_id=pk)
    written = [*created_ids, *(record.pk for _i, record, _c in to_update)]
    if queue_matching:
        _queue_matching(model, written)
    else:
        _match_after_commit(model, pks=written)
    for index, record, _changed in to_update:
        results[index] = UpsertResult("updated", record)
    return results  # type: ignore[return-value]


def creation(actor, model) -> tuple[dict, str]:
    """What the service sets on a new record (its owner, first status, creator), and its first status date."""
    if model is MissingReport:
        new = {
            "police_station": actor.institution,
            "status": MissingReport.Status.REPORTED,
            "created_by": actor,
        }
        return new, "fir_date"
    return {
        "recorded_by": actor.institution,
        "status": FoundChild.Status.IN_CARE,
        "created_by": actor,
    }, "found_on"


def prepare_new_records(
    model, table, rows: list[dict], new: dict, first_date: str, audit: dict
) -> NewRecords:
    """`rows` (the services' data) as new records, built ahead (no database; `table` is bulk_insert.describe's)."""
    names = _names(model)
    fixed = {names[name][0]: (value.pk if names[name][1] else value) for name, value in new.items()}
    # The audit row names the fields given (never their values), the record's owner among them as the
    # one-record services name it; most rows of a file give the same fields, so each list is encoded once.
    owner_fields = [name for name, value in new.items() if value is not None and name not in NOT_GIVEN]
    records, summaries, encoded = [], [], {}
    for data in rows:
        row = {}
        for name, value in data.items():
            attname, is_relation = names[name]
            row[attname] = value.pk if is_relation and value is not None else value
        row.update(fixed)
        records.append(row)
        fields = tuple(name for name, value in data.items() if value is not None and value != "")
        summary = encoded.get(fields)
        if summary is None:
            given = sorted({*fields, *owner_fields} - NOT_GIVEN)
            summary = encoded[fields] = JsonText(json.dumps({**audit, "fields": given}))
        summaries.append(summary)
    return NewRecords(
        values=row_values(table, records),
        effective=[data.get(first_date) for data in rows],
        summaries=summaries,
    )


def _write_new(model, actor, new_records: NewRecords, status: str) -> list[int]:
    """The new records, each with its first status row and its "create" audit row, in three bulk inserts."""
    if not new_records.values:
        return []
    ids = insert_values(model, new_records.values)
    owner = "missing_report_id" if model is MissingReport else "found_child_id"
    insert_rows(
        StatusChange,
        [
            {
                owner: pk,
                "from_status": "",
                "to_status": status,
                "effective_on": day,
                "changed_by_id": actor.pk,
            }
            for pk, day in zip(ids, new_records.effective, strict=True)
        ],
    )
    insert_rows(
        _audit_model(),
        [
            _event(actor, "create", model, pk, (), {}, summary=summary)
            for pk, summary in zip(ids, new_records.summaries, strict=True)
        ],
    )
    return ids


NOT_GIVEN = {"status", "created_by"}  # set by the service, not given by the uploader
_NAMES: dict = {}


def _names(model) -> dict[str, tuple[str, bool]]:
    """Each field's name -> (attname, is_relation), looked up once per model rather than per row and field."""
    if model not in _NAMES:
        _NAMES[model] = {
            field.name: (field.attname, field.is_relation) for field in model._meta.concrete_fields
        }
    return _NAMES[model]


def _audit_model():
    from trackchild.audit.models import AuditEvent

    return AuditEvent


def _event(actor, action: str, model, pk, fields, audit: dict, summary=None) -> dict:
    """An audit row as record_event writes it (who, from where, which fields), for a bulk insert."""
    from trackchild.audit.origin import current_origin

    origin = current_origin()
    return {
        "actor_id": actor.pk if getattr(actor, "pk", None) else None,
        "action": action,
        "object_type": model._meta.label_lower,
        "object_id": str(pk),
        "origin": origin.address or origin.channel,
        "channel": origin.channel,
        "summary": summary
        if summary is not None
        else JsonText(json.dumps({**audit, "fields": sorted(fields)})),
    }


def _queue_matching(model, pks: list[int]) -> None:
    """One match job per record, written with the records (one multi-row insert, or COPY); on PostgreSQL a
    NOTIFY, delivered at commit, wakes a waiting `match_worker`. Nothing is matched here."""
    from django.db import connection

    from trackchild.matching.models import MatchJob
    from trackchild.matching.pipeline import CHANNEL

    if not pks:
        return
    side = "missing" if model is MissingReport else "found"
    insert_rows(MatchJob, [{"side": side, "record_id": pk} for pk in pks])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")


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
