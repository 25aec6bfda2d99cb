"""Exports of the list pages: the user's records only, the page's filters, formulas neutralised, identities
redacted for supervisors who do not handle cases, and every export audited."""

import io

import openpyxl
from django.test import Client

from tests.conftest import missing_report_data
from trackchild.audit.models import AuditEvent
from trackchild.cases.services import register_missing_report


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_rows(response) -> list[list[str]]:
    import csv

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_it_exports_the_filtered_list_and_audits_it(cast, missing_report):
    register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="FIR-2", name="Priya", gender="female"),
    )
    response = client_for(cast.police_officer).get(
        "/exchange/export/missing-reports.csv", {"gender": "female"}
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    rows = csv_rows(response)
    header = rows[0]
    assert [row[header.index("fir_number")] for row in rows[1:]] == ["FIR-2"]
    event = AuditEvent.objects.get(action="export", actor=cast.police_officer)
    assert event.summary == {
        "register": "missing_reports",
        "format": "csv",
        "rows": 1,
        "filters": ["gender"],
        "redacted": False,
    }


def test_values_that_a_spreadsheet_would_run_are_neutralised(cast):
    register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(
            cast,
            name='=HYPERLINK("http://x")',
            father_name="+91 98",
            mother_name="-1",
            other_names="@SUM(A1)",
        ),
    )
    rows = csv_rows(client_for(cast.police_officer).get("/exchange/export/missing-reports.csv"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["name"] == '\'=HYPERLINK("http://x")'
    assert (record["father_name"], record["mother_name"], record["other_names"]) == (
        "'+91 98",
        "'-1",
        "'@SUM(A1)",
    )


def test_national_officers_get_identities_redacted(cast, missing_report):
    rows = csv_rows(client_for(cast.national_officer).get("/exchange/export/missing-reports.csv"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert record["name"] == record["father_name"] == record["complainant_phone"] == "[redacted]"
    assert record["fir_number"] == "FIR-101/2026" and record["age_years"] == "11"
    assert AuditEvent.objects.get(action="export", actor=cast.national_officer).summary["redacted"] is True


def test_district_officers_see_identities(cast, missing_report):
    rows = csv_rows(client_for(cast.district_officer).get("/exchange/export/missing-reports.csv"))
    assert dict(zip(rows[0], rows[1], strict=True))["name"] == "Sonu Kumar"


def test_the_outsider_exports_nothing_of_another_district(cast, missing_report):
    rows = csv_rows(client_for(cast.outsider).get("/exchange/export/missing-reports.csv"))
    assert len(rows) == 1  # the header only
    assert AuditEvent.objects.get(action="export", actor=cast.outsider).summary["rows"] == 0


def test_the_excel_export_has_the_same_rows(cast, found_child):
    response = client_for(cast.cci_staff).get("/exchange/export/found-children.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][rows[0].index("name")] == "सोनू"
    assert AuditEvent.objects.filter(action="export", actor=cast.cci_staff, summary__format="xlsx").exists()


def test_an_export_needs_a_login(db):
    response = Client().get("/exchange/export/missing-reports.csv")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
