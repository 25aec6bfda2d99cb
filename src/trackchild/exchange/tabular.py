"""Reading an uploaded CSV or XLSX file one row at a time, in bounded memory, and refusing hostile files
before they are opened: wrong types, zip bombs, macros, binary data, files too large or too long.

Encodings as Indian offices produce them: UTF-8 with or without a byte-order mark, UTF-16 (Excel's "Unicode
text", tab-separated) and Windows-1252 (Excel's "CSV" on an English Windows)."""

import codecs
import csv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

# An XLSX file is a zip of XML; its parts may not expand past this, nor by more than this ratio each.
XLSX_MAX_EXPANDED_BYTES = 600 * 1024 * 1024
XLSX_MAX_RATIO = 150
XLSX_MAX_PARTS = 500
CSV_MAX_CELL_CHARS = 20_000
MAX_COLUMNS = 200


class FileRefused(Exception):
    """The file as a whole cannot be read; nothing of it is saved."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def sniff_format(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(8)
    if not head:
        raise FileRefused(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _("This is an old Excel file (.xls). Save it as Excel Workbook (.xlsx) or CSV and upload again.")
        )
    if head.startswith(b"%PDF"):
        raise FileRefused(_("This is a PDF. Upload the register as a CSV or Excel (.xlsx) file."))
    if head.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        raise FileRefused(_("This is a compressed archive. Upload the CSV or Excel (.xlsx) file itself."))
    return "csv"


def detect_encoding(path: Path) -> str:
    """The text encoding of a CSV file, read in chunks (never the whole file at once)."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(1 << 20):
                if b"\x00" in chunk:
                    raise FileRefused(
                        _("This file holds binary data, not text: upload a CSV or Excel (.xlsx) file.")
                    )
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


@contextmanager
def open_table(path: Path, file_format: str):
    """Yields (encoding, rows) where rows iterates lists of cell texts, the header first."""
    if file_format == "xlsx":
        check_xlsx(path)
        with _xlsx_rows(path) as rows:
            yield "xlsx", rows
        return
    encoding = detect_encoding(path)
    try:
        with open(path, encoding=encoding, newline="") as text:
            first = text.readline()
            text.seek(0)
            if encoding == "cp1252" and any(ch in first for ch in "\x81\x8d\x8f\x90\x9d"):
                raise FileRefused(_("The file's text encoding is not recognised: save it as CSV UTF-8."))
            delimiter = max("\t,;", key=first.count) if first.strip() else ","
            yield encoding, _csv_rows(text, delimiter)
    except UnicodeDecodeError:
        raise FileRefused(
            _("The file's text encoding is not recognised: save it as CSV UTF-8 and upload again.")
        ) from None


def _csv_rows(text, delimiter: str) -> Iterator[list[str]]:
    csv.field_size_limit(CSV_MAX_CELL_CHARS)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        for cells in reader:
            if len(cells) > MAX_COLUMNS:
                raise FileRefused(
                    _("Row %(row)d has more than %(n)d cells.") % {"row": reader.line_num, "n": MAX_COLUMNS}
                )
            yield cells
    except csv.Error as error:
        message = str(error)
        if "field larger" in message:
            raise FileRefused(
                _("Row %(row)d has a cell longer than %(n)d characters.")
                % {"row": reader.line_num + 1, "n": CSV_MAX_CELL_CHARS}
            ) from None
        raise FileRefused(
            _("The file is not a readable CSV file (row %(row)d).") % {"row": reader.line_num}
        ) from None
    except UnicodeDecodeError:
        raise FileRefused(_("The file's text encoding is not recognised: save it as CSV UTF-8.")) from None


def check_xlsx(path: Path) -> None:
    """Refuses zip bombs, macro workbooks and non-workbooks by reading the zip directory only."""
    if not zipfile.is_zipfile(path):
        raise FileRefused(_("The file is damaged or not an Excel (.xlsx) workbook."))
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(_("The file is damaged or not an Excel (.xlsx) workbook.")) from None
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        raise FileRefused(_("This zip file is not an Excel (.xlsx) workbook."))
    if "xl/vbaProject.bin" in names:
        raise FileRefused(
            _("The workbook contains macros. Save it as a plain Excel Workbook (.xlsx) without macros.")
        )
    if len(parts) > XLSX_MAX_PARTS:
        raise FileRefused(_("The workbook has too many parts to be a register."))
    expanded = sum(part.file_size for part in parts)
    if expanded > XLSX_MAX_EXPANDED_BYTES or any(
        part.file_size > 1_000_000 and part.file_size > XLSX_MAX_RATIO * max(part.compress_size, 1)
        for part in parts
    ):
        raise FileRefused(
            _("The workbook expands to far more data than it holds (a “zip bomb”); it was not opened.")
        )


@contextmanager
def _xlsx_rows(path: Path):
    import openpyxl  # uses defusedxml when installed: no entity expansion, no external entities

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on damaged files
        raise FileRefused(_("The file is damaged or not an Excel (.xlsx) workbook.")) from None
    try:
        if not workbook.worksheets:
            raise FileRefused(_("The workbook has no sheet."))
        yield _sheet_rows(workbook.worksheets[0])
    finally:
        workbook.close()


class Formula(str):
    """A cell that holds a formula: refused by the row parser, never evaluated or stored."""


def _sheet_rows(sheet) -> Iterator[list[str]]:
    try:
        for row in sheet.iter_rows():
            if len(row) > MAX_COLUMNS:
                raise FileRefused(_("A row has more than %(n)d cells.") % {"n": MAX_COLUMNS})
            yield [_cell_text(cell) for cell in row]
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - any failure inside a damaged workbook is the same answer
        raise FileRefused(_("The file is damaged or not an Excel (.xlsx) workbook.")) from None


def _cell_text(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if getattr(cell, "data_type", "") == "f":
        return Formula(str(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.time() != time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def max_bytes() -> int:
    return settings.IMPORT_MAX_MB * 1024 * 1024
