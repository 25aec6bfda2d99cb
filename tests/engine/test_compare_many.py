"""Pairs compared many at once (how a batch compares a chunk of shortlists) get the levels each pair gets
compared alone, whatever its neighbours in the batch hold or lack."""

import random

import pytest

from childmatch.compare import COMPARISONS, FIELDS, compare_pair, compare_pairs
from childmatch.profile import profile_of
from childmatch.records import Record

NAMES = ["Pooja Kumari", "पूजा", "Puja", "Rahul Yadav", "Guddu", "", "Unknown", "Lakshmi", "Laxmi Devi"]
PLACES = [
    ("Bihar", "Gaya"),
    ("Bihar", "Patna"),
    ("Uttar Pradesh", "Varanasi"),
    ("Delhi", "North Delhi"),
    ("Kerala", "Kollam"),
    ("", ""),
]


def record(side, i, rng):
    state, district = rng.choice(PLACES)
    maybe = lambda value: value if rng.random() < 0.7 else ""  # noqa: E731 - every field may be empty
    return Record.from_dict(
        {
            "record_id": f"{side[0]}{i}",
            "side": side,
            "name": rng.choice(NAMES),
            "gender": maybe(rng.choice("MFT")),
            "age_years": maybe(str(rng.randrange(1, 18))),
            "event_date": maybe(f"20{rng.randrange(12, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}"),
            "state": state,
            "district": district,
            "father_name": maybe(rng.choice(["Ramesh", "Suresh Das", "Ram Prasad"])),
            "height_cm": maybe(str(rng.randrange(70, 170))),
            "complexion": maybe(rng.choice(["fair", "wheatish", "dark"])),
            "address": maybe(rng.choice(["Vill Hachotaganj", "near Gaya station", "Kollam beach"])),
        }
    )


@pytest.mark.parametrize("mode", ["link", "dedupe"])
def test_a_pair_in_a_batch_gets_the_levels_it_gets_alone(mode):
    rng = random.Random(3)
    a = [profile_of(record("missing", i, rng)) for i in range(400)]
    b = [profile_of(record("found" if mode == "link" else "missing", i, rng)) for i in range(400)]
    levels, tokens = compare_pairs(a, b, mode)
    for i in range(len(a)):
        assert (levels[i].tolist(), tokens[i]) == compare_pair(a[i], b[i], mode)
    # Every level of every comparison of numbers turns up, so each is checked against a pair alone.
    for field in ("gender", "age", "timeline", "place", "height", "complexion"):
        c = FIELDS.index(field)
        assert set(levels[:, c].tolist()) >= set(range(len(COMPARISONS[c].levels))) - (
            {1} if field == "timeline" and mode == "dedupe" else set()
        )


def test_no_pairs_give_no_levels():
    levels, tokens = compare_pairs([], [], "link")
    assert levels.shape == (0, len(COMPARISONS)) and tokens == []


@pytest.mark.parametrize(
    ("age", "missing_cm", "years", "found_cm", "level"),
    [
        (3, 95, 2.0, 110, "close"),  # 9 cm at 3, then 6 at 4: 110 expected
        (3, 95, 2.0, 124, "near"),
        (3, 95, 2.0, 95, "far"),  # not grown in two years
        (12, 140, 0.5, 143, "close"),  # half a year of the spurt
        (15, 160, 3.0, 160, "close"),  # 3 cm, then 0.8 a year
    ],
)
def test_height_is_compared_with_the_growth_expected_since(age, missing_cm, years, found_cm, level):
    missing = profile_of(
        Record.from_dict(
            {
                "record_id": "M",
                "side": "missing",
                "age_years": str(age),
                "event_date": "2020-01-01",
                "height_cm": str(missing_cm),
            }
        )
    )
    found_on = f"{2020 + int(years)}-{1 + round((years % 1) * 12):02d}-01"
    found = profile_of(
        Record.from_dict(
            {
                "record_id": "F",
                "side": "found",
                "age_years": str(age + round(years)),
                "event_date": found_on,
                "height_cm": str(found_cm),
            }
        )
    )
    c = FIELDS.index("height")
    assert COMPARISONS[c].levels[compare_pair(missing, found, "link")[0][c]] == level


def test_impossible_dates_cost_no_more_than_real_ones():
    """Year 1 against year 9999 (a hostile or broken file): growth is stepped through twenty years at
    most, not ten thousand for each of a batch's pairs."""
    missing = profile_of(
        Record.from_dict(
            {
                "record_id": "M",
                "side": "missing",
                "age_years": "5",
                "event_date": "0001-01-01",
                "height_cm": "100",
            }
        )
    )
    found = profile_of(
        Record.from_dict(
            {
                "record_id": "F",
                "side": "found",
                "age_years": "9",
                "event_date": "9999-01-01",
                "height_cm": "120",
            }
        )
    )
    levels, _ = compare_pairs([missing] * 20_000, [found] * 20_000, "link")
    assert set(levels[:, FIELDS.index("height")].tolist()) == {
        COMPARISONS[FIELDS.index("height")].levels.index("far")
    }
    assert set(levels[:, FIELDS.index("timeline")].tolist()) == {
        COMPARISONS[FIELDS.index("timeline")].levels.index("later")
    }
