"""`trackchild run_matching --all | --since DATE`: bulk matching, safe to run again."""

import io

from django.core.management import call_command
from django.utils import timezone

from tests.conftest import found_child_data, missing_report_data
from trackchild.cases.services import register_found_child, register_missing_report
from trackchild.matching.models import Candidate


def saved_without_matching(cast):
    # Outside `committed`, the after-commit matching never runs: as if no one had matched these yet.
    report = register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))
    child = register_found_child(actor=cast.cci_staff, data=found_child_data(cast))
    return report, child


def test_all_stores_the_candidates_and_a_second_run_stores_the_same(cast):
    report, child = saved_without_matching(cast)
    out = io.StringIO()
    call_command("run_matching", "--all", stdout=out)
    assert "candidates stored" in out.getvalue() and "peak memory" in out.getvalue()
    first = list(Candidate.objects.values_list("missing_report", "found_child", "status"))
    assert first == [(report.pk, child.pk, "pending")]
    call_command("run_matching", "--all", stdout=io.StringIO())
    assert list(Candidate.objects.values_list("missing_report", "found_child", "status")) == first


def test_all_retires_candidates_of_records_no_longer_open(cast):
    from trackchild.cases.services import set_status

    report, _child = saved_without_matching(cast)
    call_command("run_matching", "--all", stdout=io.StringIO())
    set_status(
        actor=cast.police_officer,
        record=report,
        to_status="closed",
        expected_version=report.version,
        reason="Found at a relative's house",
    )
    call_command("run_matching", "--all", stdout=io.StringIO())
    assert Candidate.objects.get().status == "retired"


def test_since_matches_the_records_changed_since_the_date(cast):
    saved_without_matching(cast)
    out = io.StringIO()
    call_command("run_matching", "--since", timezone.localdate().isoformat(), stdout=out)
    assert "2 records changed since" in out.getvalue()
    assert Candidate.objects.count() == 1


def test_all_resumes_after_the_last_chunk_stored_when_interrupted(cast, monkeypatch):
    from trackchild.matching import bulk
    from trackchild.matching.models import RematchRun

    report = register_missing_report(actor=cast.police_officer, data=missing_report_data(cast))
    children = [
        register_found_child(actor=cast.cci_staff, data=found_child_data(cast, found_place=place))
        for place in ("Patna Junction", "Gandhi Maidan", "Danapur station")
    ]
    real, calls = bulk.store_links_many, []

    def interrupted_on_the_second_chunk(side, items):
        calls.append([pk for pk, _r, _l in items])
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(side, items)

    monkeypatch.setattr(bulk, "store_links_many", interrupted_on_the_second_chunk)
    try:
        call_command("run_matching", "--all", "--chunk", "1", stdout=io.StringIO())
    except KeyboardInterrupt:
        pass
    run = RematchRun.objects.get()
    assert run.finished_at is None and run.last_found_id == children[0].pk and run.found_done == 1
    assert list(Candidate.objects.values_list("found_child", flat=True)) == [children[0].pk]
    monkeypatch.setattr(bulk, "store_links_many", real)
    out = io.StringIO()
    call_command("run_matching", "--all", "--chunk", "1", stdout=out)
    assert f"resuming run {run.pk} after found child {children[0].pk}" in out.getvalue()
    run.refresh_from_db()
    assert run.finished_at is not None and run.found_done == 3
    assert set(Candidate.objects.values_list("missing_report", "found_child")) == {
        (report.pk, child.pk) for child in children
    }


def test_a_finished_run_is_not_resumed_and_restart_starts_over(cast):
    from trackchild.matching.models import RematchRun

    saved_without_matching(cast)
    call_command("run_matching", "--all", stdout=io.StringIO())
    out = io.StringIO()
    call_command("run_matching", "--all", stdout=out)
    assert "resuming" not in out.getvalue() and RematchRun.objects.count() == 2
    RematchRun.objects.update(finished_at=None, last_found_id=10**9)
    call_command("run_matching", "--all", "--restart", stdout=io.StringIO())
    assert Candidate.objects.get().status == "pending"
    assert RematchRun.objects.filter(finished_at__isnull=True).count() == 0


def test_all_leaves_a_rejected_pair_rejected(cast, committed):
    from trackchild.matching.services import reject_candidate

    saved_without_matching(cast)
    call_command("run_matching", "--all", stdout=io.StringIO())
    candidate = Candidate.objects.get()
    reject_candidate(
        actor=cast.cwc_member, candidate_id=candidate.pk, expected_version=1, reason="Different parents"
    )
    call_command("run_matching", "--all", stdout=io.StringIO())
    assert Candidate.objects.get().status == "rejected"
