"""The Fellegi-Sunter model: weights, term frequencies, serialisation, EM and calibration."""

import math

import numpy as np
import pytest

from childmatch.compare import COMPARISONS, NAME
from childmatch.model import Model, expectation_maximisation, level_frequencies, platt, with_labels


def test_the_shipped_model_weighs_agreement_for_and_disagreement_against():
    model = Model.default("link")
    assert model.weight("name", "exact") > 5
    assert model.weight("gender", "different") < -3
    assert model.weight("timeline", "before") < -3
    assert model.weight("name", "pet") < model.weight("name", "exact")


def test_it_round_trips_through_json():
    model = Model.default("dedupe")
    again = Model.from_json(model.to_json())
    assert np.allclose(again.weights(), model.weights())
    assert again.prior == pytest.approx(model.prior)


@pytest.mark.parametrize("token,more_or_less", [("rare", 1), ("common", -1)])
def test_it_weighs_a_rare_name_more_than_a_common_one(token, more_or_less):
    model = Model.default("link")
    model = Model(model.mode, model.m, model.u, model.prior, {"rare": 1e-5, "common": 0.05})
    assert math.copysign(1, model.tf_adjustment(1, token)) == more_or_less


def _synthetic_pairs(n, share, rng):
    """Levels for pairs drawn from known m and u."""
    truth = Model.default("link")
    y = rng.random(n) < share
    levels = np.zeros((n, len(COMPARISONS)), dtype=np.int64)
    for c, comp in enumerate(COMPARISONS):
        k = len(comp.levels) - 1
        levels[y, c] = rng.choice(
            np.arange(1, k + 1), size=y.sum(), p=np.array(truth.m[c][1:]) / sum(truth.m[c][1:])
        )
        levels[~y, c] = rng.choice(
            np.arange(1, k + 1), size=(~y).sum(), p=np.array(truth.u[c][1:]) / sum(truth.u[c][1:])
        )
    return truth, levels, y


def test_em_recovers_m_and_the_prior_when_comparisons_are_independent():
    rng = np.random.default_rng(1)
    truth, levels, y = _synthetic_pairs(40_000, 0.1, rng)
    flat = tuple(tuple([0.0] + [1.0 / (len(r) - 1)] * (len(r) - 1)) for r in truth.m)
    m, prior = expectation_maximisation(levels, truth.u, 0.3, flat, iterations=200)
    assert prior == pytest.approx(0.1, abs=0.01)
    assert m[NAME][1] == pytest.approx(truth.m[NAME][1], abs=0.03)


def test_probabilities_are_calibrated_when_the_model_is_right():
    rng = np.random.default_rng(2)
    truth, levels, y = _synthetic_pairs(60_000, 0.05, rng)
    model = Model(truth.mode, truth.m, truth.u, 0.05)
    p = model.probability(model.total_bits(levels))
    for lo, hi in ((0.0, 0.1), (0.1, 0.5), (0.5, 0.9), (0.9, 1.0)):
        sel = (p >= lo) & (p < hi)
        if sel.sum() > 200:
            assert abs(y[sel].mean() - p[sel].mean()) < 0.05, (lo, hi)


def test_platt_calibration_corrects_an_overconfident_score():
    rng = np.random.default_rng(3)
    bits = rng.normal(0, 6, 20_000)
    true_p = 1 / (1 + np.exp2(-(0.5 * bits - 1)))
    labels = rng.random(len(bits)) < true_p
    a, b = platt(bits, labels)
    assert a == pytest.approx(0.5, abs=0.05)
    assert b == pytest.approx(-1, abs=0.15)


def test_labelled_pairs_move_m_towards_officers_decisions_and_calibrate():
    rng = np.random.default_rng(4)
    truth, levels, y = _synthetic_pairs(5_000, 0.2, rng)
    start = Model(truth.mode, level_frequencies(levels), truth.u, 0.2)
    refined = with_labels(start, levels, np.zeros(len(y)), y)
    assert abs(refined.m[NAME][1] - truth.m[NAME][1]) < abs(start.m[NAME][1] - truth.m[NAME][1])
    p = refined.probability(refined.total_bits(levels))
    assert abs(p.mean() - y.mean()) < 0.03
