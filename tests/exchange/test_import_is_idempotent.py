"""Saving the same file twice changes nothing; a changed row updates its record; a withdraw row closes it;
the valid-rows mode saves the rest and hands back the rows to fix."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.exchange.files import csv_text, csv_upload, missing_row
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport, StatusChange
from trackchild.exchange.imports import request_save, start_import


def run(cast, upload, mode="all"):
    job = start_import(actor=cast.police_officer, register="missing_reports", upload=upload, mode=mode)
    job.refresh_from_db()
    request_save(actor=cast.police_officer, job=job)
    job.refresh_from_db()
    return job


def snapshot():
    return (
        list(MissingReport.objects.order_by("pk").values()),
        StatusChange.objects.count(),
        AuditEvent.objects.filter(object_type="cases.missingreport").count(),
    )


def test_uploading_the_same_file_twice_changes_nothing(cast):
    rows = [missing_row(n) for n in range(1, 6)]
    first = run(cast, csv_upload(rows))
    assert (first.status, first.created) == ("done", 5)
    before = snapshot()
    second = start_import(
        actor=cast.police_officer, register="missing_reports", upload=csv_upload(rows), mode="all"
    )
    second.refresh_from_db()
    assert (second.new_rows, second.existing_rows, second.same_rows) == (0, 0, 5)  # the preview says so
    request_save(actor=cast.police_officer, job=second)
    second.refresh_from_db()
    assert (second.status, second.created, second.updated, second.unchanged) == ("done", 0, 0, 5)
    assert snapshot() == before


def test_a_changed_row_updates_its_record_as_the_uploaders_change(cast):
    run(cast, csv_upload([missing_row(1), missing_row(2)]))
    job = run(cast, csv_upload([missing_row(1, age_years="12"), missing_row(2)]))
    assert (job.updated, job.unchanged) == (1, 1)
    report = MissingReport.objects.get(fir_number="FIR-1/2026")
    assert (report.age_years, report.version) == (12, 2)
    event = AuditEvent.objects.get(
        action="update", object_type="cases.missingreport", object_id=str(report.pk)
    )
    assert event.actor == cast.police_officer and event.summary["fields"] == ["age_years"]
    assert event.summary["import_job"] == job.pk


def test_a_withdraw_row_closes_the_record_with_its_reason(cast):
    run(cast, csv_upload([missing_row(1)]))
    job = run(cast, csv_upload([missing_row(1, withdraw_reason="Registered twice by mistake")]))
    assert job.withdrawn == 1
    report = MissingReport.objects.get()
    assert report.status == "closed"
    assert report.status_changes.last().reason == "Registered twice by mistake"
    # Withdrawing again is no change.
    assert (
        run(cast, csv_upload([missing_row(1, withdraw_reason="Registered twice by mistake")])).unchanged == 1
    )


def test_the_valid_rows_mode_saves_them_and_returns_the_others_to_fix(cast):
    rows = [missing_row(1), missing_row(2, age_years="40"), missing_row(3, gender="boy")]
    job = run(cast, csv_upload(rows), mode="valid")
    assert (job.status, job.created, job.skipped) == ("done", 1, 2)
    client = Client()
    client.force_login(cast.police_officer)
    response = client.get(f"/exchange/imports/{job.pk}/rows-to-fix.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].endswith(",problems") and len(lines) == 3
    assert "FIR-2/2026" in lines[1] and "age_years" in lines[1]
    assert "FIR-3/2026" in lines[2] and "gender: Write one of" in lines[2]
    assert list(MissingReport.objects.values_list("fir_number", flat=True)) == ["FIR-1/2026"]


def test_all_or_nothing_saves_nothing_when_one_row_is_bad(cast):
    job = start_import(
        actor=cast.police_officer,
        register="missing_reports",
        mode="all",
        upload=SimpleUploadedFile(
            "r.csv", csv_text([missing_row(1), missing_row(2, age_years="40")]).encode()
        ),
    )
    job.refresh_from_db()
    assert job.invalid_rows == 1
    try:
        request_save(actor=cast.police_officer, job=job)
    except Exception as refused:  # noqa: BLE001 - the message is what matters
        assert "Nothing was saved" in str(refused)
    assert MissingReport.objects.count() == 0
