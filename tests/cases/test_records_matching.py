"""cases.selectors.missing_reports_matching / found_children_matching: the list pages' filters."""

from datetime import timedelta

from django.utils import timezone

from tests.conftest import missing_report_data
from trackchild.cases.selectors import RecordFilters, found_children_matching, missing_reports_matching
from trackchild.cases.services import register_missing_report


def names(queryset) -> list[str]:
    return [record.name for record in queryset]


def test_it_never_reaches_outside_the_jurisdiction(cast, missing_report):
    assert names(missing_reports_matching(cast.outsider, RecordFilters(text="Sonu"))) == []
    assert names(missing_reports_matching(cast.police_officer, RecordFilters(text="sonu"))) == ["Sonu Kumar"]


def test_it_matches_an_age_range_by_age_or_by_date_of_birth(cast):
    today = timezone.localdate()
    register_missing_report(
        actor=cast.police_officer, data=missing_report_data(cast, fir_number="A", name="By age", age_years=14)
    )
    register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(
            cast,
            fir_number="B",
            name="By birth",
            age_years=None,
            date_of_birth=today.replace(year=today.year - 8),
        ),
    )
    assert names(missing_reports_matching(cast.police_officer, RecordFilters(age_min=13, age_max=15))) == [
        "By age"
    ]
    assert names(missing_reports_matching(cast.police_officer, RecordFilters(age_min=7, age_max=8))) == [
        "By birth"
    ]


def test_it_filters_by_district_and_state_of_the_recording_institution(cast, missing_report, found_child):
    officer = cast.national_officer
    assert names(missing_reports_matching(officer, RecordFilters(district=cast.district_a))) == ["Sonu Kumar"]
    assert names(missing_reports_matching(officer, RecordFilters(district=cast.district_b))) == []
    assert names(found_children_matching(officer, RecordFilters(state=cast.district_a.state))) == ["सोनू"]
    assert names(found_children_matching(officer, RecordFilters(state=cast.district_b.state))) == []


def test_it_filters_found_children_by_date_found(cast, found_child):
    today = timezone.localdate()
    assert names(
        found_children_matching(cast.cci_staff, RecordFilters(date_from=today - timedelta(days=5)))
    ) == ["सोनू"]
    assert (
        names(found_children_matching(cast.cci_staff, RecordFilters(date_to=today - timedelta(days=5)))) == []
    )
