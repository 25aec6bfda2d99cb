import pytest
from django.urls import reverse

from tests.web.helpers import client_for, many_found_children

URL = reverse("found-children-list")


@pytest.mark.parametrize("person", ["cci_staff", "district_officer", "state_officer", "national_officer"])
def test_it_lists_the_child_for_everyone_whose_jurisdiction_covers_it(cast, found_child, person):
    response = client_for(getattr(cast, person)).get(URL)
    assert response.status_code == 200
    assert "सोनू" in response.text
    assert reverse("found-children-detail", args=[found_child.pk]) in response.text


def test_the_cwc_the_child_was_produced_before_sees_it_too(cast):
    many_found_children(cast, 1, cwc=cast.cwc_a)
    assert "बच्चा 0" in client_for(cast.cwc_member).get(URL).text


def test_it_hides_other_districts_children_from_the_outsider(cast, found_child):
    response = client_for(cast.outsider).get(URL)
    assert response.status_code == 200
    assert "सोनू" not in response.text and "0 records" in response.text


def test_it_searches_names_as_typed(cast, found_child):
    many_found_children(cast, 2)
    response = client_for(cast.cci_staff).get(URL, {"q": "सोनू"})
    assert "सोनू" in response.text and "बच्चा" not in response.text


def test_it_offers_the_register_button_to_recording_institutions_only(cast):
    assert "Register a found child" in client_for(cast.cci_staff).get(URL).text
    assert "Register a found child" not in client_for(cast.state_officer).get(URL).text


@pytest.mark.parametrize("count", [3, 30])
def test_it_needs_the_same_few_queries_however_many_children(cast, count, django_assert_max_num_queries):
    many_found_children(cast, count, cwc=cast.cwc_a)
    client = client_for(cast.national_officer)
    with django_assert_max_num_queries(11):  # 10, and the header's unread-messages count
        response = client.get(URL, {"state": cast.district_a.state_id})
    assert response.status_code == 200 and f"{count} records" in response.text
