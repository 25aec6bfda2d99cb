"""Who sees which record, at the one place that decides it."""

import pytest

from tests.conftest import found_child_data, missing_report_data
from trackchild.cases.selectors import (
    found_children_visible_to,
    get_found_child,
    get_missing_report,
    missing_reports_visible_to,
)
from trackchild.cases.services import register_found_child, register_missing_report

SEES_A = {
    "police_officer": (True, False),
    "cwc_member": (False, True),
    "cci_staff": (False, True),
    "jjb_member": (False, False),
    "district_officer": (True, True),
    "state_officer": (True, True),
    "national_officer": (True, True),
    "system_admin": (True, True),
    "outsider": (False, False),
}


@pytest.mark.parametrize("person", SEES_A)
def test_each_role_sees_exactly_its_jurisdiction(cast, missing_report, found_child, person):
    b_report = register_missing_report(
        actor=cast.outsider,
        data=missing_report_data(cast, last_seen_district=cast.district_b, fir_number="PUNE-1"),
    )
    user = cast.people()[person]
    sees_report, sees_child = SEES_A[person]
    reports = set(missing_reports_visible_to(user))
    assert (missing_report in reports) is sees_report
    assert (found_child in set(found_children_visible_to(user))) is sees_child
    national = person in ("national_officer", "system_admin", "outsider")
    assert (b_report in reports) is national


def test_a_found_child_is_seen_by_the_cci_that_holds_it_even_if_another_institution_recorded_it(cast):
    child = register_found_child(actor=cast.police_officer, data=found_child_data(cast, cci=cast.cci_a))
    assert child in found_children_visible_to(cast.cci_staff)
    assert child in found_children_visible_to(cast.police_officer)
    assert child not in found_children_visible_to(cast.outsider)


def test_reading_a_full_record_is_audited_and_outsiders_get_404(cast, missing_report, found_child):
    from django.http import Http404

    from trackchild.audit.models import AuditEvent

    get_missing_report(cast.district_officer, missing_report.pk)
    get_found_child(cast.state_officer, found_child.pk)
    assert AuditEvent.objects.filter(action="view").count() == 2
    with pytest.raises(Http404):
        get_missing_report(cast.outsider, missing_report.pk)
    with pytest.raises(Http404):
        get_found_child(cast.outsider, found_child.pk)
