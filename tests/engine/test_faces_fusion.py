"""The face in the matching model: levels, weights within the veto ceiling, and a face that can lift a
nameless child's true report but never make a girl of 4 match a boy of 15."""

import pytest

from childmatch.faces.comparison import (
    DEFAULT_M,
    DEFAULT_U,
    GAP_BANDS,
    LEVELS,
    SIMILARITY_BANDS,
    bounded_weights,
    ceiling,
    face_level,
)
from childmatch.model import Model


@pytest.mark.parametrize("similarity, years, level", [
    (None, 1.0, "null"),
    (0.80, 0.0, "strong_recent"),
    (0.55, 1.9, "strong_recent"),
    (0.45, 3.0, "moderate_years"),
    (0.35, 6.0, "weak_long"),
    (0.10, 0.5, "unlike_recent"),
    (0.90, None, "strong_long"),
    (0.90, -3.0, "strong_years"),
])
def test_a_similarity_and_a_gap_give_a_level(similarity, years, level):
    assert LEVELS[face_level(similarity, years)] == level


@pytest.mark.parametrize("mode", ["link", "dedupe"])
def test_no_face_outweighs_a_gender_mismatch_or_an_impossible_age(mode):
    model = Model.default(mode)
    gender, age = model.weight("gender", "different"), model.weight("age", "far")
    weights = bounded_weights(DEFAULT_M, DEFAULT_U, ceiling(gender, age))
    assert max(weights) < -gender and max(weights) < -age
    assert max(weights) > 0


def test_the_face_weighs_less_as_the_photos_grow_apart():
    weights = bounded_weights(DEFAULT_M, DEFAULT_U, 3.0)
    per_gap = len(SIMILARITY_BANDS)
    strongest = [weights[1 + g * per_gap] for g in range(len(GAP_BANDS))]
    against = [weights[per_gap + g * per_gap] for g in range(len(GAP_BANDS))]
    assert strongest[0] > strongest[1] > strongest[2] > 0
    assert against[0] < against[1] < against[2] < 0


def test_a_closer_likeness_never_weighs_less_at_the_same_gap():
    weights = bounded_weights(DEFAULT_M, DEFAULT_U, 3.0)
    per_gap = len(SIMILARITY_BANDS)
    for g in range(len(GAP_BANDS)):
        row = weights[1 + g * per_gap: 1 + (g + 1) * per_gap]
        assert row == sorted(row, reverse=True)
