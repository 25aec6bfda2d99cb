"""PDFs laid out as a government annexure: heading, date, jurisdiction and period, the table with its totals,
charts drawn as vector images (reportlab's own charts: no plotting library), notes, and a signature block.
"""

import io
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .tables import cell_text, dashboard_charts

NOTO = Path("/usr/share/fonts/truetype/noto")
BLUE, ORANGE = colors.HexColor("#0b5cad"), colors.HexColor("#d97706")


def _fonts() -> tuple[str, str]:
    """Noto Sans where Debian's fonts-noto-core is installed (wider coverage), else the PDF's own Helvetica."""
    if "Portal" in pdfmetrics.getRegisteredFontNames():
        return "Portal", "Portal-Bold"
    regular, bold = NOTO / "NotoSans-Regular.ttf", NOTO / "NotoSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdfmetrics.registerFont(TTFont("Portal", str(regular)))
        pdfmetrics.registerFont(TTFont("Portal-Bold", str(bold)))
        # So that <b> in a paragraph (the totals line) picks the bold face.
        pdfmetrics.registerFontFamily(
            "Portal", normal="Portal", bold="Portal-Bold", italic="Portal", boldItalic="Portal-Bold"
        )
        return "Portal", "Portal-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles():
    regular, bold = _fonts()
    return {
        "annexure": ParagraphStyle("annexure", fontName=bold, fontSize=11, alignment=2),
        "title": ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, alignment=1, spaceAfter=4),
        "meta": ParagraphStyle("meta", fontName=regular, fontSize=9.5, leading=13, alignment=1),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9),
        "num": ParagraphStyle("num", fontName=regular, fontSize=7.5, leading=9, alignment=2),
        "head": ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9),
        "note": ParagraphStyle("note", fontName=regular, fontSize=8, leading=10.5),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4),
        "sign": ParagraphStyle("sign", fontName=regular, fontSize=9.5, leading=16),
        "fonts": (regular, bold),
    }


def _heading(styles, title: str, scope: str, period: str | None, when) -> list:
    meta = _("Jurisdiction: %(scope)s") % {"scope": scope}
    if period:
        meta += " &nbsp;·&nbsp; " + _("Period: %(period)s") % {"period": period}
    meta += " &nbsp;·&nbsp; " + _("As on %(date)s") % {
        "date": timezone.localtime(when).strftime("%d-%m-%Y %H:%M")
    }
    return [
        Paragraph(_("Annexure"), styles["annexure"]),
        Paragraph(title, styles["title"]),
        Paragraph(meta, styles["meta"]),
        Spacer(1, 5 * mm),
    ]


def _signature(styles, user) -> KeepTogether:
    """Place and date on the left, the signing officer on the right, as annexures are signed."""
    left = [_("Place: ______________________"), _("Date: ______________________")]
    right = [
        _("Signature: ____________________________"),
        _("Name: %(name)s") % {"name": user.full_name or user.username},
        _("Designation: %(role)s, %(place)s")
        % {"role": user.get_role_display(), "place": user.jurisdiction_label()},
        _("(Seal of the office)"),
    ]
    block = Table(
        [
            [
                [Paragraph(line, styles["sign"]) for line in left],
                [Paragraph(line, styles["sign"]) for line in right],
            ]
        ],
        colWidths=[150 * mm, 110 * mm],
    )
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return KeepTogether([Spacer(1, 14 * mm), block])


def _grid(
    styles, header: list[str], rows: list[list], total: list | None = None, widths=None, text_columns: int = 1
) -> Table:
    """A ruled table; the first column reads as text, the others as figures (right-aligned); totals in bold."""

    def line(values, bold=False):
        cells = []
        for index, value in enumerate(values):
            text = f"<b>{cell_text(value)}</b>" if bold else cell_text(value)
            cells.append(Paragraph(text, styles["cell" if index < text_columns else "num"]))
        return cells

    data = [[Paragraph(str(h), styles["head"]) for h in header]]
    data += [line(row) for row in rows]
    if total is not None:
        data.append(line(total, bold=True))
    table = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total is not None:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f0f0f0")))
    table.setStyle(TableStyle(style))
    return table


def bar_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    *,
    width=250 * mm,
    height=80 * mm,
    horizontal=False,
    value_max=None,
) -> Drawing:
    regular, bold = _fonts()
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=bold, fontSize=10))
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    left = 60 * mm if horizontal else 14 * mm
    chart.x, chart.y = left, 18 * mm if not horizontal else 8 * mm
    chart.width = width - left - 10 * mm
    chart.height = height - chart.y - 22
    chart.data = [list(values) for _name, values in series] or [[0]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 7
    if not horizontal and len(labels) > 8:
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.boxAnchor = "ne"
    if horizontal:
        chart.categoryAxis.reverseDirection = True
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    peak = max([max(values) for _name, values in series if values] + [0])
    chart.valueAxis.valueMax = value_max or max(1, peak * 1.1)
    if not value_max:
        # Counts of children: about five ticks at a round step (1, 2 or 5 times a power of ten).
        step = _nice_step(peak / 5)
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * (int(peak // step) + 1)
    for index, colour in enumerate([BLUE, ORANGE]):
        if index < len(series):
            chart.bars[index].fillColor = colour
            chart.bars[index].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 60 * mm, height - 6
        legend.fontName, legend.fontSize = regular, 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = [
            (colour, name) for colour, (name, _v) in zip([BLUE, ORANGE], series, strict=False)
        ]
        drawing.add(legend)
    return drawing


def _nice_step(rough: float) -> int:
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= rough:
                return step * factor
        step *= 10


def _document(title: str):
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=title,
        author="TrackChild",
    )
    return out, doc


def _page_number(canvas, doc) -> None:
    regular, _bold = _fonts()
    canvas.setFont(regular, 8)
    canvas.drawRightString(landscape(A4)[0] - 12 * mm, 8 * mm, _("Page %(page)d") % {"page": doc.page})
    canvas.drawString(12 * mm, 8 * mm, "TrackChild")


def statement_pdf(statement, table, user) -> bytes:
    styles = _styles()
    title = _("Statement showing institutions entering data on TrackChild")
    out, doc = _document(title)
    story = _heading(styles, title, statement.scope_name, statement.period_label, statement.generated_at)
    columns = table.columns
    first = 62 * mm if table.level == "institution" else 50 * mm
    extra = len(columns) - 1
    rest = (doc.width - first) / extra
    widths = [first] + [rest] * extra
    story.append(
        _grid(
            styles,
            [c.label for c in columns],
            [line.cells for line in table.lines],
            table.total.cells,
            widths,
        )
    )
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            _(
                "An institution has entered data in a period when it created or changed a missing report or a found "
                "child's record in it. Records entered: created in the period; records updated: changed in the period "
                "after their creation. Share uploading: institutions that entered data in the period, as a percentage "
                "of those registered. Only active police stations, CWCs, JJBs and CCIs are counted."
            ),
            styles["note"],
        )
    )
    story.append(_signature(styles, user))
    shown = [line for line in table.lines if line.cells[-1] is not None][:40]
    if shown and table.level != "institution":
        story.append(Spacer(1, 6 * mm))
        story.append(
            bar_chart(
                _("Share of institutions uploading (%%), %(period)s") % {"period": statement.period_label},
                [str(line.cells[0])[:30] for line in shown],
                [(_("Share uploading"), [line.cells[-1] for line in shown])],
                height=min(170 * mm, 20 * mm + 4.2 * mm * len(shown)),
                horizontal=True,
                value_max=100,
            )
        )
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()


def dashboard_pdf(figures, user) -> bytes:
    styles = _styles()
    title = _("MIS report: missing and found children")
    out, doc = _document(title)
    story = _heading(styles, title, user.jurisdiction_label(), None, figures.as_of or timezone.now())

    for chart in dashboard_charts(figures):
        # Noto Sans has no arrow glyph: "Jharkhand → Bihar" is written "Jharkhand > Bihar" in the PDF.
        rows = [[str(row[0]).replace("→", ">"), *row[1:]] for row in chart.rows]
        series = [(name, [row[i + 1] or 0 for row in rows]) for i, name in enumerate(chart.series)]
        labels = [row[0][:28] for row in rows]
        horizontal = chart.horizontal and len(rows) > 3
        header = [chart.label_heading.replace("→", ">"), *chart.series] + (
            [_("Traced (%)")] if chart.with_rate else []
        )
        widths = [44 * mm] + [19 * mm] * (len(header) - 1)
        heading = Paragraph(chart.title, styles["h2"])
        if len(rows) > 14:
            # A long list (every State/UT): the chart across the page, its numbers below, split over pages.
            height = min(140 * mm, 20 * mm + 3.4 * mm * len(rows))
            story.append(
                KeepTogether([heading, bar_chart("", labels, series, height=height, horizontal=True)])
            )
            story.append(_grid(styles, header, rows, widths=widths))
            continue
        height = 20 * mm + 4.4 * mm * len(rows) if horizontal else 58 * mm
        drawing = bar_chart("", labels, series, width=158 * mm, height=height, horizontal=horizontal)
        side_by_side = Table(
            [[drawing, _grid(styles, header, rows, widths=widths)]], colWidths=[162 * mm, None]
        )
        side_by_side.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
        )
        story.append(KeepTogether([heading, side_by_side]))
    children = _("Children")
    funnel = [[name, _("not yet available") if n is None else n] for name, n in figures.funnel]
    story.append(
        KeepTogether(
            [
                Paragraph(_("Match funnel"), styles["h2"]),
                _grid(styles, [_("Stage"), children], funnel, widths=[120 * mm, 40 * mm]),
            ]
        )
    )
    flows = [
        Paragraph(
            _("Inter-state flows: from the home State/UT to the State/UT where the child was found"),
            styles["h2"],
        )
    ]
    if figures.flows:
        flows.append(
            _grid(
                styles,
                [_("From"), _("To"), children],
                [list(f) for f in figures.flows[:30]],
                widths=[70 * mm, 70 * mm, 30 * mm],
                text_columns=2,
            )
        )
    else:
        flows.append(Paragraph(_("No child has yet been restored across a State/UT border."), styles["note"]))
    story.append(KeepTogether(flows))
    story.append(_signature(styles, user))
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return out.getvalue()
