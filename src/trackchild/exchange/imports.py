"""Spreadsheet imports: upload, check (the preview), and save in chunks.

Every write goes through cases.services' bulk upserts, which apply the registers' rules and write the audit
rows as the uploader's. Rows are keyed by their external key, so saving a file twice, or resuming a killed
save, never duplicates a child: `ImportJob.rows_done` is written in the same transaction as each chunk.
"""

import logging
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import Role, User
from trackchild.audit.origin import Origin, acting_from, current_origin
from trackchild.audit.services import record_event
from trackchild.cases import bulk, services
from trackchild.cases.bulk_insert import describe
from trackchild.cases.models import FoundChild, MissingReport

from .checked_rows import CheckedRowsWriter, discard_checked_rows, read_checked_rows, upload_digest
from .models import ImportJob, ImportProblem, Register
from .rows import ParsedRow, RowReader, read_header
from .signals import records_imported
from .tabular import FileRefused, max_bytes, open_table, sniff_format

logger = logging.getLogger(__name__)
CHUNK_ROWS = 4000
MAX_STORED_PROBLEMS = 10_000
# Files up to this size are checked (and, once asked, saved) during the request; larger ones by the worker.
INLINE_BYTES = 512 * 1024
STALE_AFTER = timedelta(minutes=2)
PROGRESS_SECONDS = 0.5  # the check records how far it got at most this often
S = ImportJob.Status


def may_import(user: User, register: str) -> bool:
    if register == Register.MISSING_REPORTS:
        return user.role == Role.POLICE_OFFICER
    return user.role in services.FOUND_CHILD_RECORDERS


def start_import(*, actor: User, register: str, upload: UploadedFile, mode: str) -> ImportJob:
    """Store the uploaded file and create its job; small files are checked at once."""
    if not may_import(actor, register):
        raise PermissionDenied(_("Your role cannot add records to this register."))
    name = Path(upload.name or "upload").name[:200]
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Split it into smaller files.")
            % {"mb": settings.IMPORT_MAX_MB}
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."))
    extension = "xlsx" if name.lower().endswith((".xlsx", ".xlsm")) else "csv"
    with transaction.atomic():
        job = ImportJob(
            uploaded_by=actor,
            uploaded_from=current_origin().address,
            register=register,
            original_name=name,
            file_format=extension,
            size_bytes=upload.size,
            mode=mode,
        )
        job.file.save(f"{uuid.uuid4().hex}.{extension}", upload, save=False)  # streamed to disk in chunks
        job.save()
        record_event("create", job, actor=actor, register=register, bytes=upload.size, format=extension)
    if job.size_bytes <= INLINE_BYTES:
        check_job(job)
    return job


def check_job(job: ImportJob) -> ImportJob:
    """Read every row and store its problems: the preview. Nothing is written to the registers."""
    _set(job, status=S.CHECKING, rows_checked=0, heartbeat=timezone.now())
    ImportProblem.objects.filter(job=job).delete()
    counts = {
        "total_rows": 0,
        "invalid_rows": 0,
        "problem_count": 0,
        "new_rows": 0,
        "existing_rows": 0,
        "same_rows": 0,
        "withdraw_rows": 0,
    }
    outcome_count = {
        "created": "new_rows",
        "updated": "existing_rows",
        "unchanged": "same_rows",
        "withdrawn": "withdraw_rows",
    }
    upsert = _upsert_for(job)
    # The rows as read are kept for the save, tied to this upload's hash: saving need not parse them again.
    kept = CheckedRowsWriter(job, upload_digest(job))
    next_progress = time.monotonic() + PROGRESS_SECONDS
    try:
        for chunk in _chunks(job):
            readable = [row for row in chunk if not row.problems]
            # The services' own rules, as a dry run: the preview shows exactly what saving would refuse.
            items = [
                bulk.Upsert(data=dict(row.data), withdraw_reason=row.withdraw_reason) for row in readable
            ]
            results = upsert(actor=job.uploaded_by, items=items, dry_run=True) if items else []
            for row, result in zip(readable, results, strict=True):
                row.previewed_new = result.outcome == "created"
                if result.outcome == "invalid":
                    row.problems += [
                        (_column_of(field), " ".join(messages))
                        for field, messages in (result.errors or {}).items()
                    ]
                else:
                    counts[outcome_count[result.outcome]] += 1
            problems: list[ImportProblem] = []
            for row in chunk:
                counts["total_rows"] += 1
                if row.problems:
                    counts["invalid_rows"] += 1
                    counts["problem_count"] += len(row.problems)
                    problems += [
                        ImportProblem(job=job, row=row.number, column=column, message=message)
                        for column, message in row.problems
                    ]
            if problems:
                _store_problems(job, problems)
            kept.write(chunk)
            # Each progress write is a commit of its own (a disk flush): the progress bar needs two a second.
            if time.monotonic() >= next_progress:
                next_progress = time.monotonic() + PROGRESS_SECONDS
                _set(
                    job,
                    rows_checked=counts["total_rows"],
                    heartbeat=timezone.now(),
                    total_rows=counts["total_rows"],
                )
    except FileRefused as refused:
        kept.discard()
        ImportProblem.objects.filter(job=job).delete()
        _set(
            job,
            status=S.REFUSED,
            message=refused.message,
            finished_at=timezone.now(),
            **{k: 0 for k in counts},
        )
        return job
    except BaseException:
        kept.discard()
        raise
    if counts["total_rows"] == 0:
        kept.discard()
        _set(
            job,
            status=S.REFUSED,
            message=_("The file has a header row but no rows of data."),
            finished_at=timezone.now(),
            **counts,
        )
        return job
    kept.finish()
    _set(job, status=S.CHECKED, **counts)
    return job


def request_save(*, actor: User, job: ImportJob) -> ImportJob:
    """The uploader confirms the preview. All-or-nothing jobs with problems are refused; small jobs are saved
    at once, large ones queued for `trackchild run_imports`."""
    if job.uploaded_by_id != actor.pk:
        raise PermissionDenied(_("Only the person who uploaded a file can save it."))
    with transaction.atomic():
        locked = ImportJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != S.CHECKED:
            raise ValidationError(_("This file is not waiting to be saved."))
        if locked.mode == ImportJob.Mode.ALL_OR_NOTHING and locked.invalid_rows:
            raise ValidationError(
                _(
                    "Nothing was saved: %(n)d rows have problems. Correct them and upload the file again, or "
                    "choose to save only the valid rows."
                )
                % {"n": locked.invalid_rows}
            )
        locked.status = S.QUEUED
        locked.save(update_fields=["status"])
    job.refresh_from_db()
    if job.size_bytes <= INLINE_BYTES:
        save_job(job)
    return job


def save_job(job: ImportJob) -> ImportJob:
    """Write the file's valid rows in chunks, resuming after `rows_done`. Run by the worker or inline."""
    _set(job, status=S.SAVING, heartbeat=timezone.now())
    bad_rows = set(ImportProblem.objects.filter(job=job).values_list("row", flat=True))
    upsert = _upsert_for(job)
    actor = job.uploaded_by
    origin = Origin(address=job.uploaded_from, channel="web")
    try:
        with acting_from(origin):
            _save_chunks(job, bad_rows, upsert, actor)
    except FileRefused as refused:  # the file changed on disk since it was checked
        discard_checked_rows(job)
        _set(job, status=S.FAILED, message=refused.message, finished_at=timezone.now())
        return job
    except bulk.BulkRefused as refused:
        discard_checked_rows(job)
        first = next((r for r in refused.results if r.outcome == "invalid"), None)
        detail = "; ".join(f"{k}: {' '.join(v)}" for k, v in (first.errors or {}).items()) if first else ""
        _set(
            job,
            status=S.FAILED,
            finished_at=timezone.now(),
            message=_(
                "Stopped: a row became invalid after the preview (%(detail)s). Rows saved before it stay saved; "
                "upload the file again to finish (saved rows are recognised, not duplicated)."
            )
            % {"detail": detail},
        )
        return job
    discard_checked_rows(job)  # it holds children's data
    _set(job, status=S.DONE, finished_at=timezone.now())
    with transaction.atomic():
        record_event(
            "update",
            job,
            actor=actor,
            fields=["status"],
            created=job.created,
            updated=job.updated,
            withdrawn=job.withdrawn,
            unchanged=job.unchanged,
            skipped=job.skipped,
        )
    return job


def _save_chunks(job: ImportJob, bad_rows: set[int], upsert, actor) -> None:
    """Each chunk in its own transaction, in order. While the database writes one chunk, a thread builds the
    next one's new records (pure Python: bulk.prepare_new_records), so that the two overlap; they are used only
    if every row of that chunk turns out new once its keys are looked up, locked, in the chunk's transaction."""
    model = MissingReport if job.register == Register.MISSING_REPORTS else FoundChild
    table, (new, first_date) = describe(model), bulk.creation(actor, model)
    audit = {"import_job": job.pk}
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-ahead") as ahead:
        waiting = None
        for chunk in _chunks_to_save(job):
            valid, items, skipped = _items_to_save(job, chunk, bad_rows)
            if model is FoundChild:
                bulk.with_own_institution(actor, items)  # as the upsert will, before the rows are built
            rows = [item.data for item in items if not item.withdraw_reason]
            prepared = ahead.submit(bulk.prepare_new_records, model, table, rows, new, first_date, audit)
            if waiting is not None:
                _save_chunk(job, *waiting, upsert, actor)
            waiting = (chunk, valid, items, skipped, prepared)
        if waiting is not None:
            _save_chunk(job, *waiting, upsert, actor)


def _items_to_save(job: ImportJob, chunk: list[ParsedRow], bad_rows: set[int]) -> tuple[list, list, int]:
    """The chunk's rows to write (valid at the preview and now), as upsert items, and how many are skipped."""
    valid = [row for row in chunk if row.number not in bad_rows and not row.problems]
    skipped = len(chunk) - len(valid)
    if skipped and job.mode == ImportJob.Mode.ALL_OR_NOTHING:
        raise bulk.BulkRefused(
            [
                bulk.UpsertResult("invalid", None, {row.problems[0][0] or "__all__": [row.problems[0][1]]})
                for row in chunk
                if row.problems
            ][:1]
        )
    items = [
        bulk.Upsert(data=row.data, withdraw_reason=row.withdraw_reason, previewed_new=row.previewed_new)
        for row in valid
    ]
    return valid, items, skipped


def _save_chunk(
    job: ImportJob,
    chunk: list[ParsedRow],
    valid: list,
    items: list,
    skipped: int,
    prepared: Future,
    upsert,
    actor,
) -> None:
    try:
        new_records = prepared.result()
    except Exception:  # noqa: BLE001 - the upsert builds the rows itself, and says what is wrong with them
        new_records = None
    with transaction.atomic():
        _commit_without_waiting_for_disk()
        results = upsert(
            actor=actor,
            items=items,
            audit={"import_job": job.pk},
            all_or_nothing=job.mode == ImportJob.Mode.ALL_OR_NOTHING,
            queue_matching=True,
            prepared=new_records,
        )
        tally = {"created": 0, "updated": 0, "unchanged": 0, "withdrawn": 0, "invalid": 0}
        late_problems = []
        for row, result in zip(valid, results, strict=True):
            tally[result.outcome] += 1
            if result.outcome == "invalid":
                late_problems += [
                    ImportProblem(job=job, row=row.number, column=field, message=" ".join(messages))
                    for field, messages in (result.errors or {}).items()
                ]
        ImportProblem.objects.bulk_create(late_problems)
        progress = {
            "rows_done": chunk[-1].number,
            "created": job.created + tally["created"],
            "updated": job.updated + tally["updated"],
            "unchanged": job.unchanged + tally["unchanged"],
            "withdrawn": job.withdrawn + tally["withdrawn"],
            "skipped": job.skipped + skipped + tally["invalid"],
        }
        ImportJob.objects.filter(pk=job.pk).update(heartbeat=timezone.now(), **progress)
        created_ids = [r.record_id for r in results if r.outcome == "created"]
        updated_ids = [r.record_id for r in results if r.outcome == "updated"]
        transaction.on_commit(
            lambda: records_imported.send(
                sender=ImportJob, register=job.register, created_ids=created_ids, updated_ids=updated_ids
            )
        )
    for name, value in progress.items():  # as committed: no need to read the job back
        setattr(job, name, value)


def _commit_without_waiting_for_disk() -> None:
    """PostgreSQL: this chunk's commit does not wait for its WAL to reach the disk (about 0.6 s at most).

    Safe here, and only here: were the server to crash in that window, it would lose the last chunks *with*
    their `rows_done` (the same transaction), and the WAL is replayed in order, so the job resumes after the
    last chunk that survived, as after a killed worker. Nothing is reported saved before it is: the job's
    final "done" is an ordinary commit, which waits for every earlier one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _chunks_to_save(job: ImportJob) -> Iterator[list[ParsedRow]]:
    """The rows still to save: the preview's typed rows if they belong to this very upload, else the file parsed
    again. Either way the bulk upsert applies the registers' rules and looks for key clashes afresh."""
    checked = read_checked_rows(job, upload_digest(job))
    if checked is None:
        yield from _chunks(job, skip_through=job.rows_done)
        return
    chunk: list[ParsedRow] = []
    for row in checked:
        if row.number <= job.rows_done:
            continue
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _chunks(job: ImportJob, skip_through: int = 0) -> Iterator[list[ParsedRow]]:
    """The file's rows, parsed, CHUNK_ROWS at a time; rows numbered as a spreadsheet shows them (header = 1)."""
    path = Path(job.file.path)
    file_format = sniff_format(path)
    if file_format != job.file_format and job.file_format == "xlsx":
        raise FileRefused(_("The file is named .xlsx but is not an Excel workbook."))
    limit = settings.IMPORT_MAX_ROWS
    reader = RowReader(job.register, job.uploaded_by)
    seen: dict[tuple, int] = {}
    with open_table(path, file_format) as (encoding, rows):
        if job.encoding != encoding:
            _set(job, encoding=encoding)
        header_cells = next(rows, None)
        if header_cells is None:
            raise FileRefused(_("The file is empty."))
        header = read_header(header_cells, job.register)
        chunk: list[ParsedRow] = []
        count = 0
        for number, cells in enumerate(rows, start=2):
            parsed = reader.parse(number, header, cells)
            if parsed is None:
                continue
            count += 1
            if count > limit:
                raise FileRefused(
                    _("The file has more than %(n)d rows. Split it into smaller files.") % {"n": limit}
                )
            key = _dedupe_key(job, parsed)
            if key[1] and not parsed.problems:
                if key in seen:
                    parsed.problems.append(
                        (
                            reader.key_column,
                            _("The same record is already on row %(row)d of this file.") % {"row": seen[key]},
                        )
                    )
                else:
                    seen[key] = number
            if number <= skip_through:
                continue
            chunk.append(parsed)
            if len(chunk) >= CHUNK_ROWS:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def _dedupe_key(job: ImportJob, row: ParsedRow) -> tuple:
    if job.register == Register.MISSING_REPORTS:
        return ("", row.key.upper())
    cci = row.data.get("cci")
    return (cci.pk if cci is not None else "own", row.key)


def _upsert_for(job: ImportJob):
    if job.register == Register.MISSING_REPORTS:
        return bulk.upsert_missing_reports
    return bulk.upsert_found_children


def _column_of(field: str) -> str:
    """A service's error field as the file's column ('__all__' is the row as a whole)."""
    return "" if field == "__all__" else field


def _store_problems(job: ImportJob, problems: list[ImportProblem]) -> None:
    room = MAX_STORED_PROBLEMS - ImportProblem.objects.filter(job=job).count()
    # Beyond the cap only each row's first problem is kept, so every bad row is still known to be bad.
    if len(problems) > room:
        firsts, rows = [], set()
        for problem in problems:
            if problem.row not in rows:
                rows.add(problem.row)
                firsts.append(problem)
        problems = firsts
    ImportProblem.objects.bulk_create(problems, batch_size=1000)


def _set(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def claim_next_job(stale_after: timedelta = STALE_AFTER) -> ImportJob | None:
    """The next job for a worker: waiting ones first, then ones whose worker stopped (no heartbeat lately)."""
    stale = timezone.now() - stale_after
    candidates = ImportJob.objects.filter(
        Q(status__in=[S.UPLOADED, S.QUEUED]) | Q(status__in=[S.CHECKING, S.SAVING], heartbeat__lt=stale)
    ).order_by("created_at", "id")
    for job in candidates[:20]:
        # Claimed by a conditional update: of two workers, only one sees its row changed.
        claimed = ImportJob.objects.filter(pk=job.pk, status=job.status, heartbeat=job.heartbeat).update(
            heartbeat=timezone.now()
        )
        if claimed:
            job.refresh_from_db()
            return job
    return None


def run_job(job: ImportJob) -> ImportJob:
    if job.status in (S.UPLOADED, S.CHECKING):
        return check_job(job)
    return save_job(job)


def jobs_of(user: User):
    """A user's own imports: an upload holds children's data, so only its uploader sees it."""
    return ImportJob.objects.filter(uploaded_by=user) if user.is_authenticated else ImportJob.objects.none()


def purge_uploaded_files(older_than: timedelta) -> int:
    """Delete the stored files of imports finished before `older_than` ago: they hold children's data and are
    only needed to hand back rows to fix. The jobs, their counts and problems stay (no data of children)."""
    finished = [S.DONE, S.REFUSED, S.FAILED]
    cutoff = timezone.now() - older_than
    purged = 0
    for job in ImportJob.objects.filter(status__in=finished, finished_at__lt=cutoff).exclude(file=""):
        discard_checked_rows(job)
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
        purged += 1
    return purged
