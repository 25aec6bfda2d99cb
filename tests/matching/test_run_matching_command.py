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
