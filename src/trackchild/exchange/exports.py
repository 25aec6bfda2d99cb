"""Exports of the registers' lists (CSV and Excel), and the blank templates for uploads.

Cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) are
written with a leading apostrophe. Accounts that supervise without handling cases (national officers, system
administrators) get identity fields blanked: names, parents' and guardians' names, addresses, PIN codes,
phone numbers, schools and identification marks (JJ Act s.74); photos are never exported."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import Role, User
from trackchild.audit.services import record_event
from trackchild.cases.selectors import RecordFilters, found_children_matching, missing_reports_matching

from .columns import COLUMNS, WITHDRAW
from .models import Register

REDACTED_ROLES = {Role.NATIONAL_OFFICER, Role.SYSTEM_ADMIN}
IDENTITY_FIELDS = {
    "name",
    "other_names",
    "father_name",
    "mother_name",
    "guardian_name",
    "home_address",
    "home_pin",
    "school",
    "identification_marks",
    "complainant_name",
    "complainant_phone",
    "complainant_address",
}
REDACTED = "[redacted]"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LEADING = ["id", "status", "version"]
TRAILING = {
    Register.MISSING_REPORTS: ["police_station", "created_at", "updated_at"],
    Register.FOUND_CHILDREN: ["recorded_by", "created_at", "updated_at"],
}


def redacts_identities(user: User) -> bool:
    return user.role in REDACTED_ROLES


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def export_header(register: str) -> list[str]:
    return LEADING + [c.name for c in COLUMNS[register] if c.name != WITHDRAW] + TRAILING[register]


def export_rows(user: User, register: str, filters: RecordFilters) -> Iterator[list[str]]:
    """The header, then one row per record the user may see under the filters, streamed from the database."""
    matching = missing_reports_matching if register == Register.MISSING_REPORTS else found_children_matching
    records = matching(user, filters).select_related("home_district", "home_state")
    if register == Register.FOUND_CHILDREN:
        records = records.select_related("cci", "cwc")
    header = export_header(register)
    redact = redacts_identities(user)
    yield header
    for record in records.iterator(chunk_size=2000):
        yield [_cell(record, name, redact) for name in header]


def _cell(record, name: str, redact: bool) -> str:
    if redact and name in IDENTITY_FIELDS:
        return REDACTED if getattr(record, name) else ""
    value = getattr(record, name)
    if value is None:
        return ""
    if hasattr(value, "lgd_code"):
        return str(value.lgd_code)
    if hasattr(value, "code"):
        return value.code
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return neutralise(str(value))


def audit_export(user: User, register: str, file_format: str, filters: RecordFilters, rows: int) -> None:
    used = sorted(name for name, value in vars(filters).items() if value not in (None, "", False))
    # The filter names, never their values: a name searched for is a child's name.
    record_event(
        "export",
        None,
        actor=user,
        register=register,
        format=file_format,
        rows=rows,
        filters=used,
        redacted=redacts_identities(user),
    )


def csv_lines(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV text a line at a time, UTF-8 with a byte-order mark so that Excel shows Indian scripts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in rows:
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def xlsx_file(rows: Iterable[list[str]], sheet_title: str) -> tempfile.SpooledTemporaryFile:
    """An Excel workbook written row by row (openpyxl's write-only mode) to a temporary file."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title[:31])
    for row in rows:
        sheet.append(row)  # strings only: nothing becomes a formula
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(out)
    out.seek(0)
    return out


def template_rows(register: str) -> list[list[str]]:
    return [[c.name for c in COLUMNS[register]]]  # no example row: it would be imported as data


def template_xlsx(register: str) -> tempfile.SpooledTemporaryFile:
    """The upload template: the header on the first sheet, every column explained in English and Hindi on a
    second."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    data = workbook.create_sheet(str(_("Register"))[:31])
    data.append([c.name for c in COLUMNS[register]])
    notes = workbook.create_sheet(str(_("Columns"))[:31])
    notes.append(["column", "required", "kind", "English", "हिन्दी", "example"])
    for column in COLUMNS[register]:
        notes.append(
            [
                column.name,
                "yes" if column.required else "no",
                column.kind_label,
                column.english,
                column.hindi,
                column.example,
            ]
        )
    out = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(out)
    out.seek(0)
    return out
