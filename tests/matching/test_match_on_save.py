"""pipeline: every save queues its record, and (with no worker running) matches it inline on commit."""

from trackchild.audit.models import AuditEvent
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
    assert AuditEvent.objects.filter(action="match", object_type="cases.foundchild", object_id=str(child.pk)).exists()
