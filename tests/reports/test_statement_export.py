"""The statement as CSV, Excel (one sheet per level) and PDF: the page's figures, audited, scoped."""

import csv
import io

import pytest
from django.urls import reverse

from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent


def export(user, fmt, **query):
    return client_for(user).get(reverse("reports-statement-export", args=[fmt]), query)


def test_the_csv_holds_the_page_rows_and_the_total(world):
    response = export(world.cast.state_officer, "csv", period="ever")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["District", "Police stations", "CWCs", "JJBs", "CCIs", "Total registered"]
    patna = next(r for r in rows if r[0] == "Patna")
    assert patna[1:9] == ["2", "1", "1", "1", "5", "2", "2", "1"]
    assert patna[9:11] == ["4", "1"]  # records entered and updated since the start
    assert rows[-1][0] == "Total: Bihar" and rows[-1][5] == "6"
    event = AuditEvent.objects.get(action="export")
    assert event.actor == world.cast.state_officer
    assert event.summary["format"] == "csv" and event.summary["scope"] == "Bihar"


def test_the_excel_file_has_one_formatted_sheet_per_level(world):
    from openpyxl import load_workbook

    response = export(world.cast.national_officer, "xlsx", period="90")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["States-UTs", "Districts", "Institutions"]
    states = book["States-UTs"]
    assert states["A4"].value == "State/UT" and states["A4"].font.bold
    names = [states.cell(r, 1).value for r in range(5, states.max_row + 1)]
    bihar = names.index("Bihar") + 5
    assert [states.cell(bihar, c).value for c in range(2, 7)] == [2, 1, 1, 2, 6]
    assert states.cell(states.max_row, 1).value == "Total: India"
    assert states.cell(states.max_row, 6).value == 7
    institutions = book["Institutions"]
    assert institutions.max_row - 4 == 7 + 1  # seven institutions and the total
    assert book["Districts"].freeze_panes == "B5"


def test_a_district_officer_s_excel_file_starts_at_their_district(world):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export(world.cast.district_officer, "xlsx").content))
    assert book.sheetnames == ["Institutions"]
    values = [c.value for c in book["Institutions"]["A"]]
    assert "PS-B police_station" not in values and "PS-A police_station" in values


def test_the_pdf_is_an_annexure(world):
    response = export(world.cast.state_officer, "pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_format_is_not_found(world):
    assert export(world.cast.state_officer, "docx").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_institution_accounts_get_no_export(world, fmt):
    assert export(world.cast.outsider, fmt).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


def test_an_export_of_another_state_is_not_found(world):
    assert export(world.cast.state_officer, "csv", state=world.cast.district_b.state_id).status_code == 404
