"""care.services.record_step: admission, care plan, progress, CWC hearings and orders, restoration,
closure."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.care.helpers import admitted_child, days_ago, new_child, step
from trackchild.audit.models import AuditEvent
from trackchild.care.models import CareCase, CareEvent, Stage
from trackchild.care.services import record_step
from trackchild.care.steps import StepNotAllowed
from trackchild.cases.models import FoundChild, StatusChange
from trackchild.concurrency import StaleRecord


def test_a_cwc_order_places_the_child_and_the_cci_admits_it(cast):
    child = new_child(cast)
    order = step(
        cast.cwc_member,
        child,
        "admission_order",
        cci=cast.cci_a,
        order_number="CWC/PAT/7",
        happened_on=days_ago(10),
    )
    child.refresh_from_db()
    assert (child.cci, child.cwc_order_number, child.cwc_order_date) == (
        cast.cci_a,
        "CWC/PAT/7",
        days_ago(10),
    )
    assert CareCase.objects.get(found_child=child).stage == Stage.ORDERED
    step(cast.cci_staff, child, "admission", admission_number="ADM-77", happened_on=days_ago(9))
    child.refresh_from_db()
    assert (child.admission_number, child.admission_date) == ("ADM-77", days_ago(9))
    assert CareCase.objects.get(found_child=child).stage == Stage.IN_CARE
    audit = AuditEvent.objects.filter(
        action="create", object_type="care.careevent", object_id=str(order.pk)
    ).get()
    assert audit.actor == cast.cwc_member and audit.summary["step"] == "admission_order"
    assert AuditEvent.objects.filter(
        action="update", object_type="cases.foundchild", object_id=str(child.pk), actor=cast.cci_staff
    ).exists()


def test_only_the_cwc_orders_an_admission(cast, found_child):
    with pytest.raises(PermissionDenied, match="recorded by the child's CWC"):
        step(cast.cci_staff, found_child, "admission_order", cci=cast.cci_a, order_number="X")
    assert not CareCase.objects.exists()


def test_a_cwc_places_children_in_its_own_state_only(cast, other_state):
    child = new_child(cast)
    with pytest.raises(ValidationError) as refused:
        step(cast.cwc_member, child, "admission_order", cci=other_state.cci, order_number="X")
    assert "its own State/UT" in str(refused.value)
    assert not CareEvent.objects.exists()


def test_a_stale_form_is_refused(cast):
    child = admitted_child(cast)
    old_version = FoundChild.objects.get(pk=child.pk).version
    step(cast.cci_staff, child, "care_plan", health="Eye test", responsible="Asha")
    with pytest.raises(StaleRecord):
        record_step(
            actor=cast.cci_staff,
            child_id=child.pk,
            step="care_plan",
            expected_version=old_version,
            data={"happened_on": timezone.localdate(), "responsible": "Asha"},
        )
    assert CareEvent.objects.filter(step="care_plan").count() == 1


def test_the_care_plan_sets_the_review_date_and_the_report_interval(cast):
    child = admitted_child(cast)
    plan = step(
        cast.cci_staff,
        child,
        "care_plan",
        health="Eye test",
        education="Class 5",
        emotional="Weekly",
        vocational="",
        leisure="Football",
        family_contact="Letters",
        restoration_plan="Trace family",
        responsible="Asha",
        review_on=days_ago(-90),
        progress_every_months=2,
    )
    assert plan.due_on == days_ago(-90)
    assert plan.details == {
        "health": "Eye test",
        "education": "Class 5",
        "emotional": "Weekly",
        "leisure": "Football",
        "family_contact": "Letters",
        "restoration_plan": "Trace family",
        "responsible": "Asha",
    }
    assert CareCase.objects.get(found_child=child).progress_every_months == 2


def test_a_progress_report_before_a_care_plan_is_refused(cast):
    child = admitted_child(cast)
    with pytest.raises(StepNotAllowed) as refused:
        step(cast.cci_staff, child, "progress_report", health="Well")
    assert refused.value.reasons == ["Progress report needs an individual care plan first."]


def test_a_date_in_the_future_or_before_the_child_was_found_is_refused(cast):
    child = admitted_child(cast)
    for when in (timezone.localdate() + timedelta(days=1), child.found_on - timedelta(days=1)):
        with pytest.raises(ValidationError) as refused:
            step(cast.cci_staff, child, "care_plan", responsible="Asha", happened_on=when)
        assert "happened_on" in refused.value.message_dict


def test_restoration_goes_through_the_found_childs_statuses(cast):
    child = admitted_child(cast)
    with pytest.raises(StepNotAllowed, match="needs a home verification and a social investigation report"):
        step(
            cast.cwc_member,
            child,
            "restoration_order",
            order_number="RO-1",
            restored_to="Ramesh",
            relation="father",
        )
    step(cast.district_officer, child, "home_verification", visited_by="DCPU", findings="Safe home")
    step(cast.cci_staff, child, "social_investigation", prepared_by="Case worker", findings="Restore")
    step(
        cast.cwc_member,
        child,
        "restoration_order",
        order_number="RO-1",
        restored_to="Ramesh",
        relation="father",
    )
    assert FoundChild.objects.get(pk=child.pk).status == FoundChild.Status.RESTORATION_IN_PROGRESS
    handover = step(cast.cci_staff, child, "handover", received_by="Ramesh", relation="father")
    child.refresh_from_db()
    assert child.status == FoundChild.Status.RESTORED
    change = StatusChange.objects.filter(found_child=child).latest("id")
    assert (change.to_status, change.order_number, change.changed_by) == ("restored", "RO-1", cast.cci_staff)
    assert handover.details["status_change"] == change.pk
    assert CareCase.objects.get(found_child=child).stage == Stage.RESTORED


def test_hearings_and_orders_are_the_cwcs(cast):
    child = admitted_child(cast)
    hearing = step(
        cast.cwc_member,
        child,
        "cwc_hearing",
        present="Child, case worker",
        due_on=days_ago(-14),
        notes="Heard the child",
    )
    assert hearing.due_on == days_ago(-14) and hearing.institution == cast.cwc_a
    with pytest.raises(ValidationError):
        step(cast.cwc_member, child, "cwc_order", notes="No number")
    step(cast.cwc_member, child, "cwc_order", order_number="CWC/PAT/9", notes="Counselling weekly")
    with pytest.raises(PermissionDenied):
        step(cast.cci_staff, child, "cwc_order", order_number="CWC/PAT/10")


def test_supervisors_read_but_do_not_record(cast):
    child = admitted_child(cast)
    for reader in (cast.national_officer, cast.state_officer):
        with pytest.raises(PermissionDenied):
            step(reader, child, "care_plan", responsible="Asha")


def test_the_outsider_cannot_record_anything(cast):
    child = admitted_child(cast)
    with pytest.raises(PermissionDenied, match="not in your jurisdiction"):
        step(cast.outsider, child, "cwc_hearing")


def test_turning_eighteen_refers_to_aftercare_and_closes(cast):
    child = admitted_child(cast, age_years=17)
    step(cast.cwc_member, child, "aftercare_referral", referred_to="Aftercare home, Patna")
    with pytest.raises(StepNotAllowed, match="possible from age 18"):
        step(cast.cwc_member, child, "aged_out", notes="Not yet")
    FoundChild.objects.filter(pk=child.pk).update(age_years=None, date_of_birth=days_ago(18 * 366))
    step(cast.cwc_member, child, "aged_out", notes="Turned 18; in the aftercare home")
    child.refresh_from_db()
    assert child.status == FoundChild.Status.AGED_OUT
    assert CareCase.objects.get(found_child=child).stage == Stage.CLOSED


def test_a_status_changed_on_the_register_page_blocks_the_step_with_a_reason(cast):
    from trackchild.care.selectors import dues
    from trackchild.cases.services import set_status

    child = admitted_child(cast)
    step(cast.district_officer, child, "home_verification", visited_by="DCPU", findings="Safe")
    step(cast.cci_staff, child, "social_investigation", prepared_by="DCPU", findings="Safe")
    set_status(
        actor=cast.cci_staff,
        record=child,
        to_status="restored",
        order_number="OLD-1",
        expected_version=FoundChild.objects.get(pk=child.pk).version,
    )
    with pytest.raises(StepNotAllowed, match="status is “Restored to family”"):
        step(
            cast.cwc_member, child, "restoration_order", order_number="RO", restored_to="A", relation="father"
        )
    case = CareCase.objects.get(found_child=child)
    assert case.stage == Stage.IN_CARE and dues(case, list(case.events.all())) == []
