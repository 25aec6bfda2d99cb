"""The save reads the rows the preview kept (not the file again), yet refuses what became invalid since the
preview; it queues the records for matching instead of matching them."""

from pathlib import Path

from django.utils import timezone

from tests.conftest import missing_report_data
from tests.exchange.files import HEADER, csv_text, csv_upload, missing_row
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport, StatusChange
from trackchild.cases.services import register_missing_report
from trackchild.exchange import imports
from trackchild.exchange.checked_rows import checked_rows_path
from trackchild.matching.models import MatchJob


def preview(cast, rows, mode="all"):
    job = imports.start_import(
        actor=cast.police_officer, register="missing_reports", upload=csv_upload(rows), mode=mode
    )
    job.refresh_from_db()
    assert job.status == "checked", job.message
    return job


def save(cast, job):
    imports.request_save(actor=cast.police_officer, job=job)
    job.refresh_from_db()
    return job


def test_it_saves_the_kept_rows_and_then_deletes_them(cast, monkeypatch):
    job = preview(cast, [missing_row(n) for n in range(1, 4)])
    kept = checked_rows_path(job)
    assert kept.exists()
    monkeypatch.setattr(
        imports, "_chunks", lambda *a, **k: (_ for _ in ()).throw(AssertionError("re-parsed"))
    )
    job = save(cast, job)
    assert (job.status, job.created) == ("done", 3)
    assert not kept.exists()  # it holds children's data
    assert StatusChange.objects.count() == 3
    assert AuditEvent.objects.filter(action="create", object_type="cases.missingreport").count() == 3
    report = MissingReport.objects.get(fir_number="FIR-2/2026")
    assert (report.last_seen_district.name, report.age_years) == ("Patna", 11)
    assert timezone.localtime(report.missing_since).strftime("%H:%M") == "18:30"  # Indian Standard Time
    assert report.name == "सोनू कुमार"


def test_a_record_saved_with_the_same_key_after_the_preview_is_updated_not_duplicated(cast):
    job = preview(cast, [missing_row(1, age_years="12"), missing_row(2)])
    assert job.new_rows == 2
    register_missing_report(
        actor=cast.police_officer, data=missing_report_data(cast, fir_number="fir-1/2026")
    )
    job = save(cast, job)
    assert (job.status, job.created, job.updated) == ("done", 1, 1)
    assert MissingReport.objects.filter(fir_number__iexact="FIR-1/2026").get().age_years == 12


def test_a_row_that_became_invalid_after_the_preview_stops_an_all_or_nothing_save(cast):
    from trackchild.geo.models import District

    job = preview(cast, [missing_row(1)])
    District.objects.filter(name="Patna", state__name="Bihar").update(is_active=False)  # merged meanwhile
    job = save(cast, job)
    assert job.status == "failed" and "no longer in use" in job.message
    assert MissingReport.objects.count() == 0
    assert not checked_rows_path(job).exists()


def test_a_file_changed_on_disk_after_the_preview_is_read_again(cast):
    job = preview(cast, [missing_row(1)])
    Path(job.file.path).write_text(csv_text([missing_row(1, age_years="19")]), encoding="utf-8")
    job = save(cast, job)
    assert job.status == "failed" and "under 18" in job.message
    assert MissingReport.objects.count() == 0


def test_imported_records_are_queued_for_matching_not_matched(cast):
    job = save(cast, preview(cast, [missing_row(n) for n in range(1, 4)]))
    queued = MatchJob.objects.filter(side="missing")
    assert set(queued.values_list("record_id", flat=True)) == set(
        MissingReport.objects.values_list("pk", flat=True)
    )
    assert set(queued.values_list("state", flat=True)) == {"pending"}
    assert job.created == 3


def test_a_row_whose_district_moved_state_after_the_preview_is_checked_again(cast):
    from trackchild.geo.models import District, State

    patna = District.objects.get(name="Patna", state__name="Bihar")
    bihar = patna.state
    header = [*HEADER, "home_district", "home_state"]
    row = missing_row(1, home_district=str(patna.lgd_code), home_state=str(bihar.lgd_code))
    job = imports.start_import(
        actor=cast.police_officer,
        register="missing_reports",
        upload=csv_upload([row], header=header),
        mode="all",
    )
    job.refresh_from_db()
    assert (job.status, job.new_rows) == ("checked", 1), job.message
    District.objects.filter(pk=patna.pk).update(state=State.objects.exclude(pk=bihar.pk).first())
    job = save(cast, job)
    assert job.status == "failed" and "not in the chosen state" in job.message
    assert MissingReport.objects.count() == 0
