"""The statement as a table of headers and cells, shared by the page, CSV, Excel and PDF so they never differ."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.registry.models import Institution

from .compliance import STATEMENT_KINDS, Statement, StatementRow

KIND_HEADERS = {
    Institution.Kind.POLICE_STATION: _("Police stations"),
    Institution.Kind.CWC: _("CWCs"),
    Institution.Kind.JJB: _("JJBs"),
    Institution.Kind.CCI: _("CCIs"),
}


@dataclass(frozen=True)
class Column:
    key: str  # the sort key, or "" for a column that does not sort
    label: str
    numeric: bool = True


@dataclass
class Line:
    cells: list  # numbers stay numbers (Excel and sorting want them); None means "no figure"
    pk: int | None = None


@dataclass
class Table:
    level: str
    columns: list[Column]
    lines: list[Line]
    total: Line


LEVEL_NAMES = {"state": _("State/UT"), "district": _("District"), "institution": _("Institution")}


def statement_table(statement: Statement) -> Table:
    per_institution = statement.level == "institution"
    columns = [Column("name", str(LEVEL_NAMES[statement.level]), numeric=False)]
    if per_institution:
        columns += [Column("", str(_("Type")), numeric=False), Column("", str(_("Code")), numeric=False)]
    else:
        columns += [Column("", str(KIND_HEADERS[kind])) for kind in STATEMENT_KINDS]
        columns.append(Column("registered", str(_("Total registered"))))
    columns += [
        Column("active_ever", str(_("Ever entered data"))),
        Column("active_90", str(_("Entered data, last 90 days"))),
        Column("active_30", str(_("Entered data, last 30 days"))),
        Column("entered", str(_("Records entered")) + f" ({statement.period_label})"),
        Column("updated", str(_("Records updated")) + f" ({statement.period_label})"),
        Column("last_entry", str(_("Last entry"))),
        Column("share", str(_("Share uploading (%)")) + f" ({statement.period_label})"),
    ]
    lines = [Line(_cells(row, per_institution), row.pk) for row in statement.rows]
    total = Line(_cells(statement.total, per_institution, total=True))
    return Table(statement.level, columns, lines, total)


def _cells(row: StatementRow, per_institution: bool, total: bool = False) -> list:
    if per_institution and not total:
        head = [row.name, str(Institution.Kind(row.kind).label), row.code]
        active = [_yes_no(row.active[key]) for key in ("ever", "90", "30")]
    else:
        name = str(_("Total")) + f": {row.name}" if total else row.name
        head = [name]
        if per_institution:
            head += [str(_("%(count)d institutions") % {"count": row.registered_total}), ""]
        else:
            head += [row.registered[kind] for kind in STATEMENT_KINDS] + [row.registered_total]
        active = [row.active[key] for key in ("ever", "90", "30")]
    last = timezone.localtime(row.last_entry).date() if row.last_entry else None
    return [*head, *active, row.entered, row.updated, last, row.share]


def _yes_no(flag: int) -> str:
    return str(_("Yes")) if flag else str(_("No"))


def cell_text(value) -> str:
    """How a cell reads on the page and in the PDF: dates day-first as Indian offices write them."""
    if value is None:
        return "—"
    if hasattr(value, "strftime"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


@dataclass
class Chart:
    """A chart and the table holding its numbers: the page draws the chart from the table."""

    key: str
    title: str
    label_heading: str
    series: list[str]
    rows: list[list]  # [label, value per series, (traced %)]
    kind: str = "bar"
    horizontal: bool = False
    with_rate: bool = False


def dashboard_charts(figures) -> list[Chart]:
    missing, traced, children = str(_("Missing")), str(_("Traced")), str(_("Children"))

    def traced_rows(items):
        return [[item.label, item.missing, item.traced, item.rate] for item in items]

    charts = [
        Chart(
            "by-state",
            str(_("Missing and traced children by State/UT")),
            str(_("State/UT")),
            [missing, traced],
            traced_rows(figures.by_state),
            horizontal=True,
            with_rate=True,
        ),
        Chart(
            "by-month",
            str(_("Missing and traced by month of the FIR (last 12 months)")),
            str(_("Month")),
            [missing, traced],
            traced_rows(figures.by_month),
            kind="line",
            with_rate=True,
        ),
        Chart(
            "by-gender",
            str(_("Missing and traced by gender")),
            str(_("Gender")),
            [missing, traced],
            traced_rows(figures.by_gender),
            with_rate=True,
        ),
        Chart(
            "by-age",
            str(_("Missing and traced by age group")),
            str(_("Age group")),
            [missing, traced],
            traced_rows(figures.by_age),
            with_rate=True,
        ),
        Chart(
            "time-to-trace",
            str(_("Time from FIR to trace")),
            str(_("Days")),
            [children],
            [list(row) for row in figures.time_to_trace],
        ),
        Chart(
            "in-care",
            str(_("Found children by status")),
            str(_("Status")),
            [children],
            [list(row) for row in figures.in_care_by_status],
            horizontal=True,
        ),
    ]
    if figures.flows:
        charts.append(
            Chart(
                "flows",
                str(_("Largest flows between States/UTs")),
                str(_("From → to")),
                [children],
                [[f"{a} → {b}", n] for a, b, n in figures.flows[:15]],
                horizontal=True,
            )
        )
    return charts
