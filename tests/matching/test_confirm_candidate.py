"""services.confirm_candidate: links the pair, traces the report, starts restoration, tells both sides."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from trackchild.accounts.models import User
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import StatusChange
from trackchild.concurrency import StaleRecord
from trackchild.matching.models import Candidate
from trackchild.matching.services import confirm_candidate
from trackchild.notifications.models import Notification


def test_it_moves_both_records_and_notifies_both_institutions_and_district_officers(
    cast, delhi, cross_state_pair, committed
):
    report, child = cross_state_pair
    User.objects.update(email="officer@example.org")
    candidate = Candidate.objects.get()
    committed(confirm_candidate, actor=delhi.cwc_member, candidate_id=candidate.pk, expected_version=1)
    report.refresh_from_db(), child.refresh_from_db(), candidate.refresh_from_db()
    assert (report.status, child.status, candidate.status) == (
        "traced",
        "restoration_in_progress",
        "confirmed",
    )
    assert candidate.decided_by == delhi.cwc_member and candidate.previous_statuses == {
        "missing_report": "reported",
        "found_child": "in_care",
    }
    assert StatusChange.objects.filter(
        missing_report=report, to_status="traced", changed_by=delhi.cwc_member
    ).exists()
    assert StatusChange.objects.filter(found_child=child, to_status="restoration_in_progress").exists()
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert {"police_a", "dcpu_a", "cci_dl", "cwc_dl", "dcpu_dl"} <= told
    assert "police_b" not in told
    assert len(mail.outbox) == len(told)
    assert AuditEvent.objects.filter(
        action="confirm",
        object_type="matching.candidate",
        object_id=str(candidate.pk),
        actor=delhi.cwc_member,
    ).exists()


def test_it_refuses_a_police_station_which_may_only_ask_for_verification(cast, cross_state_pair):
    with pytest.raises(PermissionDenied):
        confirm_candidate(
            actor=cast.police_officer, candidate_id=Candidate.objects.get().pk, expected_version=1
        )
    assert Candidate.objects.get().status == "pending"


def test_it_refuses_an_officer_of_an_unrelated_district(cast, cross_state_pair):
    from tests.conftest import make_account

    pune_officer = make_account("dcpu_pune", "district_officer", district=cast.district_b)
    with pytest.raises(PermissionDenied):
        confirm_candidate(actor=pune_officer, candidate_id=Candidate.objects.get().pk, expected_version=1)


def test_it_refuses_a_stale_version(delhi, cross_state_pair):
    with pytest.raises(StaleRecord):
        confirm_candidate(actor=delhi.cwc_member, candidate_id=Candidate.objects.get().pk, expected_version=7)
    assert Candidate.objects.get().status == "pending"
