"""Files as offices produce them: UTF-8 with and without BOM, UTF-16 tab-separated, Windows-1252, Excel
workbooks; dates DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD and Excel serial numbers; names in any Indian script."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.exchange.files import HEADER, csv_text, missing_row, xlsx_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport
from trackchild.exchange.imports import request_save, start_import
from trackchild.exchange.rows import parse_date

NAMES = ["सोनू कुमार", "সোনু", "ਸੋਨੂ", "சோனு", "సోను", "ಸೋನು", "സോനു", "ସୋନୁ", "સોનુ", "ᱥᱚᱱᱩ", "سونو"]


def import_file(cast, upload):
    job = start_import(actor=cast.police_officer, register="missing_reports", upload=upload, mode="all")
    job.refresh_from_db()
    assert job.status == "checked", (job.message, list(job.problems.values_list("row", "column", "message")))
    request_save(actor=cast.police_officer, job=job)
    job.refresh_from_db()
    assert job.status == "done", job.message
    return job


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ",", "utf-8-sig"),
        ("utf-16", "\t", "utf-16"),
        ("utf-8", ";", "utf-8"),
    ],
)
def test_it_reads_every_unicode_encoding_and_indian_scripts(cast, encoding, delimiter, expected):
    rows = [missing_row(n, name=name) for n, name in enumerate(NAMES, start=1)]
    upload = SimpleUploadedFile("r.csv", csv_text(rows, delimiter=delimiter).encode(encoding))
    job = import_file(cast, upload)
    assert job.encoding == expected and job.created == len(NAMES)
    assert set(MissingReport.objects.values_list("name", flat=True)) == set(NAMES)


def test_it_reads_windows_1252_as_excel_saves_it(cast):
    upload = SimpleUploadedFile("r.csv", csv_text([missing_row(name="José D’Souza")]).encode("cp1252"))
    job = import_file(cast, upload)
    assert job.encoding == "cp1252"
    assert MissingReport.objects.get().name == "José D’Souza"


def test_it_reads_an_excel_workbook_with_real_dates_and_numbers(cast):
    day = timezone.localdate() - timedelta(days=5)
    cells = list(missing_row().values())
    cells[HEADER.index("fir_date")] = day  # a real date cell
    cells[HEADER.index("last_seen_district")] = cast.district_a.lgd_code  # a number cell
    cells[HEADER.index("age_years")] = 11.0
    import_file(cast, SimpleUploadedFile("r.xlsx", xlsx_bytes([cells])))
    report = MissingReport.objects.get()
    assert (report.fir_date, report.last_seen_district, report.age_years) == (day, cast.district_a, 11)
    assert AuditEvent.objects.filter(
        action="create", object_id=str(report.pk), actor=cast.police_officer
    ).exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25-11-2026", date(2026, 11, 25)),
        ("25/11/2026", date(2026, 11, 25)),
        ("2026-11-25", date(2026, 11, 25)),
        ("5.1.2026", date(2026, 1, 5)),
        ("46351", date(2026, 11, 25)),
        ("61", date(1900, 3, 1)),
        ("31-02-2026", None),
        ("11/25/2026", None),
        ("yesterday", None),
        ("0", None),
    ],
)
def test_it_reads_dates_day_first_iso_and_excel_serials(text, expected):
    assert parse_date(text) == expected
