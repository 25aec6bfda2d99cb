"""cases.services.may_*: which actions pages offer; they mirror the checks the services make."""

from trackchild.cases.services import (
    may_change_records,
    may_register_found_child,
    may_register_missing_report,
)


def test_only_police_stations_are_offered_to_report_a_missing_child(cast):
    offered = {name for name, person in cast.people().items() if may_register_missing_report(person)}
    assert offered == {"police_officer", "outsider"}


def test_institutions_that_receive_children_are_offered_to_register_one(cast):
    offered = {name for name, person in cast.people().items() if may_register_found_child(person)}
    assert offered == {"police_officer", "cwc_member", "cci_staff", "jjb_member", "outsider"}


def test_national_officers_are_offered_no_changes(cast):
    assert not may_change_records(cast.national_officer)
    assert all(
        may_change_records(cast.people()[name])
        for name in ("police_officer", "district_officer", "state_officer", "cci_staff")
    )
