"""The page where a receiving CCI or home-state CWC answers a transfer or repatriation request."""

from django.urls import reverse
from django.utils import timezone

from tests.care.helpers import admitted_child, step
from tests.web.helpers import client_for
from trackchild.cases.models import FoundChild


def request_for(cast, other_state, **child_fields):
    child = admitted_child(cast, **child_fields)
    return child, step(
        cast.cwc_member,
        child,
        "transfer_request",
        to_cci=other_state.cci,
        to_cwc=other_state.cwc,
        order_number="CWC/PAT/T1",
        reason="Nearer home",
    )


def test_it_shows_the_minimum_before_acceptance(cast, other_state):
    _child, request = request_for(cast, other_state, name="Golu", languages="Santali")
    text = client_for(other_state.cci_staff).get(reverse("care-request", args=[request.pk])).text
    assert "CWC/PAT/T1" in text and "Santali" in text and "Nearer home" in text
    assert "Golu" not in text


def test_accepting_moves_the_child(cast, other_state):
    child, request = request_for(cast, other_state)
    response = client_for(other_state.cci_staff).post(
        reverse("care-request", args=[request.pk]),
        {
            "answer": "accept",
            "happened_on": timezone.localdate().isoformat(),
            "admission_number": "RAN-1",
            "version": FoundChild.objects.get(pk=child.pk).version,
        },
    )
    assert response.status_code == 302 and response.url == reverse("care-timeline", args=[child.pk])
    assert FoundChild.objects.get(pk=child.pk).cci == other_state.cci


def test_declining_needs_a_reason(cast, other_state):
    child, request = request_for(cast, other_state)
    data = {
        "answer": "decline",
        "happened_on": timezone.localdate().isoformat(),
        "version": FoundChild.objects.get(pk=child.pk).version,
    }
    client = client_for(other_state.cci_staff)
    assert client.post(reverse("care-request", args=[request.pk]), data).status_code == 400
    response = client.post(reverse("care-request", args=[request.pk]), data | {"notes": "Full"})
    assert response.status_code == 302 and FoundChild.objects.get(pk=child.pk).cci == cast.cci_a


def test_the_outsider_and_the_sender_get_404(cast, other_state):
    _child, request = request_for(cast, other_state)
    for user in (cast.outsider, cast.cci_staff, other_state.cwc_member):
        assert client_for(user).get(reverse("care-request", args=[request.pk])).status_code == 404
