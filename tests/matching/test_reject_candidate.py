"""services.reject_candidate: a rejected pair is never suggested again unless a compared field changes."""

import pytest
from django.core.exceptions import ValidationError

from trackchild.audit.models import AuditEvent
from trackchild.cases.services import update_found_child
from trackchild.matching.models import Candidate
from trackchild.matching.pipeline import match_record
from trackchild.matching.services import reject_candidate


def test_a_rejected_pair_is_not_suggested_again_when_the_records_are_re_matched(cast, pair):
    report, child = pair
    candidate = Candidate.objects.get()
    reject_candidate(
        actor=cast.cwc_member,
        candidate_id=candidate.pk,
        expected_version=1,
        reason="The family saw the photo: not their son.",
    )
    match_record("missing", report.pk)
    match_record("found", child.pk)
    candidate.refresh_from_db()
    assert candidate.status == "rejected" and candidate.rejected_fingerprint
    assert AuditEvent.objects.filter(action="reject", object_id=str(candidate.pk)).exists()


def test_a_rejected_pair_comes_back_when_a_compared_field_changes(cast, pair, committed):
    _report, child = pair
    candidate = Candidate.objects.get()
    reject_candidate(actor=cast.cwc_member, candidate_id=candidate.pk, expected_version=1, reason="Not him.")
    committed(
        update_found_child,
        actor=cast.cci_staff,
        child_id=child.pk,
        expected_version=child.version,
        data={"father_name": "Ramesh Yadav"},
    )
    candidate.refresh_from_db()
    assert candidate.status == "pending"


def test_a_change_that_compares_nothing_keeps_it_rejected(cast, pair, committed):
    _report, child = pair
    candidate = Candidate.objects.get()
    reject_candidate(actor=cast.cwc_member, candidate_id=candidate.pk, expected_version=1, reason="Not him.")
    committed(
        update_found_child,
        actor=cast.cci_staff,
        child_id=child.pk,
        expected_version=child.version,
        data={"clothing": "blue shirt"},
    )
    candidate.refresh_from_db()
    assert candidate.status == "rejected"


def test_it_needs_a_reason(cast, pair):
    with pytest.raises(ValidationError):
        reject_candidate(
            actor=cast.cwc_member, candidate_id=Candidate.objects.get().pk, expected_version=1, reason=" "
        )
    assert Candidate.objects.get().status == "pending"
