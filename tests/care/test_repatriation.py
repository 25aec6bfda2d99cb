"""Repatriation to the home State/UT: the home state's CWC accepts the case and places the child; an
interpreter request travels with it."""

import pytest
from django.core.exceptions import ValidationError

from tests.care.helpers import admitted_child, answer, step
from trackchild.care.models import CareCase, Stage
from trackchild.care.selectors import get_care_child, incoming_requests_for
from trackchild.cases.models import FoundChild
from trackchild.cases.selectors import found_children_visible_to


def test_the_home_states_cwc_accepts_and_places_the_child(cast, other_state):
    child = admitted_child(cast, languages="Santali")
    step(cast.cci_staff, child, "interpreter_request", language="Santali", notes="For the home inquiry")
    request = step(
        cast.cwc_member,
        child,
        "repatriation_request",
        to_cwc=other_state.cwc,
        order_number="CWC/PAT/R1",
        reason="Says his village is near Ranchi",
    )
    assert not found_children_visible_to(other_state.cwc_member).filter(pk=child.pk).exists()
    assert [c.pending_event for c in incoming_requests_for(other_state.cwc_member)] == [request]
    answer(other_state.cwc_member, request, cci=other_state.cci, order_number="CWC/RAN/4")
    child.refresh_from_db()
    assert (child.cwc, child.cci, child.cwc_order_number, child.admission_number) == (
        other_state.cwc,
        other_state.cci,
        "CWC/RAN/4",
        "",
    )
    assert child.status == FoundChild.Status.IN_CARE
    assert CareCase.objects.get(found_child=child).stage == Stage.ORDERED
    step(other_state.cci_staff, child, "admission", admission_number="RAN-9")
    assert CareCase.objects.get(found_child=child).stage == Stage.IN_CARE
    assert not get_care_child(cast.cci_staff, child.pk).is_current  # the sending CCI keeps its read


def test_repatriation_goes_to_another_state(cast):
    child = admitted_child(cast)
    with pytest.raises(ValidationError, match="transfer the child instead"):
        step(cast.cwc_member, child, "repatriation_request", to_cwc=cast.cwc_a, order_number="R")


def test_the_home_cwc_places_the_child_in_its_own_state(cast, other_state):
    child = admitted_child(cast)
    request = step(cast.cwc_member, child, "repatriation_request", to_cwc=other_state.cwc, order_number="R")
    with pytest.raises(ValidationError):
        answer(other_state.cwc_member, request, cci=cast.cci_a, order_number="O")
    assert FoundChild.objects.get(pk=child.pk).cci == cast.cci_a
