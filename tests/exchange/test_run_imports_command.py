"""`trackchild run_imports`: the worker checks and saves queued imports."""

from django.core.management import call_command

from tests.exchange.files import csv_upload, missing_row
from trackchild.cases.models import MissingReport
from trackchild.exchange import imports
from trackchild.exchange.models import ImportJob


def test_it_checks_then_saves_a_large_upload_in_the_background(cast, monkeypatch):
    monkeypatch.setattr(imports, "INLINE_BYTES", 0)
    job = imports.start_import(
        actor=cast.police_officer,
        register="missing_reports",
        mode="all",
        upload=csv_upload([missing_row(n) for n in range(1, 8)]),
    )
    assert ImportJob.objects.get().status == "uploaded"
    call_command("run_imports")
    job.refresh_from_db()
    assert (job.status, job.total_rows) == ("checked", 7)
    imports.request_save(actor=cast.police_officer, job=job)
    assert ImportJob.objects.get().status == "queued" and MissingReport.objects.count() == 0
    call_command("run_imports", "--chunk-rows", "3")
    job.refresh_from_db()
    assert (job.status, job.created, job.rows_done) == ("done", 7, 8)
    assert MissingReport.objects.count() == 7


def test_a_job_with_a_recent_heartbeat_is_left_to_its_worker(cast, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(imports, "INLINE_BYTES", 0)
    job = imports.start_import(
        actor=cast.police_officer, register="missing_reports", mode="all", upload=csv_upload([missing_row(1)])
    )
    ImportJob.objects.filter(pk=job.pk).update(status="checking", heartbeat=timezone.now())
    call_command("run_imports")
    assert ImportJob.objects.get().status == "checking"
