"""While one chunk is written, the save builds the next chunk's new records in a thread; they are used only if
every row of that chunk is still new once its keys are looked up in its own transaction."""

import threading

from tests.exchange.files import csv_upload, missing_row
from trackchild.audit.models import AuditEvent
from trackchild.cases import bulk
from trackchild.cases.models import MissingReport, StatusChange
from trackchild.cases.services import register_missing_report
from trackchild.exchange import imports


def upload(cast, rows, mode="all"):
    job = imports.start_import(actor=cast.police_officer, register="missing_reports", mode=mode, upload=rows)
    job.refresh_from_db()
    assert job.status == "checked", job.message
    return job


def test_new_chunks_are_built_in_a_thread_and_written_as_built(cast, monkeypatch):
    built, written = [], []
    prepare, write = bulk.prepare_new_records, bulk._write_new

    def preparing(*args):
        records = prepare(*args)
        built.append((threading.current_thread().name, records))
        return records

    def writing(model, actor, new_records, status):
        written.append(new_records)
        return write(model, actor, new_records, status)

    monkeypatch.setattr(bulk, "prepare_new_records", preparing)
    monkeypatch.setattr(bulk, "_write_new", writing)
    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)
    job = upload(cast, csv_upload([missing_row(n) for n in range(1, 9)]))
    built.clear()  # the preview builds nothing ahead; only the save does
    imports.request_save(actor=cast.police_officer, job=job)
    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 8)
    assert [name.startswith("import-ahead") for name, _records in built] == [True] * 3
    assert [id(records) for records in written] == [id(records) for _name, records in built]
    assert MissingReport.objects.count() == 8 == StatusChange.objects.count()
    audits = AuditEvent.objects.filter(action="create", object_type="cases.missingreport")
    assert audits.count() == 8 and all(a.summary["import_job"] == job.pk for a in audits)
    assert all(a.actor_id == cast.police_officer.pk for a in audits)


def test_a_chunk_that_meets_an_existing_record_is_built_again_inside_its_transaction(cast, monkeypatch):
    from tests.conftest import missing_report_data

    monkeypatch.setattr(imports, "CHUNK_ROWS", 3)
    job = upload(cast, csv_upload([missing_row(n) for n in range(1, 7)]), mode="valid")
    # After the preview, someone files FIR-2 at the station: the first chunk's rows are not all new any more.
    existing = register_missing_report(
        actor=cast.police_officer, data=missing_report_data(cast, fir_number=missing_row(2)["fir_number"])
    )
    imports.request_save(actor=cast.police_officer, job=job)
    job.refresh_from_db()
    assert job.status == "done" and job.created == 5 and job.created + job.updated + job.unchanged == 6
    assert MissingReport.objects.count() == 6
    assert MissingReport.objects.filter(fir_number__iexact=existing.fir_number).count() == 1
