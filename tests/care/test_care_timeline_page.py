"""A child's timeline: every event from found to settled, in order, with who recorded it, and the next steps
with what is missing for each."""

from django.urls import reverse
from django.utils import translation

from tests.care.helpers import admitted_child, answer, days_ago, step
from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent


def url(child) -> str:
    return reverse("care-timeline", args=[child.pk])


def test_it_shows_every_event_in_order_with_who_recorded_it(cast):
    child = admitted_child(cast, admitted_days_ago=60)
    step(
        cast.cci_staff,
        child,
        "care_plan",
        responsible="Asha Devi",
        health="Eye test",
        happened_on=days_ago(50),
    )
    step(cast.cwc_member, child, "cwc_hearing", notes="Heard the child", happened_on=days_ago(20))
    response = client_for(cast.cci_staff).get(url(child))
    text = response.text
    assert response.status_code == 200
    titles = [
        "Found at Patna Junction platform 4",
        "CWC order to admit to a CCI",
        "Admission by the CCI",
        "Individual care plan",
        "CWC hearing",
    ]
    timeline = text[text.index('id="timeline-heading"') :]
    positions = [timeline.index(title) for title in titles]
    assert positions == sorted(positions)
    assert "Recorded by Cwc_A" in text and "Recorded by Cci_A" in text and "Asha Devi" in text
    assert AuditEvent.objects.filter(
        action="view", object_type="cases.foundchild", actor=cast.cci_staff
    ).exists()


def test_it_says_what_a_restoration_order_still_needs(cast):
    child = admitted_child(cast)
    text = client_for(cast.cwc_member).get(url(child)).text
    assert "Restoration order needs a home verification and a social investigation report first." in text
    assert reverse("care-step", args=[child.pk, "restoration_order"]) not in text
    assert reverse("care-step", args=[child.pk, "cwc_hearing"]) in text


def test_it_offers_each_role_only_its_own_steps(cast):
    child = admitted_child(cast)
    text = client_for(cast.cci_staff).get(url(child)).text
    assert reverse("care-step", args=[child.pk, "care_plan"]) in text
    assert reverse("care-step", args=[child.pk, "cwc_hearing"]) not in text
    assert "Recorded by the child&#x27;s CWC." in text
    text = client_for(cast.national_officer).get(url(child)).text
    assert "Individual care plan" in text and reverse("care-step", args=[child.pk, "care_plan"]) not in text


def test_the_sending_cci_reads_its_part_only(cast, other_state):
    child = admitted_child(cast)
    request = step(
        cast.cwc_member,
        child,
        "transfer_request",
        to_cci=other_state.cci,
        to_cwc=other_state.cwc,
        order_number="T1",
    )
    answer(other_state.cci_staff, request, admission_number="R-1")
    step(other_state.cci_staff, child, "care_plan", responsible="Sunita Oraon")
    text = client_for(cast.cci_staff).get(url(child)).text
    assert "The child left your jurisdiction on" in text and "Transfer accepted" in text
    assert "Moved away" in text and ">In care<" not in text
    assert "Sunita Oraon" not in text and "Next steps" not in text
    assert "Sunita Oraon" in client_for(other_state.cci_staff).get(url(child)).text


def test_the_outsider_gets_404(cast):
    child = admitted_child(cast)
    assert client_for(cast.outsider).get(url(child)).status_code == 404


def test_it_renders_in_hindi(cast):
    child = admitted_child(cast)
    client = client_for(cast.cci_staff)
    client.cookies["django_language"] = "hi"
    try:
        response = client.get(url(child))
    finally:
        translation.activate("en")  # the locale middleware leaves the thread in Hindi
    assert response.status_code == 200 and 'lang="hi"' in response.text
