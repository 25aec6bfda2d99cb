"""Building upload files for tests: CSV text in any encoding and real XLSX workbooks, from template columns."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trackchild.exchange.columns import MISSING_REPORT_COLUMNS

HEADER = [
    "fir_number",
    "fir_date",
    "missing_since",
    "place_last_seen",
    "last_seen_district",
    "complainant_name",
    "complainant_relation",
    "complainant_phone",
    "name",
    "gender",
    "age_years",
    "withdraw_reason",
]
assert set(HEADER) <= {c.name for c in MISSING_REPORT_COLUMNS}


def patna_code() -> str:
    """District A of the cast (Patna), by the LGD code the shipped geography gives it."""
    from trackchild.geo.models import District

    return str(District.objects.get(name="Patna", state__name="Bihar").lgd_code)


def missing_row(n: int = 1, **overrides) -> dict:
    day = timezone.localdate() - timedelta(days=10)
    row = {
        "fir_number": f"FIR-{n}/2026",
        "fir_date": day.strftime("%d-%m-%Y"),
        "missing_since": (day - timedelta(days=1)).strftime("%d-%m-%Y") + " 18:30",
        "place_last_seen": "Patna Junction",
        "last_seen_district": patna_code(),
        "complainant_name": "Ramesh Yadav",
        "complainant_relation": "father",
        "complainant_phone": "9812345678",
        "name": "सोनू कुमार",
        "gender": "male",
        "age_years": "11",
        "withdraw_reason": "",
    }
    return {**row, **overrides}


def csv_text(rows: list[dict], header: list[str] = HEADER, delimiter: str = ",") -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue()


def csv_upload(
    rows: list[dict], name: str = "register.csv", encoding: str = "utf-8", **kwargs
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_text(rows, **kwargs).encode(encoding), content_type="text/csv")


def xlsx_bytes(rows: list[list], header: list[str] = HEADER) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_upload(rows: list[list], name: str = "register.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, **kwargs))
