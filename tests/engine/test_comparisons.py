"""Each comparison, table-driven: a pair of partial records and the level it must reach."""

import pytest

from childmatch.compare import COMPARISONS, FIELDS, compare_pair
from childmatch.marks import mark_agreement, parse_marks
from childmatch.profile import profile_of
from childmatch.records import Record


def level(field, missing, found, mode="link"):
    a = profile_of(Record.from_dict({"record_id": "A", "side": "missing", **missing}))
    b = profile_of(
        Record.from_dict({"record_id": "B", "side": "missing" if mode == "dedupe" else "found", **found})
    )
    c = FIELDS.index(field)
    return COMPARISONS[c].levels[compare_pair(a, b, mode)[0][c]]


CASES = [
    ("name", {"name": "Sunita Kumari"}, {"name": "सुनीता"}, "exact"),
    ("name", {"name": "Ravi Yadav"}, {"name": "Yadav Ravi"}, "exact"),
    ("name", {"name": "Md. Irfan Ansari"}, {"name": "Mohammad Irfan"}, "subset"),
    ("name", {"name": "Pooja Sharma"}, {"name": "Pooja Verma"}, "conflict"),
    ("name", {"name": "Guddu"}, {"name": "गुड्डू"}, "pet"),
    ("name", {"name": "Rahul", "alias": "Guddu"}, {"name": "Unknown", "alias": "Raahul"}, "exact"),
    ("name", {"name": "Priyanka"}, {"name": "Priyamka"}, "fuzzy"),
    ("name", {"name": "Anita"}, {"name": "Baby Girl"}, "null"),
    ("name", {"name": "Anita"}, {"name": "Rekha"}, "different"),
    ("gender", {"gender": "F"}, {"gender": "female"}, "same"),
    ("gender", {"gender": "F"}, {"gender": "M"}, "different"),
    (
        "age",
        {"age_years": "8", "event_date": "2020-01-01"},
        {"age_years": "11", "event_date": "2023-02-01"},
        "close",
    ),
    (
        "age",
        {"age_years": "8", "event_date": "2020-01-01"},
        {"age_years": "17", "event_date": "2023-02-01"},
        "off",
    ),
    (
        "age",
        {"age_years": "8", "event_date": "2020-01-01"},
        {"age_years": "4", "event_date": "2023-02-01"},
        "far",
    ),
    ("age", {"age_years": "8"}, {"age_years": "8"}, "null"),
    ("timeline", {"event_date": "2020-06-01"}, {"event_date": "2019-01-01"}, "before"),
    ("timeline", {"event_date": "2020-06-01"}, {"event_date": "2020-06-20"}, "soon"),
    ("timeline", {"event_date": "2020-06-01"}, {"event_date": "2024-06-20"}, "later"),
    ("place", {"state": "Bihar", "district": "Gaya"}, {"state": "बिहार", "district": "Gaya"}, "district"),
    ("place", {"state": "Bihar", "district": "Gaya"}, {"state": "Bihar", "district": "Patna"}, "state"),
    ("place", {"state": "Bihar", "district": "Gaya"}, {"state": "Jharkhand"}, "near"),
    ("place", {"state": "Bihar", "district": "Gaya"}, {"state": "Delhi"}, "route"),
    ("place", {"state": "Kerala"}, {"state": "Punjab"}, "far"),
    (
        "home",
        {"district": "Gaya", "address": "Vill. Belaganj"},
        {"address": "near Gaya station"},
        "mentioned",
    ),
    ("home", {"district": "Gaya"}, {"address": "Madurai"}, "none"),
    ("home", {"district": "Gaya"}, {}, "null"),
    ("father", {"father_name": "Ramesh Yadav"}, {"father_name": "Ramesh"}, "same"),
    ("father", {"father_name": "Ramesh Yadav"}, {"father_name": "Suresh Yadav"}, "partial"),
    ("father", {"father_name": "Ramesh Yadav"}, {"father_name": "Manoj Das"}, "different"),
    ("mother", {"mother_name": "Sunita Devi"}, {"mother_name": "Sunita"}, "same"),
    ("languages", {"languages": "Bengali;Hindi"}, {"languages": "bangla"}, "shared"),
    ("languages", {"languages": "Tamil"}, {"languages": "Hindi"}, "none_shared"),
    ("languages", {"languages": "Urdu"}, {"languages": "Hindi"}, "shared"),
    (
        "home",
        {"district": "Nashik", "address": "Vill. Hachotaganj, Dist. Nashik"},
        {"address": "Hachotaanja village"},
        "mentioned",
    ),
    ("home", {"district": "Sitapur"}, {"address": "Shivpur"}, "none"),
    (
        "height",
        {"height_cm": "120", "age_years": "8", "event_date": "2020-01-01"},
        {"height_cm": "138", "event_date": "2023-01-01"},
        "close",
    ),
    (
        "height",
        {"height_cm": "120", "age_years": "8", "event_date": "2020-01-01"},
        {"height_cm": "118", "event_date": "2023-01-01"},
        "far",
    ),
    ("complexion", {"complexion": "Fair"}, {"complexion": "fair"}, "same"),
    ("complexion", {"complexion": "fair"}, {"complexion": "wheatish"}, "adjacent"),
    ("complexion", {"complexion": "fair"}, {"complexion": "dark"}, "far"),
    (
        "marks",
        {"identification_marks": "black mole on left cheek"},
        {"identification_marks": "til left cheek"},
        "same",
    ),
    (
        "marks",
        {"identification_marks": "mole on left cheek"},
        {"identification_marks": "til on face"},
        "similar",
    ),
    (
        "marks",
        {"identification_marks": "scar on right knee"},
        {"identification_marks": "cut mark on forehead"},
        "kind",
    ),
    (
        "marks",
        {"identification_marks": "burn on hand"},
        {"identification_marks": "tattoo on arm"},
        "different",
    ),
]


@pytest.mark.parametrize("field,missing,found,expected", CASES)
def test_each_comparison_reaches_its_level(field, missing, found, expected):
    assert level(field, missing, found) == expected


def test_dedupe_timeline_is_symmetric():
    assert level("timeline", {"event_date": "2020-06-10"}, {"event_date": "2020-06-01"}, "dedupe") == "soon"
    assert level("timeline", {"event_date": "2020-06-01"}, {"event_date": "2020-06-10"}, "dedupe") == "soon"


@pytest.mark.parametrize(
    "a,b,agreement",
    [
        ("mole on left cheek", "black mole (til) left cheek", 3),
        ("mole on left cheek", "mole on right cheek", 1),
        ("burn mark on stomach", "old burn on belly", 2),
        ("", "mole on neck", -1),
    ],
)
def test_marks_agree_by_kind_part_and_side(a, b, agreement):
    assert mark_agreement(parse_marks(a), parse_marks(b)) == agreement
