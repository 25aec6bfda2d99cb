"""Transfers between CCIs (care.services: transfer_request, answer_request): the record moves with the child
on acceptance, the receiving CCI sees the child only then, and the sending side keeps a read of its past."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.care.helpers import admitted_child, answer, step
from trackchild.audit.models import AuditEvent
from trackchild.care.models import CareCase, Stage
from trackchild.care.selectors import case_events, get_care_child, incoming_requests_for
from trackchild.cases.models import FoundChild
from trackchild.cases.selectors import found_children_visible_to


def request_transfer(cast, other_state, child):
    step(cast.cci_staff, child, "care_plan", responsible="Asha", health="Eye test")
    return step(
        cast.cwc_member,
        child,
        "transfer_request",
        to_cci=other_state.cci,
        to_cwc=other_state.cwc,
        order_number="CWC/PAT/T1",
        reason="Nearer home",
    )


def test_the_receiving_cci_sees_the_child_only_after_accepting(cast, other_state):
    child = admitted_child(cast)
    request = request_transfer(cast, other_state, child)
    receiver = other_state.cci_staff
    assert not found_children_visible_to(receiver).filter(pk=child.pk).exists()
    with pytest.raises(Http404):
        get_care_child(receiver, child.pk)
    assert [case.pending_event for case in incoming_requests_for(receiver)] == [request]
    answer(receiver, request, admission_number="RAN-5")
    child.refresh_from_db()
    assert (child.cci, child.cwc, child.admission_number) == (other_state.cci, other_state.cwc, "RAN-5")
    assert found_children_visible_to(receiver).filter(pk=child.pk).exists()
    assert CareCase.objects.get(found_child=child).stage == Stage.IN_CARE
    assert incoming_requests_for(receiver) == []
    audit = AuditEvent.objects.filter(object_type="care.careevent", actor=receiver).get()
    assert audit.summary["step"] == "transfer_accept" and audit.summary["answers"] == request.pk


def test_the_sending_cci_keeps_a_read_of_what_it_had(cast, other_state):
    child = admitted_child(cast)
    answer(other_state.cci_staff, request_transfer(cast, other_state, child), admission_number="RAN-5")
    step(other_state.cci_staff, child, "home_verification", visited_by="DCPU Ranchi", findings="Safe")
    view = get_care_child(cast.cci_staff, child.pk)
    assert not view.is_current
    steps = [event.step for event in case_events(view)]
    assert steps == ["admission_order", "admission", "care_plan", "transfer_request", "transfer_accept"]
    with pytest.raises(PermissionDenied):
        step(cast.cci_staff, child, "care_plan", responsible="Asha")


def test_a_declined_transfer_leaves_the_child_where_it_is(cast, other_state):
    child = admitted_child(cast)
    request = request_transfer(cast, other_state, child)
    with pytest.raises(ValidationError):
        answer(other_state.cci_staff, request, accept=False)
    answer(other_state.cci_staff, request, accept=False, notes="No place for a boy of 12")
    child.refresh_from_db()
    assert child.cci == cast.cci_a
    case = CareCase.objects.get(found_child=child)
    assert (case.stage, case.pending_with) == (Stage.IN_CARE, None)
    assert not found_children_visible_to(other_state.cci_staff).filter(pk=child.pk).exists()
    with pytest.raises(Http404):  # refusing a child gives no read of its record
        get_care_child(other_state.cci_staff, child.pk)


def test_only_the_receiving_institution_answers(cast, other_state):
    child = admitted_child(cast)
    request = request_transfer(cast, other_state, child)
    for someone in (cast.outsider, cast.cci_staff, other_state.cwc_member):
        with pytest.raises(PermissionDenied):
            answer(someone, request, admission_number="X")
    assert FoundChild.objects.get(pk=child.pk).cci == cast.cci_a


def test_a_cci_in_another_district_needs_the_cwc_that_takes_the_case(cast, other_state):
    child = admitted_child(cast)
    with pytest.raises(ValidationError) as refused:
        step(cast.cwc_member, child, "transfer_request", to_cci=other_state.cci, order_number="T")
    assert "to_cwc" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        step(cast.cwc_member, child, "transfer_request", to_cci=cast.cci_a, order_number="T")
    assert "to_cci" in refused.value.message_dict


def test_a_second_transfer_waits_for_the_first(cast, other_state):
    child = admitted_child(cast)
    request_transfer(cast, other_state, child)
    with pytest.raises(Exception, match="Transfer requested"):
        step(
            cast.cwc_member,
            child,
            "transfer_request",
            to_cci=other_state.cci,
            to_cwc=other_state.cwc,
            order_number="T2",
        )


def test_the_sender_may_withdraw_an_unanswered_request(cast, other_state):
    child = admitted_child(cast)
    request = request_transfer(cast, other_state, child)
    step(cast.cwc_member, child, "request_withdrawn", notes="Family traced in Patna instead")
    case = CareCase.objects.get(found_child=child)
    assert (case.stage, case.pending_with, case.pending_event) == (Stage.IN_CARE, None, None)
    assert incoming_requests_for(other_state.cci_staff) == []
    with pytest.raises(PermissionDenied):
        answer(other_state.cci_staff, request, admission_number="R-1")
