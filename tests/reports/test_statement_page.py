"""The statement page: the officer's jurisdiction, drilling down, filters and sorting; nobody else's data."""

import pytest
from django.urls import reverse

from tests.web.helpers import client_for

URL = reverse("reports-statement")


def test_a_national_officer_sees_every_state_and_the_total_for_india(world):
    response = client_for(world.cast.national_officer).get(URL)
    assert response.status_code == 200
    assert "Total: India" in response.text
    assert f'?state={world.cast.district_a.state_id}">Bihar</a>' in response.text
    assert response.text.count("<tr>") >= 37


def test_a_state_officer_opens_on_their_districts_and_drills_down_to_institutions(world):
    client = client_for(world.cast.state_officer)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Total: Bihar" in response.text and "Maharashtra" not in response.text
    assert f'?district={world.cast.district_a.pk}">Patna</a>' in response.text
    response = client.get(URL, {"district": world.cast.district_a.pk})
    assert "PS-A2 police_station" in response.text and "Total: Patna (Bihar)" in response.text
    assert reverse("reports-quality-institution", args=[world.cast.police_station_a.pk]) in response.text


def test_it_filters_by_type_and_period(world):
    response = client_for(world.cast.state_officer).get(URL, {"kind": "cci", "period": "ever"})
    assert response.status_code == 200
    assert "Since the start" in response.text
    assert response.context["statement"].total.registered_total == 2
    assert response.context["statement"].total.entered == 2


def test_it_sorts_by_a_column_and_marks_the_sorted_column(world):
    response = client_for(world.cast.state_officer).get(URL, {"sort": "share", "order": "desc"})
    assert [r.name for r in response.context["statement"].rows][:2] == ["Patna", "Gaya"]
    assert 'aria-sort="descending"' in response.text


def test_a_malformed_query_falls_back_to_the_defaults(world):
    response = client_for(world.cast.state_officer).get(URL, {"period": "7", "sort": "x", "state": "abc"})
    assert response.status_code == 200
    assert response.context["statement"].period == "90"


@pytest.mark.parametrize("person", ["police_officer", "cwc_member", "cci_staff", "jjb_member", "outsider"])
def test_institution_accounts_may_not_open_it(world, person):
    assert client_for(getattr(world.cast, person)).get(URL).status_code == 403


def test_it_hides_another_state_from_a_state_officer(world):
    client = client_for(world.cast.state_officer)
    assert client.get(URL, {"state": world.cast.district_b.state_id}).status_code == 404
    assert client.get(URL, {"district": world.cast.district_b.pk}).status_code == 404


def test_it_asks_for_a_login(world):
    from django.test import Client

    assert Client().get(URL).status_code == 302
