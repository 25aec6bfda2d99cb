"""The statement and the MIS figures as files: CSV, Excel (one sheet per level) and a PDF laid out as a
government annexure. Every export is audited (who, which report, which scope and format); none carries a
child's details, only counts and institution names.
"""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import User
from trackchild.audit.services import record_event

from . import pdf
from .compliance import LEVELS, Statement, compliance_statement
from .mis import dashboard
from .tables import Table, cell_text, statement_table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def export_statement(user: User, fmt: str, **params) -> ExportFile:
    """The statement the page shows (same scope, period, type and order) as `fmt`; audited."""
    statement = compliance_statement(user, **params)
    if fmt == "csv":
        content = statement_csv(statement_table(statement))
    elif fmt == "xlsx":
        content = statement_xlsx(user, statement, params)
    elif fmt == "pdf":
        content = pdf.statement_pdf(statement, statement_table(statement), user)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    record_event(
        "export",
        None,
        actor=user,
        report="compliance_statement",
        format=fmt,
        scope=statement.scope_name,
        level=statement.level,
        period=statement.period,
        kind=statement.kind,
    )
    stamp = timezone.localdate().isoformat()
    return ExportFile(
        content, FORMATS[fmt], f"compliance-statement-{_slug(statement.scope_name)}-{stamp}.{fmt}"
    )


def export_dashboard_pdf(user: User) -> ExportFile:
    figures = dashboard(user)
    content = pdf.dashboard_pdf(figures, user)
    record_event("export", None, actor=user, report="mis_dashboard", format="pdf")
    return ExportFile(content, FORMATS["pdf"], f"mis-report-{timezone.localdate().isoformat()}.pdf")


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-") or "india"


def statement_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.label for column in table.columns])
    for line in [*table.lines, table.total]:
        writer.writerow(
            ["" if v is None else (v.isoformat() if hasattr(v, "isoformat") else v) for v in line.cells]
        )
    # A byte-order mark so Excel opens the UTF-8 (Hindi names) correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def statement_xlsx(user: User, statement: Statement, params: dict) -> bytes:
    """One sheet per level below the statement's scope (States/UTs, districts, institutions), formatted."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for level in LEVELS[LEVELS.index(statement.level) :]:
        rows = statement if level == statement.level else compliance_statement(user, **params, level=level)
        _sheet(book, rows, statement_table(rows))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET_TITLES = {"state": "States-UTs", "district": "Districts", "institution": "Institutions"}


def _sheet(book, statement: Statement, table: Table) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(SHEET_TITLES[table.level])
    width = len(table.columns)
    sheet.append([_("Compliance statement: institutions entering data on TrackChild")])
    sheet.append(
        [
            _("%(scope)s · period: %(period)s · generated %(when)s")
            % {
                "scope": statement.scope_name,
                "period": statement.period_label,
                "when": timezone.localtime(statement.generated_at).strftime("%d-%m-%Y %H:%M"),
            }
        ]
    )
    sheet.append([])
    sheet.append([column.label for column in table.columns])
    for line in table.lines:
        sheet.append(line.cells)
    sheet.append(table.total.cells)
    sheet["A1"].font = Font(bold=True, size=13)
    thin = Side(style="thin", color="999999")
    header_row, total_row = 4, 4 + len(table.lines) + 1
    for col in range(1, width + 1):
        head = sheet.cell(header_row, col)
        head.font = Font(bold=True)
        head.fill = PatternFill("solid", fgColor="DDE6F0")
        head.alignment = Alignment(wrap_text=True, vertical="top")
        head.border = Border(bottom=thin, top=thin)
        total = sheet.cell(total_row, col)
        total.font = Font(bold=True)
        total.border = Border(top=thin, bottom=thin)
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = 34 if col == 1 else 14
    last_entry = next(i for i, c in enumerate(table.columns, 1) if c.key == "last_entry")
    share = next(i for i, c in enumerate(table.columns, 1) if c.key == "share")
    for row in range(header_row + 1, total_row + 1):
        sheet.cell(row, last_entry).number_format = "DD-MM-YYYY"
        sheet.cell(row, share).number_format = "0.0"
    sheet.row_dimensions[header_row].height = 45
    sheet.freeze_panes = sheet.cell(header_row + 1, 2)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{total_row - 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"


__all__ = ["cell_text", "export_dashboard_pdf", "export_statement", "statement_csv"]
