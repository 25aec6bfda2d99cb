"""The children-in-care list: scoped to the user, with stages, dues and requests waiting on the
institution."""

from django.urls import reverse

from tests.care.helpers import admitted_child, step
from tests.web.helpers import client_for

URL = reverse("care-list")


def test_it_lists_the_ccis_children_with_what_is_due(cast):
    child = admitted_child(cast, admitted_days_ago=70)
    response = client_for(cast.cci_staff).get(URL)
    assert response.status_code == 200
    assert reverse("care-timeline", args=[child.pk]) in response.text
    assert "In care" in response.text and "(overdue)" in response.text


def test_it_filters_by_stage(cast):
    child = admitted_child(cast)
    client = client_for(cast.district_officer)
    assert reverse("care-timeline", args=[child.pk]) in client.get(URL, {"stage": "in_care"}).text
    assert reverse("care-timeline", args=[child.pk]) not in client.get(URL, {"stage": "restored"}).text


def test_it_shows_requests_waiting_on_the_receiving_cci_without_the_childs_name(cast, other_state):
    child = admitted_child(cast, name="Golu")
    request = step(
        cast.cwc_member,
        child,
        "transfer_request",
        to_cci=other_state.cci,
        to_cwc=other_state.cwc,
        order_number="T1",
    )
    text = client_for(other_state.cci_staff).get(URL).text
    assert reverse("care-request", args=[request.pk]) in text
    assert "Golu" not in text


def test_the_outsider_sees_nothing(cast):
    child = admitted_child(cast, name="Golu")
    text = client_for(cast.outsider).get(URL).text
    assert "Golu" not in text and reverse("care-timeline", args=[child.pk]) not in text
    assert "No child in care in your jurisdiction." in text


def test_it_needs_a_login(cast):
    assert client_for(cast.cci_staff).get(URL).status_code == 200
    from django.test import Client

    assert Client().get(URL).status_code == 302


def test_it_pages_a_long_list(cast, settings):
    settings.PAGE_SIZE = 2
    for name in ("Anil", "Bablu", "Chhotu"):
        admitted_child(cast, name=name)
    client = client_for(cast.district_officer)
    first, second = client.get(URL).text, client.get(URL, {"page": 2}).text
    assert "Anil" in first and "Bablu" in first and "Chhotu" not in first
    assert "Chhotu" in second and "Page 2 of 2" in second


def test_it_lists_children_who_moved_away_for_the_sending_cci_only(cast, other_state):
    from tests.care.helpers import answer

    child = admitted_child(cast, name="Golu")
    request = step(
        cast.cwc_member,
        child,
        "transfer_request",
        to_cci=other_state.cci,
        to_cwc=other_state.cwc,
        order_number="T",
    )
    answer(other_state.cci_staff, request, admission_number="R-1")
    text = client_for(cast.cci_staff).get(URL).text
    assert "Moved away: the record as you had it" in text and "Golu" in text
    assert "Moved away" not in client_for(other_state.cci_staff).get(URL).text
    assert "Golu" not in client_for(cast.outsider).get(URL).text
