"""The engine's caches (name pairs, homes, states, tf adjustments) give what an uncached comparison gives,
whatever order the pairs come in."""

import itertools
from dataclasses import replace

import pytest

from childmatch import compare
from childmatch.compare import compare_pair
from childmatch.model import Model
from childmatch.profile import profile_of
from childmatch.records import Record

RECORDS = [
    {
        "name": "Sunita Kumari",
        "father_name": "Ram Prasad",
        "state": "Bihar",
        "district": "Patna",
        "address": "Vill Hachotaganj, near mandir",
        "languages": "Hindi",
        "identification_marks": "mole left cheek",
    },
    {
        "name": "सुनीता",
        "father_name": "Ramprasad",
        "state": "Bihar",
        "address": "Hachotaanja gaon",
        "languages": "Urdu",
        "identification_marks": "til on left cheek",
    },
    {
        "name": "Pooja Sharma",
        "mother_name": "Kamala",
        "state": "Uttar Pradesh",
        "district": "Agra",
        "address": "Agra",
    },
    {"name": "Pooja Verma", "mother_name": "Kamla", "state": "Rajasthan", "alias": "Guddi"},
    {"name": "Guddu", "guardian_name": "Raju", "state": "West Bengal"},
    {"name": "Priyamka", "father_name": "Suresh Yadav", "state": "Bihar", "district": "Gaya"},
    {"name": "Priyanka Yadav", "father_name": "Suresh", "state": "Bihar", "district": "Gaya"},
]


def profiles(side):
    return [
        profile_of(Record.from_dict({"record_id": f"{side}{i}", "side": side, **r}))
        for i, r in enumerate(RECORDS)
    ]


def clear_caches():
    for f in (
        compare._core_level,
        compare._recalled,
        compare._own_places,
        compare._long_places,
        compare._similar_skeletons,
    ):
        f.cache_clear()


@pytest.mark.parametrize("mode", ["link", "dedupe"])
def test_a_pair_compared_again_in_another_order_gives_the_same_levels(mode):
    a_side, b_side = ("missing", "found") if mode == "link" else ("missing", "missing")
    pairs = list(itertools.product(profiles(a_side), profiles(b_side)))
    clear_caches()
    first = [compare_pair(a, b, mode) for a, b in pairs]
    clear_caches()
    backwards = [compare_pair(a, b, mode) for a, b in reversed(pairs)][::-1]
    warm = [compare_pair(a, b, mode) for a, b in pairs]
    assert first == backwards == warm


def test_a_cached_name_pair_equals_the_uncached_comparison():
    names = [p.names[0].core for p in profiles("missing") + profiles("found")] + [
        p.father.core for p in profiles("missing")
    ]
    names = [n for n in names if n]
    clear_caches()
    for a, b in itertools.product(names, names):
        assert compare._core_level(a, b) == compare._core_level.__wrapped__(a, b)
        assert compare._core_level(a, b) == compare._core_level.__wrapped__(a, b)  # now from the cache


@pytest.mark.parametrize("level", [1, 2, 4, 5, 3, 7])
@pytest.mark.parametrize("token", ["puja", "BR:puja", "priyamka|priyanka", "BR:sunita", "unseen"])
def test_a_remembered_tf_adjustment_equals_the_computed_one(level, token):
    model = Model.default("link")
    model = replace(model, name_freq={"puja": 0.02, "BR:puja": 0.05, "priyanka": 0.001})
    expected = model._tf_adjustment(level, token) if level in (1, 2, 4, 5) else 0.0
    assert model.tf_adjustment(level, token) == expected
    assert model.tf_adjustment(level, token) == expected  # now from the memo
