"""Reading interchange CSV files, with every problem reported by file, row and column.

A file that cannot be used at all (unreadable, not UTF-8, no ``record_id`` column) raises
:class:`InputError`. A row that cannot be read becomes a :class:`Problem` and is left out of the records;
the caller reports each one — nothing is dropped silently. Unknown columns are reported once as warnings.

>>> import io, tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "m.csv")
>>> _ = open(path, "w").write("record_id,name,age_years,colour\\nM1,Asha,7,red\\nM2,Ravi,seven,blue\\n")
>>> result = read_records(path, side="missing")
>>> [r.record_id for r in result.records], str(result.problems[0])
(['M1'], "m.csv, row 3, column 'age_years': 'seven' is not a number")
>>> result.warnings
["m.csv: unknown column 'colour' ignored"]
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field

from .records import COLUMNS, REQUIRED_COLUMNS, Record, RecordError


class InputError(Exception):
    """A file that cannot be used at all."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad row: ``row`` counts the header as row 1, as a spreadsheet does."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        col = f", column {self.column!r}" if self.column else ""
        return f"{os.path.basename(self.file)}, row {self.row}{col}: {self.message}"


@dataclass
class ReadResult:
    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_records(path: str, side: str | None = None) -> ReadResult:
    """Read a CSV file of records; ``side`` fills an absent or empty ``side`` column."""
    name = os.path.basename(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a CSV file") from None
    except PermissionError:
        raise InputError(f"{path}: cannot be read (permission denied)") from None
    except UnicodeDecodeError as e:
        line = text_line_of(path, e.start)
        raise InputError(
            f"{path}: not UTF-8 text (first bad byte on line {line}); save it as UTF-8 and try again"
        ) from None
    if "\x00" in text:
        raise InputError(f"{path}: contains NUL bytes; it is not a CSV text file")
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{path}: is empty (no header row)") from None
    header = [h.strip().lower() for h in header]
    missing_cols = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing_cols:
        raise InputError(
            f"{path}: required column {missing_cols[0]!r} is missing "
            f"(header is: {', '.join(header) or 'empty'})"
        )
    if side is None and "side" not in header:
        raise InputError(f"{path}: required column 'side' is missing")
    result = ReadResult()
    known = set(COLUMNS)
    for h in header:
        if h not in known:
            result.warnings.append(f"{name}: unknown column {h!r} ignored")
    seen: dict[str, int] = {}
    for row_no, row in enumerate(_rows(reader, path, result), start=2):
        if row is None:
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.problems.append(
                Problem(path, row_no, "", f"has {len(row)} fields, header has {len(header)}")
            )
            continue
        try:
            record = Record.from_dict(dict(zip(header, row)), side=side)
        except RecordError as e:
            result.problems.append(Problem(path, row_no, e.column, str(e).split(": ", 1)[1]))
            continue
        if side is not None and record.side != side:
            result.problems.append(Problem(path, row_no, "side", f"is {record.side!r}, expected {side!r}"))
            continue
        if record.record_id in seen:
            result.problems.append(
                Problem(
                    path, row_no, "record_id", f"{record.record_id!r} repeats row {seen[record.record_id]}"
                )
            )
            continue
        seen[record.record_id] = row_no
        result.records.append(record)
    return result


def _rows(reader, path: str, result: ReadResult):  # type: ignore[no-untyped-def]
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            result.problems.append(Problem(path, reader.line_num, "", f"malformed CSV: {e}"))
            yield None


def text_line_of(path: str, byte_offset: int) -> int:
    with open(path, "rb") as f:
        return f.read(byte_offset).count(b"\n") + 1
