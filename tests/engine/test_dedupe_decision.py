"""A likely duplicate needs the child's name and more: siblings and namesakes are not one child twice."""

import random

import pytest

from childmatch import MatchIndex, Model, Record, fit
from childmatch.compare import compare_pair
from childmatch.profile import profile_of
from childmatch.scoring import could_be_duplicate, score_records


def report(rid, name, *, age="9", district="Gaya", father="Ramesh Yadav", mother="Sunita Devi", **more):
    return Record.from_dict(
        {
            "record_id": rid,
            "side": "missing",
            "name": name,
            "gender": "F",
            "age_years": age,
            "event_date": "2021-03-01",
            "state": "Bihar",
            "district": district,
            "father_name": father,
            "mother_name": mother,
            **more,
        }
    )


CHILD = report("M1", "Pooja Kumari", place="Gaya Junction")
#: (case, second record, suggested as a duplicate)
CASES = [
    (
        "a re-entry: same name, parents, age and place",
        report("M2", "Pooja Kumari", place="Gaya Junction"),
        True,
    ),
    ("a re-entry under a pet name", report("M2", "Pinki", alias="Pooja", place="Gaya Junction"), True),
    (
        "another girl sharing only the mother's name",
        report("M2", "Rekha", age="13", district="Patna", father="Manoj Das"),
        False,
    ),
    ("a sister: same parents and district, another name", report("M2", "Anjali Kumari", age="7"), False),
    (
        "another Pooja: only the popular first name",
        report("M2", "Pooja", age="12", district="Patna", father="Manoj Das", mother="Geeta Devi"),
        False,
    ),
]


@pytest.mark.parametrize("model", [Model.default("dedupe")], ids=["shipped"])
@pytest.mark.parametrize("case,other,expected", CASES, ids=[c[0] for c in CASES])
def test_it_suggests_a_duplicate_only_for_the_same_child(model, case, other, expected):
    index = MatchIndex(dedupe_model=model)
    index.add(other)
    found = index.duplicates(CHILD, min_score=0.5)
    assert [c.other_id for c in found] == (["M2"] if expected else []), score_records(
        CHILD, other
    ).explanation()


@pytest.mark.parametrize("case,other,expected", CASES, ids=[c[0] for c in CASES])
def test_it_asks_for_the_name_and_two_identifying_fields(case, other, expected):
    levels, _token = compare_pair(profile_of(CHILD), profile_of(other), "dedupe")
    assert could_be_duplicate(levels) == expected


def test_the_fitted_dedupe_prior_is_per_random_pair_like_u():
    # 300 different children of a few districts and common names, and 15 entered twice.
    rng = random.Random(3)
    names = ["Pooja", "Sunita", "Rekha", "Anjali", "Priya", "Neha", "Kajal", "Rani"]
    children = [
        report(
            f"M{i}",
            f"{rng.choice(names)} {rng.choice(['Kumari', 'Devi', ''])}".strip(),
            age=str(rng.randint(4, 16)),
            district=rng.choice(["Gaya", "Patna", "Siwan"]),
            father=f"{rng.choice(['Ramesh', 'Manoj', 'Anil', 'Vijay'])} {rng.choice(['Yadav', 'Das', 'Ram'])}",
            mother=f"{rng.choice(['Sunita', 'Geeta', 'Meena'])} Devi",
        )
        for i in range(300)
    ]
    again = [Record.from_dict({**c.to_dict(), "record_id": f"D{c.record_id}"}) for c in children[:15]]
    model = fit(children + again, u_samples=20_000)
    # Among shortlisted look-alikes duplicates are a few in a hundred; among random pairs, at most one
    # record in the others is a child's second entry.
    assert model.prior <= 1 / (len(children) + len(again) - 1)
