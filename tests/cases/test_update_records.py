"""Concurrent edits: the second of two forms opened at the same version is refused, never merged."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trackchild.audit.models import AuditEvent
from trackchild.cases.services import update_found_child, update_missing_report
from trackchild.concurrency import StaleRecord


def test_it_saves_a_change_bumps_the_version_and_audits_the_fields(cast, missing_report):
    report = update_missing_report(
        actor=cast.police_officer,
        report_id=missing_report.pk,
        expected_version=1,
        data={"height_cm": 132, "clothing": "red frock"},
    )
    assert report.version == 2
    event = AuditEvent.objects.get(action="update", object_id=str(report.pk))
    assert event.summary["fields"] == ["clothing", "height_cm"]


def test_it_refuses_the_second_of_two_concurrent_edits(cast, missing_report):
    update_missing_report(
        actor=cast.police_officer, report_id=missing_report.pk, expected_version=1, data={"height_cm": 132}
    )
    with pytest.raises(StaleRecord) as error:
        update_missing_report(
            actor=cast.district_officer,
            report_id=missing_report.pk,
            expected_version=1,
            data={"height_cm": 150},
        )
    assert "Someone else changed this record" in str(error.value)
    missing_report.refresh_from_db()
    assert (missing_report.height_cm, missing_report.version) == (132, 2)


def test_it_validates_the_merged_record(cast, missing_report):
    with pytest.raises(ValidationError) as error:
        update_missing_report(
            actor=cast.police_officer, report_id=missing_report.pk, expected_version=1, data={"age_years": 18}
        )
    assert "age_years" in error.value.message_dict
    missing_report.refresh_from_db()
    assert missing_report.age_years == 11


def test_it_keeps_outsiders_out(cast, missing_report, found_child):
    with pytest.raises(PermissionDenied):
        update_missing_report(
            actor=cast.outsider, report_id=missing_report.pk, expected_version=1, data={"height_cm": 1}
        )
    with pytest.raises(PermissionDenied):
        update_found_child(
            actor=cast.outsider, child_id=found_child.pk, expected_version=1, data={"name": "x"}
        )


def test_it_lets_the_cwc_and_district_officer_edit_a_found_child(cast, found_child):
    child = update_found_child(
        actor=cast.cwc_member,
        child_id=found_child.pk,
        expected_version=1,
        data={"cwc_order_number": "CWC/PAT/2026/17"},
    )
    child = update_found_child(
        actor=cast.district_officer,
        child_id=child.pk,
        expected_version=2,
        data={"languages": "Bhojpuri; Hindi"},
    )
    assert (child.version, child.cwc_order_number) == (3, "CWC/PAT/2026/17")
