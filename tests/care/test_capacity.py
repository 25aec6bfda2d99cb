"""Occupancy against capacity: counted, and a warning (never a refusal) when a CCI is over capacity."""

from django.urls import reverse

from tests.care.helpers import admitted_child, new_child
from tests.web.helpers import client_for
from trackchild.care.selectors import occupancy_of, occupancy_visible_to
from trackchild.registry.models import Institution


def small_cci(cast, capacity: int):
    Institution.objects.filter(pk=cast.cci_a.pk).update(capacity=capacity)
    cast.cci_a.refresh_from_db()


def test_children_living_in_a_cci_count_against_its_capacity(cast):
    small_cci(cast, 2)
    admitted_child(cast), admitted_child(cast, name="Raju")
    [occupancy] = occupancy_of([cast.cci_a])
    assert (occupancy.children, occupancy.capacity, occupancy.over) == (2, 2, False)


def test_a_cci_over_capacity_is_flagged_on_the_pages(cast):
    small_cci(cast, 1)
    child = admitted_child(cast)
    admitted_child(cast, name="Raju")
    assert occupancy_visible_to(cast.district_officer)[0].over
    warning = "Over capacity: 2 children for 1 places"
    assert warning in client_for(cast.cci_staff).get(reverse("care-list")).text
    assert warning in client_for(cast.district_officer).get(reverse("care-list")).text
    text = client_for(cast.cci_staff).get(reverse("care-timeline", args=[child.pk])).text
    assert "is over capacity: 2 children for 1 places." in text


def test_the_admission_order_page_warns_but_still_places(cast):
    small_cci(cast, 1)
    admitted_child(cast)
    child = new_child(cast)
    url = reverse("care-step", args=[child.pk, "admission_order"])
    client = client_for(cast.cwc_member)
    assert "Over capacity" not in client.get(url).text  # 1 child for 1 place
    admitted_child(cast, name="Raju")
    assert "Over capacity: 2 children for 1 places" in client.get(url).text
    response = client.post(
        url,
        {
            "happened_on": child.found_on.isoformat(),
            "order_number": "O-9",
            "cci": cast.cci_a.pk,
            "version": child.version,
        },
    )
    assert response.status_code == 302
    assert occupancy_of([cast.cci_a])[0].children == 3


def test_the_outsider_sees_no_occupancy(cast):
    admitted_child(cast)
    assert occupancy_visible_to(cast.outsider) == []
    assert "CCI-A cci" not in client_for(cast.outsider).get(reverse("care-list")).text
