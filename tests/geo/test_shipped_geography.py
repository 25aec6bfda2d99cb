"""The data migration loads India's 36 States/UTs and their districts from the shipped LGD files."""

import csv
import re

import pytest

from trackchild.geo.loading import DISTRICTS_CSV
from trackchild.geo.models import District, State

pytestmark = pytest.mark.django_db

DEVANAGARI = re.compile(r"^[\u0900-\u097F ]+$")


def shipped_district_count() -> int:
    with DISTRICTS_CSV.open(encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_it_loads_28_states_and_8_union_territories():
    assert State.objects.count() == 36
    assert State.objects.filter(kind=State.Kind.STATE).count() == 28
    assert set(State.objects.filter(kind=State.Kind.UNION_TERRITORY).values_list("name", flat=True)) == {
        "Andaman and Nicobar Islands",
        "Chandigarh",
        "Dadra and Nagar Haveli and Daman and Diu",
        "Delhi",
        "Jammu and Kashmir",
        "Ladakh",
        "Lakshadweep",
        "Puducherry",
    }


def test_it_loads_every_shipped_district_as_active():
    assert District.objects.count() == shipped_district_count() == 778
    assert not District.objects.filter(is_active=False).exists()


def test_every_state_and_union_territory_has_districts():
    assert not State.objects.filter(districts__isnull=True).exists()


def test_every_state_has_a_hindi_name_in_devanagari():
    for name_hi in State.objects.values_list("name_hi", flat=True):
        assert DEVANAGARI.match(name_hi), name_hi


@pytest.mark.parametrize(
    ("state_code", "state", "districts"),
    [
        (10, "Bihar", 38),
        (9, "Uttar Pradesh", 75),
        (23, "Madhya Pradesh", 55),
        (8, "Rajasthan", 41),
        (28, "Andhra Pradesh", 26),
        (18, "Assam", 35),
        (37, "Ladakh", 2),
        (1, "Jammu and Kashmir", 20),
        (38, "Dadra and Nagar Haveli and Daman and Diu", 3),
        (7, "Delhi", 11),
    ],
)
def test_states_carry_their_lgd_codes_and_district_counts(state_code, state, districts):
    found = State.objects.get(lgd_code=state_code)
    assert found.name == state
    assert found.districts.count() == districts


@pytest.mark.parametrize(
    ("code", "district", "state"),
    [
        (212, "Patna", "Bihar"),
        (490, "Pune", "Maharashtra"),
        (62, "Gurugram", "Haryana"),
        (785, "Pandhurna", "Madhya Pradesh"),
        (786, "Keyi Panyor", "Arunachal Pradesh"),
        (9, "Leh", "Ladakh"),
    ],
)
def test_districts_carry_their_lgd_codes(code, district, state):
    found = District.objects.select_related("state").get(lgd_code=code)
    assert (found.name, found.state.name) == (district, state)
