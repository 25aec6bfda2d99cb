"""cases.selectors.missing_report_counts / found_child_counts / recent_*: what the home page shows."""

from trackchild.cases.selectors import (
    found_child_counts,
    missing_report_counts,
    recent_found_children,
    recent_missing_reports,
)
from trackchild.cases.services import set_status


def test_it_counts_by_status_and_institution_type_within_the_jurisdiction(cast, missing_report, found_child):
    set_status(actor=cast.police_officer, record=missing_report, to_status="traced", expected_version=1)
    assert missing_report_counts(cast.state_officer) == {
        "by_status": {"traced": 1},
        "by_institution_kind": {"police_station": 1},
    }
    assert found_child_counts(cast.district_officer) == {
        "by_status": {"in_care": 1},
        "by_institution_kind": {"cci": 1},
    }
    assert missing_report_counts(cast.outsider) == {"by_status": {}, "by_institution_kind": {}}
    assert found_child_counts(cast.outsider) == {"by_status": {}, "by_institution_kind": {}}


def test_recent_records_are_the_users_newest_few(cast, missing_report, found_child):
    assert recent_missing_reports(cast.police_officer) == [missing_report]
    assert recent_found_children(cast.cci_staff, limit=1) == [found_child]
    assert recent_missing_reports(cast.outsider) == [] and recent_found_children(cast.outsider) == []
