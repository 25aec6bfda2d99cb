"""The face in the matching model: levels, weights within the veto ceiling, and a face that can lift a
nameless child's true report but never make a girl of 4 match a boy of 15."""

import logging

import numpy as np
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


@pytest.mark.parametrize(
    "similarity, years, level",
    [
        (None, 1.0, "null"),
        (0.80, 0.0, "strong_recent"),
        (0.55, 1.9, "strong_recent"),
        (0.45, 3.0, "moderate_years"),
        (0.35, 6.0, "weak_long"),
        (0.10, 0.5, "unlike_recent"),
        (0.90, None, "strong_long"),
        (0.90, -3.0, "strong_years"),
        (-1.0, 1.0, "unlike_recent"),
        (float("nan"), 1.0, "null"),
    ],
)
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
        row = weights[1 + g * per_gap : 1 + (g + 1) * per_gap]
        assert row == sorted(row, reverse=True)


# ---- fused in the engine ----------------------------------------------------------------------------------
def girl_of_4_and_boy_of_15():
    from childmatch import Record

    missing = Record.from_dict(
        {
            "record_id": "M1",
            "side": "missing",
            "gender": "F",
            "age_years": "4",
            "event_date": "2024-03-01",
            "state": "Bihar",
            "district": "Patna",
        }
    )
    found = Record.from_dict(
        {
            "record_id": "F1",
            "side": "found",
            "name": "Unknown",
            "gender": "M",
            "age_years": "15",
            "event_date": "2024-06-01",
            "state": "Bihar",
            "district": "Patna",
        }
    )
    return missing, found


def test_an_identical_face_cannot_make_a_girl_of_4_match_a_boy_of_15():
    from childmatch import score_records

    missing, found = girl_of_4_and_boy_of_15()
    fused = score_records(missing, found, face_similarity=0.99)
    face = next(c for c in fused.contributions if c.field == "face")
    assert face.level == "strong_recent" and face.weight > 0
    assert fused.band == "low"
    for veto in ("gender", "age"):
        penalty = next(c for c in fused.contributions if c.field == veto)
        assert penalty.weight + face.weight < 0


def test_a_face_lifts_a_nameless_childs_true_report_to_the_top():
    from childmatch import MatchIndex, Record

    rng = np.random.default_rng(2)
    index = MatchIndex()
    faces = rng.standard_normal((40, 128)).astype(np.float32)
    faces /= np.linalg.norm(faces, axis=1, keepdims=True)
    for i in range(40):
        index.add(
            Record.from_dict(
                {
                    "record_id": f"M{i}",
                    "side": "missing",
                    "name": f"Child {i}",
                    "gender": "F",
                    "age_years": "9",
                    "event_date": "2023-01-10",
                    "state": "Bihar",
                    "district": "Patna",
                }
            )
        )
        index.add_face(f"M{i}", faces[i])
    found = Record.from_dict(
        {
            "record_id": "F1",
            "side": "found",
            "name": "Baby Girl",
            "gender": "F",
            "age_years": "10",
            "event_date": "2023-08-01",
            "state": "Bihar",
            "district": "Gaya",
        }
    )
    without = index.candidates(found, limit=40)
    second_photo = 3.0 * (faces[17] + 0.06 * rng.standard_normal(128).astype(np.float32))  # not unit length
    with_face = index.candidates(found, limit=40, face=second_photo)
    assert with_face[0].other_id == "M17"
    assert not without or without[0].score < with_face[0].score
    assert "face=strong_recent:+" in with_face[0].explanation()


def test_nothing_of_a_face_reaches_an_explanation_or_a_log(caplog):
    from childmatch import MatchIndex, Record

    caplog.set_level(logging.DEBUG)
    rng = np.random.default_rng(3)
    face = rng.standard_normal(128).astype(np.float32)
    face /= np.linalg.norm(face)
    index = MatchIndex()
    index.add(
        Record.from_dict(
            {
                "record_id": "M1",
                "side": "missing",
                "gender": "M",
                "age_years": "7",
                "event_date": "2022-05-01",
                "state": "Assam",
            }
        )
    )
    index.add_face("M1", face)
    found = Record.from_dict(
        {
            "record_id": "F1",
            "side": "found",
            "gender": "M",
            "age_years": "7",
            "event_date": "2022-09-01",
            "state": "Assam",
        }
    )
    (candidate,) = index.candidates(found, face=face)
    shown = repr(candidate) + candidate.explanation()
    face_part = [c for c in candidate.contributions if c.field == "face"]
    assert len(face_part) == 1 and face_part[0].level == "strong_recent"
    for value in face[:16]:
        assert f"{value:.3f}"[1:] not in shown.replace(f"{face_part[0].weight}", "")
    assert not [r for r in caplog.records if r.name.startswith("childmatch")]


def test_a_record_keeps_its_face_when_changed_and_loses_it_when_removed():
    from childmatch import MatchIndex, Record

    index = MatchIndex()
    record = Record.from_dict({"record_id": "M1", "side": "missing", "name": "Ravi", "gender": "M"})
    index.add(record)
    index.add_face("M1", np.ones(128, np.float32))
    index.update(
        Record.from_dict({"record_id": "M1", "side": "missing", "name": "Ravi Kumar", "gender": "M"})
    )
    assert "M1" in index.faces["missing"]
    index.remove("M1")
    assert "M1" not in index.faces["missing"]


def test_a_saved_model_keeps_its_face_parameters():
    model = Model.default("link")
    again = Model.from_json(model.to_json())
    assert list(again.face[0] + again.face[1]) == pytest.approx(list(model.face[0] + model.face[1]))
    assert again.weight("face", "strong_recent") == pytest.approx(model.weight("face", "strong_recent"))
