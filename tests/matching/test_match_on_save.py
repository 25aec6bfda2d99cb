"""pipeline: every save queues its record, and (with no worker running) matches it inline on commit."""

from trackchild.audit.models import AuditEvent
from trackchild.cases.services import register_missing_report, update_found_child, update_missing_report
from trackchild.matching.models import Candidate, MatchJob


def test_it_stores_a_candidate_when_the_second_record_is_saved(pair):
    report, child = pair
    candidate = Candidate.objects.get()
    assert (candidate.missing_report, candidate.found_child) == (report, child)
    assert candidate.status == "pending" and candidate.score >= 0.2
    assert candidate.band in {"high", "medium", "low"}
    assert {part["field"] for part in candidate.explanation} >= {"name", "gender"}
    assert candidate.engine_version.startswith("childmatch-")
    assert MatchJob.objects.filter(state="done").count() == 2
    assert AuditEvent.objects.filter(
        action="match", object_type="cases.foundchild", object_id=str(child.pk)
    ).exists()


def test_it_re_matches_a_changed_record_and_retires_a_candidate_that_falls_below_the_floor(
    cast, pair, committed
):
    _report, child = pair
    first = Candidate.objects.get()
    committed(
        update_found_child,
        actor=cast.cci_staff,
        child_id=child.pk,
        expected_version=child.version,
        data={"name": "Priya", "gender": "female", "age_years": 4},
    )
    first.refresh_from_db()
    assert first.status == "retired"
    assert MatchJob.objects.filter(side="found", record_id=child.pk, state="done").count() == 2
    child.refresh_from_db()
    committed(
        update_found_child,
        actor=cast.cci_staff,
        child_id=child.pk,
        expected_version=child.version,
        data={"name": "सोनू", "gender": "male", "age_years": 12},
    )
    first.refresh_from_db()
    assert first.status == "pending"


def test_it_updates_the_score_when_a_compared_field_changes(cast, pair, committed):
    report, _child = pair
    before = Candidate.objects.get().score
    committed(
        update_missing_report,
        actor=cast.police_officer,
        report_id=report.pk,
        expected_version=report.version,
        data={"father_name": "", "age_years": 15},
    )
    after = Candidate.objects.get()
    assert after.score != before
    assert after.computed_at is not None


def test_it_does_not_match_a_record_saved_in_a_transaction_that_rolls_back(
    cast, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from tests.conftest import missing_report_data

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))
                raise RuntimeError("the caller fails after the save")
        except RuntimeError:
            pass
    assert callbacks == [] and MatchJob.objects.count() == 0


def test_an_upload_or_api_batch_queues_every_created_and_updated_record(cast, committed):
    from tests.conftest import missing_report_data
    from trackchild.cases.bulk import Upsert, upsert_missing_reports

    results = committed(
        upsert_missing_reports,
        actor=cast.police_officer,
        items=[
            Upsert(missing_report_data(cast, fir_number=f"FIR-{n}/2026", name=f"Child {n}")) for n in range(3)
        ],
    )
    queued = set(MatchJob.objects.filter(side="missing").values_list("record_id", flat=True))
    assert queued == {result.record_id for result in results}
    assert MatchJob.objects.filter(state="done").count() == 3
