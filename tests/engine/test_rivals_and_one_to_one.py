"""A found child is one child: its candidates compete for it, and the prior comes from that constraint."""

import math

import numpy as np
import pytest

from childmatch import MatchIndex, Record
from childmatch.batch import _prior_one_to_one, _state_name_frequencies
from childmatch.model import Model, platt_with_rivals
from childmatch.profile import profile_of
from childmatch.scoring import rival_bits


def rec(rid, side, **fields):
    return Record.from_dict({"record_id": rid, "side": side, **fields})


def report(rid, name, district, father, when="2021-03-01"):
    return rec(
        rid,
        "missing",
        name=name,
        gender="F",
        age_years="9",
        event_date=when,
        state="Bihar",
        district=district,
        father_name=father,
    )


#: Five different girls called Pooja, reported in different years, districts and families.
POOJAS = [
    report(f"M{i}", "Pooja", d, f, w)
    for i, (d, f, w) in enumerate(
        [
            ("Gaya", "Ramesh Yadav", "2021-03-01"),
            ("Patna", "Manoj Das", "2020-06-01"),
            ("Siwan", "Anil Singh", "2021-01-10"),
            ("Purnia", "Sanjay Ram", "2020-11-20"),
            ("Darbhanga", "Vijay Sah", "2020-09-05"),
        ]
    )
]
STRANGERS = [
    report("M1", "Sunita Das", "Patna", "Manoj Das", "2019-01-01"),
    report("M2", "Rekha Yadav", "Siwan", "Vijay Yadav", "2016-07-01"),
    report("M3", "Anjali Singh", "Gaya", "Suresh Singh", "2013-03-01"),
]


def _mu(mode):
    shipped = Model.default(mode)
    return shipped.m, shipped.u


FOUND = rec("F1", "found", name="Pooja", gender="F", age_years="9", event_date="2021-04-01", state="Delhi")


@pytest.mark.parametrize(
    "bits,expected",
    [
        ([5.0], [0.0]),  # alone: nothing to lose
        ([5.0, 5.0], [-math.log2(1 + 32)] * 2),  # two equal candidates: each loses the other's odds
        ([10.0, 0.0], [-math.log2(2), -math.log2(1 + 1024)]),
    ],
)
def test_each_candidate_loses_the_odds_of_the_others(bits, expected):
    others = [profile_of(r) for r in STRANGERS[: len(bits)]]
    assert np.allclose(rival_bits(np.array(bits), others, Model.default("dedupe")), expected)


def test_a_duplicate_report_of_the_same_child_is_not_a_rival():
    twins = [
        report("M1", "Pooja Kumari", "Gaya", "Ramesh Yadav"),
        report("M2", "Pooja Kumari", "Gaya", "Ramesh"),
    ]
    other = STRANGERS[2]
    bits = rival_bits(
        np.array([6.0, 6.0, 6.0]), [profile_of(r) for r in twins + [other]], Model.default("dedupe")
    )
    assert bits[0] == pytest.approx(-math.log2(1 + 64))  # only M3 competes with M1
    assert bits[2] == pytest.approx(-math.log2(1 + 128))  # M1 and M2 both compete with M3


def test_five_equal_look_alikes_share_the_probability_and_the_explanation_says_so():
    # Name frequencies as fit() estimates them: "Pooja" is common, so five of them are not one child.
    dedupe_model = Model("dedupe", *_mu("dedupe"), 0.001, {"puj": 0.05})
    index = MatchIndex(dedupe_model=dedupe_model)
    for r in POOJAS:
        index.add(r)
    alone = MatchIndex(dedupe_model=dedupe_model)
    alone.add(POOJAS[0])
    shared = index.candidates(FOUND)
    single = alone.candidates(FOUND)[0]
    assert len(shared) == 5
    assert all(c.score < single.score for c in shared)
    others = [c for c in shared[0].contributions if c.field == "others"]
    assert others and others[0].level == "rivals" and others[0].weight < 0
    assert "4 other reports" in others[0].description
    assert [c for c in single.contributions if c.field == "others"][0].level == "alone"


def test_the_one_to_one_prior_recovers_the_share_of_found_children_with_a_report():
    # 1,000 queries, each with 20 scored pairs; 600 of them contain their report (+10 bits), the rest none.
    rng = np.random.default_rng(3)
    n_queries, n_records = 1000, 5000
    base = rng.normal(-2.0, 1.0, size=(n_queries, 20))
    base[:600, 0] += 12.0 + np.log2(n_records)
    group = np.repeat(np.arange(n_queries), 20)
    prior = _prior_one_to_one(base.ravel(), group, n_queries, n_records)
    pi = prior * n_records / (1 + prior * n_records)
    assert pi == pytest.approx(0.6, abs=0.03)


def test_names_common_in_a_state_are_weighed_by_their_frequency_there():
    people = [profile_of(report(f"M{i}", "Pooja", "Gaya", "")) for i in range(10)]
    people += [
        profile_of(
            rec(
                f"K{i}",
                "missing",
                name="Anu" + "bcdfghjklmnprstvwxyz"[i % 20] + "aeiou"[i // 20],
                state="Kerala",
            )
        )
        for i in range(90)
    ]
    freq = _state_name_frequencies(people)
    assert freq["BR:puj"] == 1.0
    assert "KL:puj" not in freq
    model = Model("link", Model.default("link").m, Model.default("link").u, 0.01, {"puj": 0.01, **freq})
    assert model.tf_adjustment(1, "BR:puj") < model.tf_adjustment(1, "puj")
    assert model.tf_adjustment(1, "KL:puj") == model.tf_adjustment(1, "puj")  # none there: national


def test_two_spellings_are_weighed_by_the_commoner():
    model = Model("link", Model.default("link").m, Model.default("link").u, 0.01, {"kavya": 0.02})
    assert model.tf_adjustment(1, "kwaya|kavya") == model.tf_adjustment(1, "kavya")
    assert model.tf_adjustment(1, "kwaya") > model.tf_adjustment(1, "kwaya|kavya")


def test_a_query_reads_the_rarest_postings_first_within_its_budget():
    index = MatchIndex(read_budget=3)
    for r in POOJAS:
        index.add(r)
    index.add(report("M9", "Tanushree", "Gaya", ""))
    found = rec("F2", "found", name="Tanushree Pooja", gender="F", age_years="9", event_date="2021-04-01")
    ids = [c.other_id for c in index.candidates(found)]
    assert ids == ["M9"]  # "Pooja" (5 records) would overspend the budget after "Tanushree" (1)


def test_labels_fit_how_much_the_rivals_count():
    # Simulated decisions where the rivals' share matters half as much as the engine assumes.
    rng = np.random.default_rng(4)
    bits = rng.normal(0, 4, 20_000)
    rivals = -rng.exponential(3, 20_000)
    truth = 1 / (1 + np.exp2(-(0.8 * (bits + 0.5 * rivals) - 1.0)))
    labels = rng.random(20_000) < truth
    (a, b), weight = platt_with_rivals(bits, rivals, labels)
    assert a == pytest.approx(0.8, abs=0.05)
    assert b == pytest.approx(-1.0, abs=0.15)
    assert weight == pytest.approx(0.5, abs=0.08)
    model = Model("link", *_mu("link"), 0.01, rival_weight=weight)
    assert Model.from_json(model.to_json()).rival_weight == pytest.approx(weight)
