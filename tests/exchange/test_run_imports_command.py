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


def test_it_deletes_the_uploaded_files_of_imports_finished_long_ago(cast):
    from datetime import timedelta
    from pathlib import Path

    from django.test import Client
    from django.utils import timezone

    job = imports.start_import(
        actor=cast.police_officer,
        register="missing_reports",
        mode="valid",
        upload=csv_upload([missing_row(1), missing_row(2, gender="boy")]),
    )
    imports.request_save(actor=cast.police_officer, job=job)
    job.refresh_from_db()
    stored = Path(job.file.path)
    assert stored.exists()
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=31))
    call_command("run_imports")
    job.refresh_from_db()
    assert not job.file and not stored.exists()
    assert (job.created, job.problems.count()) == (1, 1)  # the counts and problems stay
    client = Client()
    client.force_login(cast.police_officer)
    assert client.get(f"/exchange/imports/{job.pk}/rows-to-fix.csv").status_code == 404
    assert client.get(f"/exchange/imports/{job.pk}/").status_code == 200
