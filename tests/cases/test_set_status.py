import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trackchild.audit.models import AuditEvent
from trackchild.cases.services import set_status
from trackchild.cases.statuses import TransitionNotAllowed
from trackchild.concurrency import StaleRecord


def test_it_closes_a_report_with_a_reason_and_keeps_history(cast, missing_report):
    report = set_status(
        actor=cast.police_officer,
        record=missing_report,
        to_status="closed",
        expected_version=missing_report.version,
        reason="Child returned home on her own",
    )
    assert report.status == "closed"
    assert [c.to_status for c in report.status_changes.all()] == ["reported", "closed"]
    assert report.status_changes.last().reason == "Child returned home on her own"
    assert AuditEvent.objects.filter(action="status", object_id=str(report.pk)).exists()


def test_it_refuses_to_close_without_a_reason(cast, missing_report):
    with pytest.raises(ValidationError) as error:
        set_status(
            actor=cast.police_officer,
            record=missing_report,
            to_status="closed",
            expected_version=missing_report.version,
        )
    assert "reason" in error.value.message_dict
    missing_report.refresh_from_db()
    assert missing_report.status == "reported"


@pytest.mark.parametrize(
    ("path", "to_status"),
    [(["restored"], "in_care"), (["withdrawn"], "in_care"), ([], "reported"), (["adopted"], "restored")],
)
def test_it_refuses_transitions_outside_the_table(cast, found_child, path, to_status):
    details = {
        "restored": {"order_number": "CWC/12"},
        "adopted": {"order_number": "CWC/13"},
        "withdrawn": {"reason": "entered twice"},
    }
    record = found_child
    for step in path:
        record = set_status(
            actor=cast.cwc_member,
            record=record,
            to_status=step,
            expected_version=record.version,
            **details.get(step, {}),
        )
    with pytest.raises(TransitionNotAllowed):
        set_status(
            actor=cast.cwc_member,
            record=record,
            to_status=to_status,
            expected_version=record.version,
            reason="trying",
            order_number="X",
        )


def test_it_needs_an_order_to_restore_a_child(cast, found_child):
    with pytest.raises(ValidationError) as error:
        set_status(
            actor=cast.cwc_member,
            record=found_child,
            to_status="restored",
            expected_version=found_child.version,
        )
    assert "order_number" in error.value.message_dict


def test_it_refuses_a_stale_status_change(cast, missing_report):
    set_status(actor=cast.police_officer, record=missing_report, to_status="traced", expected_version=1)
    with pytest.raises(StaleRecord):
        set_status(
            actor=cast.district_officer,
            record=missing_report,
            to_status="closed",
            expected_version=1,
            reason="duplicate",
        )


def test_it_refuses_outsiders_and_national_officers(cast, missing_report):
    for person in (cast.outsider, cast.national_officer):
        with pytest.raises(PermissionDenied):
            set_status(
                actor=person,
                record=missing_report,
                to_status="closed",
                expected_version=missing_report.version,
                reason="x",
            )
