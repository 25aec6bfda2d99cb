"""The data exchange pages: upload, preview, save, templates; who may use them."""

import io

import openpyxl
from django.test import Client

from tests.exchange.files import csv_upload, missing_row
from trackchild.cases.models import MissingReport
from trackchild.exchange.models import ImportJob


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_police_officer_uploads_previews_and_saves(cast):
    client = client_for(cast.police_officer)
    response = client.post(
        "/exchange/",
        {"register": "missing_reports", "mode": "all", "file": csv_upload([missing_row(1), missing_row(2)])},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exchange/imports/{job.pk}/"
    preview = client.get(response["Location"]).content.decode()
    assert "Checked: see the preview" in preview and MissingReport.objects.count() == 0
    saved = client.post(f"/exchange/imports/{job.pk}/save/")
    assert saved.status_code == 302
    assert MissingReport.objects.count() == 2
    assert "Saved: 2 new" in client.get(saved["Location"]).content.decode()


def test_the_preview_lists_each_problem_by_row_and_column_and_save_is_refused(cast):
    client = client_for(cast.police_officer)
    client.post(
        "/exchange/",
        {
            "register": "missing_reports",
            "mode": "all",
            "file": csv_upload([missing_row(1), missing_row(2, gender="boy")]),
        },
    )
    job = ImportJob.objects.get()
    page = client.get(f"/exchange/imports/{job.pk}/").content.decode()
    assert '<td data-label="Row">3</td>' in page and "<code>gender</code>" in page and "Write one of" in page
    response = client.post(f"/exchange/imports/{job.pk}/save/")
    assert response.status_code == 400 and "Nothing was saved" in response.content.decode()
    assert MissingReport.objects.count() == 0


def test_a_refused_file_is_explained(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(cast.police_officer)
    client.post(
        "/exchange/",
        {
            "register": "missing_reports",
            "mode": "all",
            "file": SimpleUploadedFile("r.csv", b"name,shoe size\nA,4\n"),
        },
    )
    page = client.get(f"/exchange/imports/{ImportJob.objects.get().pk}/").content.decode()
    assert "The header row does not match the template" in page


def test_a_role_that_cannot_add_records_is_offered_no_upload_and_refused(cast):
    client = client_for(cast.national_officer)
    assert "Upload a register" not in client.get("/exchange/").content.decode()
    response = client.post(
        "/exchange/", {"register": "missing_reports", "mode": "all", "file": csv_upload([missing_row(1)])}
    )
    assert response.status_code == 403 and ImportJob.objects.count() == 0


def test_a_cci_cannot_upload_missing_reports(cast):
    response = client_for(cast.cci_staff).post(
        "/exchange/", {"register": "missing_reports", "mode": "all", "file": csv_upload([missing_row(1)])}
    )
    assert response.status_code == 400 and ImportJob.objects.count() == 0


def test_the_outsider_cannot_see_or_save_someone_elses_upload(cast):
    client_for(cast.police_officer).post(
        "/exchange/", {"register": "missing_reports", "mode": "all", "file": csv_upload([missing_row(1)])}
    )
    job = ImportJob.objects.get()
    outsider = client_for(cast.outsider)
    assert outsider.get(f"/exchange/imports/{job.pk}/").status_code == 404
    assert outsider.post(f"/exchange/imports/{job.pk}/save/").status_code == 404
    assert outsider.get(f"/exchange/imports/{job.pk}/rows-to-fix.csv").status_code == 404
    assert MissingReport.objects.count() == 0


def test_the_excel_template_explains_every_column_in_english_and_hindi(cast):
    response = client_for(cast.cci_staff).get("/exchange/templates/found_children.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header = next(workbook.worksheets[0].iter_rows(values_only=True))
    notes = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert header[0] == "admission_number"
    assert notes[0] == ("column", "required", "kind", "English", "हिन्दी", "example")
    assert [row[0] for row in notes[1:]] == list(header)
    assert all(row[3] and row[4] for row in notes[1:])


def test_the_csv_template_is_the_header_row(cast):
    text = (
        client_for(cast.police_officer)
        .get("/exchange/templates/missing_reports.csv")
        .content.decode("utf-8-sig")
    )
    assert text.splitlines()[0].startswith("fir_number,fir_date,missing_since")
    assert len(text.splitlines()) == 1


def test_a_busy_job_page_refreshes_itself(cast, settings):
    from trackchild.exchange import imports

    settings.IMPORT_MAX_ROWS = 100_000
    original = imports.INLINE_BYTES
    imports.INLINE_BYTES = 0  # every file goes to the worker
    try:
        client = client_for(cast.police_officer)
        client.post(
            "/exchange/", {"register": "missing_reports", "mode": "all", "file": csv_upload([missing_row(1)])}
        )
    finally:
        imports.INLINE_BYTES = original
    page = client.get(f"/exchange/imports/{ImportJob.objects.get().pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "<progress" in page
