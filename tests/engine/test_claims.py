"""A report is one child too: in a batch link, the found children that fit one report share it."""

import csv
import io

import pytest

from childmatch import Record, link
from childmatch.claims import claim_bits
from childmatch.cli import main
from childmatch.model import Model
from childmatch.profile import profile_of
from childmatch.scoring import Scored, candidates_of


def rec(rid, side, **fields):
    return Record.from_dict({"record_id": rid, "side": side, "gender": "F", "state": "Bihar", **fields})


#: Two girls called Pooja went missing in Gaya; only one of them, Ramesh Yadav's daughter, was found
#: with her father's name. Another Pooja was found with nothing but her name.
REPORTS = [
    rec(
        "M1",
        "missing",
        name="Pooja Kumari",
        age_years="9",
        event_date="2021-03-01",
        district="Gaya",
        father_name="Ramesh Yadav",
    ),
    rec(
        "M2",
        "missing",
        name="Pooja",
        age_years="9",
        event_date="2021-02-01",
        district="Gaya",
        father_name="Manoj Das",
    ),
]
HER = rec(
    "F1",
    "found",
    name="Pooja",
    age_years="10",
    event_date="2021-09-01",
    district="Patna",
    father_name="Ramesh Yadav",
)
LOOKALIKE = rec(
    "F2",
    "found",
    name="Pooja",
    age_years="11",
    event_date="2022-06-01",
    state="Delhi",
    district="North Delhi",
)


def scores(results):
    return {(r.missing_id, r.found_id): r.score for r in results}


def test_a_report_claimed_by_its_own_child_is_worth_less_to_a_look_alike():
    alone = scores(link(REPORTS, [LOOKALIKE], min_score=0.001))
    shared = scores(link(REPORTS, [HER, LOOKALIKE], min_score=0.001))
    assert shared[("M1", "F2")] < alone[("M1", "F2")] / 2
    assert shared[("M1", "F1")] > 0.9  # the child the evidence points to keeps it


def test_the_explanation_says_who_else_claims_the_report():
    results = {
        (r.missing_id, r.found_id): r.candidate for r in link(REPORTS, [HER, LOOKALIKE], min_score=0.001)
    }
    assert "claims=claimed:" in results[("M1", "F2")].explanation()

    def claim(pair):
        return next(c.weight for c in results[pair].contributions if c.field == "claims")

    assert claim(("M1", "F2")) < claim(("M1", "F1")) - 3  # the look-alike gives up far more


def test_a_child_found_twice_does_not_claim_against_itself():
    again = rec(
        "F3",
        "found",
        name="Pooja",
        age_years="10",
        event_date="2021-09-20",
        district="Patna",
        father_name="Ramesh Yadav",
    )
    once = scores(link(REPORTS, [HER], min_score=0.001))
    twice = scores(link(REPORTS, [HER, again], min_score=0.001))
    assert twice[("M1", "F1")] == once[("M1", "F1")]
    assert twice[("M1", "F3")] > 0.9


def claimed(rows, min_score=0.0):
    """Each found child's candidates after the claims, as ``{found_id: [(missing_id, score), ...]}``."""
    found = {f.record_id: profile_of(f) for f in (HER, LOOKALIKE)}
    model = Model.default("link")
    return {
        s.query_id: [(c.missing_id, c.score) for c in candidates_of(s, model, claims=c, min_score=min_score)]
        for s, c in zip(rows, claim_bits(rows, found))
    }


def test_claims_only_lower_scores_and_ranks_follow_them():
    out = claimed([Scored.of("F1", {"M1": 0.95}), Scored.of("F2", {"M1": 0.6, "M2": 0.4})])
    assert [m for m, _ in out["F2"]] == ["M2", "M1"]  # M1 went to F1; M2 is F2's best now
    assert out["F2"][0][1] == pytest.approx(0.4) and out["F2"][1][1] < 0.6
    assert out["F1"][0][1] < 0.95


def test_a_pair_that_falls_below_the_floor_is_left_out():
    out = claimed([Scored.of("F1", {"M1": 0.999}), Scored.of("F2", {"M1": 0.02})], min_score=0.01)
    assert out["F2"] == []


def test_explain_gives_the_claimed_pair_the_score_link_gave_it(tmp_path):
    columns = list(REPORTS[0].to_dict())
    for name, records in (("m.csv", REPORTS), ("f.csv", [HER, LOOKALIKE])):
        with open(tmp_path / name, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=columns)
            w.writeheader()
            w.writerows(r.to_dict() for r in records)
    out = io.StringIO()
    args = [str(tmp_path / "m.csv"), str(tmp_path / "f.csv")]
    assert main(["link", *args, "--out", str(tmp_path / "out.csv")], out=out, err=io.StringIO()) == 0
    linked = {
        (r["missing_id"], r["found_id"]): r["score"] for r in csv.DictReader(open(tmp_path / "out.csv"))
    }
    assert main(["explain", *args, "--missing-id", "M1", "--found-id", "F2"], out=out, err=io.StringIO()) == 0
    assert f"match probability {float(linked[('M1', 'F2')]):.4f}" in out.getvalue()
    assert "\nclaims " in out.getvalue()
