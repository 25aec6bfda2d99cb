"""services.undo_confirmation: a district officer restores both statuses and removes the link, audited."""

import pytest
from django.core.exceptions import PermissionDenied

from trackchild.audit.models import AuditEvent
from trackchild.matching.models import Candidate
from trackchild.matching.services import confirm_candidate, undo_confirmation


@pytest.fixture
def confirmed(cast, pair, committed):
    candidate = Candidate.objects.get()
    committed(confirm_candidate, actor=cast.cwc_member, candidate_id=candidate.pk, expected_version=1)
    candidate.refresh_from_db()
    return candidate


def test_the_district_officer_undoes_a_confirmation_and_both_statuses_return(
    cast, pair, confirmed, committed
):
    report, child = pair
    committed(
        undo_confirmation,
        actor=cast.district_officer,
        candidate_id=confirmed.pk,
        expected_version=confirmed.version,
        reason="The home verification showed another family.",
    )
    report.refresh_from_db(), child.refresh_from_db(), confirmed.refresh_from_db()
    assert (report.status, child.status, confirmed.status) == ("reported", "in_care", "undone")
    assert report.status_changes.last().reason == "The home verification showed another family."
    assert AuditEvent.objects.filter(
        action="undo", object_id=str(confirmed.pk), actor=cast.district_officer
    ).exists()


@pytest.mark.parametrize("who", ["cwc_member", "police_officer", "state_officer", "outsider"])
def test_nobody_else_may_undo_it(cast, confirmed, who):
    with pytest.raises(PermissionDenied):
        undo_confirmation(
            actor=getattr(cast, who),
            candidate_id=confirmed.pk,
            expected_version=confirmed.version,
            reason="no",
        )
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed"
