"""The preview's rows, kept for the save: each row as the reader typed it, in a compact file beside the upload.

Saving used to read and parse the whole file again. Now the preview writes every row it read to
`<upload>.checked` (JSON lines, two per chunk: the fingerprints of the districts, States and institutions it
names, then its rows): a valid row as its number, withdraw reason and values, a row with problems as its number
alone. The file's first line names the job and the SHA-256 of the upload; the
save uses the rows only if both still match (else it parses the upload again, as before).

Values are stored typed (dates in ISO form, choices by value), and districts, States and institutions by their
codes, looked up again at save time through a fresh `RowReader`: a district merged or an institution closed
since the preview refuses the row exactly as a fresh parse would. The rules of
`cases.rules` and the key clashes are the bulk upsert's to apply again at save time, as they always were.

A row the preview found new and valid is marked so: if it is still new at save time (no record took its key
meanwhile) and its districts and institutions are as they were, the upsert does not run the same rules on the
same values twice. Every other row, and any row that now meets an existing record, is checked in full.

The file holds children's data: it is deleted when the save ends, and with the upload by `purge_uploaded_files`.
"""

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from django.utils import timezone

from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

from .columns import COLUMNS, DATE, DATETIME, DISTRICT, INSTITUTION, STATE, Column
from .models import ImportJob
from .rows import ParsedRow, RowReader

FORMAT = 3
REFERENCES = (DISTRICT, STATE, INSTITUTION)


def upload_digest(job: ImportJob) -> str:
    with open(job.file.path, "rb") as upload:
        return hashlib.file_digest(upload, "sha256").hexdigest()


def checked_rows_path(job: ImportJob) -> Path:
    return Path(job.file.path).with_suffix(".checked")


class CheckedRowsWriter:
    """Written to a temporary name and renamed when the preview ends, so a half-written file is never used."""

    def __init__(self, job: ImportJob, digest: str):
        self.path = checked_rows_path(job)
        self.partial = self.path.with_suffix(".checked-partial")
        self.out = open(self.partial, "w", encoding="utf-8")  # noqa: SIM115 - closed by finish() or discard()
        self.out.write(
            json.dumps({"format": FORMAT, "job": job.pk, "sha256": digest, "register": job.register})
        )
        self.out.write("\n")
        self._moments: dict = {}

    def write(self, chunk: list[ParsedRow]) -> None:
        # Each row's data as it is, encoded by json's C encoder; only dates and references (districts, States,
        # institutions) go through `_encoded`, which also notes each reference's fingerprint once.
        self.references: dict[str, list] = {}
        rows = [
            [row.number]
            if row.problems
            else [row.number, row.withdraw_reason, row.data, int(row.previewed_new)]
            for row in chunk
        ]
        line = json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=self._encoded)
        self.out.write(json.dumps({"references": self.references}, separators=(",", ":")))
        self.out.write("\n")
        self.out.write(line)
        self.out.write("\n")

    def _encoded(self, value) -> str:
        text = self._moments.get(value)  # a register's dates repeat from row to row: each is written out once
        if text is not None:
            return text
        kind = _kind_of(value)
        if kind is None:
            text = value.isoformat()  # a date, or an aware datetime with its offset
            if len(self._moments) < 10_000:
                self._moments[value] = text
            return text
        stored = value.code if kind == INSTITUTION else str(value.lgd_code)
        self.references[f"{kind}={stored}"] = _fingerprint(value)
        return stored

    def finish(self) -> None:
        self.out.close()
        os.replace(self.partial, self.path)

    def discard(self) -> None:
        self.out.close()
        self.partial.unlink(missing_ok=True)


def read_checked_rows(job: ImportJob, digest: str) -> Iterator[ParsedRow] | None:
    """The preview's rows (those with problems carry a placeholder problem), or None if they cannot be used."""
    path = checked_rows_path(job)
    try:
        source = open(path, encoding="utf-8")  # noqa: SIM115 - closed by the generator
        head = json.loads(source.readline() or "null")
    except (OSError, ValueError):
        return None
    wanted = {"format": FORMAT, "job": job.pk, "sha256": digest, "register": job.register}
    if head != wanted:
        source.close()
        return None
    return _rows(source, job)


def _rows(source, job: ImportJob) -> Iterator[ParsedRow]:
    reader = RowReader(job.register, job.uploaded_by)
    columns: dict[str, Column] = {column.name: column for column in COLUMNS[job.register]}
    typed = {
        name: column.kind for name, column in columns.items() if column.kind in (*REFERENCES, DATE, DATETIME)
    }
    moments: dict[str, date | datetime] = {}
    with source:
        for references_line in source:
            references = json.loads(references_line)["references"]
            # Each district, State or institution the chunk names, looked up afresh once: a district merged
            # or an institution closed since is refused, and one whose State or kind changed has its rows
            # checked in full again.
            looked_up: dict[str, tuple] = {}
            for stored in json.loads(next(source)):
                if len(stored) == 1:
                    yield ParsedRow(number=stored[0], key="", problems=[("", "refused at the preview")])
                    continue
                number, withdraw_reason, values, previewed_new = stored
                row = ParsedRow(number=number, key="", withdraw_reason=withdraw_reason, data=values)
                row.previewed_new = bool(previewed_new)
                for name in [name for name in values if name in typed]:
                    stored_value, kind = values[name], typed[name]
                    if not stored_value:
                        continue
                    if kind in REFERENCES:
                        reference = f"{kind}={stored_value}"
                        found = looked_up.get(reference)
                        if found is None:
                            value, problem = reader._value(columns[name], stored_value)
                            same = not problem and references.get(reference) == _fingerprint(value)
                            found = looked_up[reference] = (value, problem, same)
                        value, problem, same = found
                        if problem:
                            row.problems.append((name, problem))
                        elif not same:
                            row.previewed_new = False
                        values[name] = value
                        continue
                    moment = moments.get(stored_value)
                    if moment is None:
                        moment = moments[stored_value] = (
                            date.fromisoformat(stored_value)
                            if kind == DATE
                            else timezone.localtime(datetime.fromisoformat(stored_value))
                        )
                    values[name] = moment
                yield row


def discard_checked_rows(job: ImportJob) -> None:
    if job.file:
        checked_rows_path(job).unlink(missing_ok=True)
        checked_rows_path(job).with_suffix(".checked-partial").unlink(missing_ok=True)


def _fingerprint(reference) -> list:
    """What the rules and the reader read of a district, State or institution."""
    if isinstance(reference, District):
        return [reference.pk, reference.state_id, reference.is_active]
    if isinstance(reference, Institution):
        return [reference.pk, reference.kind, reference.is_active, reference.district_id]
    return [reference.pk]


def _kind_of(value) -> str | None:
    if isinstance(value, District):
        return DISTRICT
    if isinstance(value, Institution):
        return INSTITUTION
    if isinstance(value, State):
        return STATE
    return None
